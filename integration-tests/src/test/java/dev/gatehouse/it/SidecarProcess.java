package dev.gatehouse.it;

import dev.gatehouse.sidecar.auth.DevKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real sidecar in a child JVM, started the way an operator starts it ({@code Main serve
 * --config FILE --port P}) with a configuration file written here: a development key's public
 * JWKS, one H2 datasource and an allow-everything policy. Tests can kill it (SIGKILL) or stop it
 * (SIGTERM) under a running query, which an in-process sidecar cannot show.
 *
 * <p>Always close it: {@link #close} kills the child if it still runs.
 */
final class SidecarProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("gatehouse ready on [^ ]+:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Children still running, killed when this JVM exits even if a test never closed them. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> LIVE.forEach(Process::destroyForcibly), "kill-sidecar-children"));
  }

  private final Process process;
  private final Path stdoutFile;
  private final Path stderrFile;
  private int port = -1;

  private SidecarProcess(Process process, Path stdoutFile, Path stderrFile) {
    this.process = process;
    this.stdoutFile = stdoutFile;
    this.stderrFile = stderrFile;
  }

  /** A configuration directory: the key, its public JWKS and a YAML file for one datasource. */
  static final class Config {
    final Path dir;
    final Path file;
    final DevKeys keys = DevKeys.generate();

    Config(Path dir, String datasource, String jdbcUrl) throws IOException {
      this(dir, datasource, jdbcUrl, "sa");
    }

    Config(Path dir, String datasource, String jdbcUrl, String username) throws IOException {
      this.dir = dir;
      this.file = dir.resolve("gatehouse.yaml");
      keys.writePublicJwks(dir.resolve("jwks.json"));
      Files.writeString(file, String.join("\n",
          "listen: { address: 127.0.0.1:0 }",
          "identity:",
          "  issuers:",
          "    - issuer: " + DevKeys.DEFAULT_ISSUER,
          "      audiences: [" + DevKeys.DEFAULT_AUDIENCE + "]",
          "      jwks_file: jwks.json",
          "datasources:",
          "  " + datasource + ":",
          "    url: \"" + jdbcUrl + "\"",
          "    username: " + username,
          "audit: { path: audit/gatehouse.jsonl, durability: write }",
          "policy: { default: allow }",
          ""));
    }

    String token(String subject) {
      return keys.token(subject).ttl(Duration.ofMinutes(10)).mint();
    }
  }

  /**
   * Starts {@code java JVM_ARGS -cp <this JVM's class path> Main serve --config FILE --port P}
   * and waits for its {@code gatehouse ready} line.
   *
   * @param port 0 for a free one (read back from the ready line)
   */
  static SidecarProcess start(Config config, int port, String... jvmArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.gatehouse.sidecar.cli.Main");
    command.addAll(List.of("serve", "--config", config.file.toString(), "--port",
        String.valueOf(port)));
    // The child's output goes to files, not pipes: nothing can block the child on a full pipe,
    // nothing is lost when it dies, and the files stay for a failure's post-mortem.
    Path out = config.dir.resolve("sidecar-" + System.nanoTime() + ".out");
    Path err = config.dir.resolve(out.getFileName().toString().replace(".out", ".err"));
    ProcessBuilder pb = new ProcessBuilder(command).directory(config.dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    SidecarProcess child = new SidecarProcess(pb.start(), out, err);
    LIVE.add(child.process);
    try {
      child.awaitReady();
    } catch (InterruptedException e) {
      child.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the sidecar started", e);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  private void awaitReady() throws InterruptedException {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      Matcher m = READY.matcher(stdout());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the sidecar exited with " + process.exitValue()
            + " before it was ready" + output());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the sidecar did not print 'gatehouse ready' within "
        + START_TIMEOUT + output());
  }

  int port() {
    if (port < 0) {
      throw new IllegalStateException("the sidecar never became ready" + output());
    }
    return port;
  }

  Process process() {
    return process;
  }

  String jdbcUrl(String datasource) {
    return "jdbc:gatehouse://127.0.0.1:" + port() + "/" + datasource;
  }

  Connection connect(Config config, String datasource, String subject) throws SQLException {
    Properties p = new Properties();
    p.setProperty("token", config.token(subject));
    return DriverManager.getConnection(jdbcUrl(datasource), p);
  }

  String stdout() {
    return read(stdoutFile);
  }

  String stderr() {
    return read(stderrFile);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "[cannot read " + file + ": " + e + "]";
    }
  }

  /** Both streams, for failure messages. */
  String output() {
    return "\n--- sidecar stdout ---\n" + stdout() + "--- sidecar stderr ---\n" + stderr();
  }

  /** SIGKILL, and waits until the child is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the killed sidecar is still running");
    }
  }

  /**
   * SIGTERM, then waits for the child to exit.
   *
   * @return its exit code
   */
  int terminate(Duration patience) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the sidecar did not exit within " + patience
          + " of SIGTERM" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    LIVE.remove(process);
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
