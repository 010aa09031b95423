package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.auth.TokenVerifier;
import dev.gatehouse.sidecar.config.AdminConfig;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigLoader;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.server.GatehouseServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve [--config FILE]}: runs the sidecar, or the bundled demo without a config. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the sidecar. Without --config it serves the bundled demo: an in-memory H2 shop"
          + " database, the example policy and a development signing key."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "the sidecar configuration (YAML)")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "override the TCP port to listen on (0 picks a free one)")
  Integer port;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    GatehouseConfig cfg;
    TokenVerifier verifier;
    DemoEnvironment demo = null;
    if (config == null) {
      demo = DemoEnvironment.create(port, port == null ? AdminConfig.DEFAULT_PORT : 0);
      cfg = demo.config();
      verifier = demo.verifier();
    } else {
      try {
        cfg = new ConfigLoader().load(config);
      } catch (ConfigException e) {
        err.println(e.getMessage());
        err.println("gatehouse: configuration has problems; not starting");
        return 1;
      }
      for (ConfigProblem w : cfg.warnings()) {
        err.println("warning: " + w);
      }
      if (port != null) {
        cfg = DemoEnvironment.withPort(cfg, port);
      }
      verifier = new TokenVerifier(cfg.identity());
    }
    GatehouseServer server;
    try {
      server = GatehouseServer.start(cfg, verifier);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.println("gatehouse: the policy has problems; not starting");
      return 1;
    }
    Signals.onHangup(() -> server.reloadPolicy("SIGHUP"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  err.println("gatehouse: shutting down");
                  server.close();
                  stopped.countDown();
                },
                "gatehouse-shutdown"));
    if (demo != null) {
      demo.printWelcome(out, server);
    }
    out.println(
        "gatehouse ready on "
            + cfg.listen().host()
            + ":"
            + server.port()
            + (server.socket() == null ? "" : " and unix:" + server.socket())
            + " serving "
            + String.join(", ", server.datasources()));
    out.flush();
    server.awaitTermination();
    stopped.await();
    return 0;
  }
}
