package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.auth.DevKeys;
import dev.gatehouse.sidecar.auth.TokenVerifier;
import dev.gatehouse.sidecar.config.AdminConfig;
import dev.gatehouse.sidecar.config.ApprovalsConfig;
import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.ListenConfig;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.server.GatehouseServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The bundled demo (SPEC §3 {@code serve} without {@code --config}): an in-memory H2 shop
 * database, the example policy and a development signing key generated at start, so the
 * quickstart works with no identity provider and no database.
 */
final class DemoEnvironment {
  static final String DATASOURCE = "demo";
  /** Demo tokens live an hour, so a newcomer can copy one into a tool without hurrying. */
  static final Duration TOKEN_TTL = Duration.ofHours(1);

  private final GatehouseConfig config;
  private final DevKeys keys;
  private final Path workDir;

  private DemoEnvironment(GatehouseConfig config, DevKeys keys, Path workDir) {
    this.config = config;
    this.keys = keys;
    this.workDir = workDir;
  }

  /**
   * Builds the demo: a fresh signing key (its private half written to a temporary folder so
   * the {@code token} command can mint more tokens) and a private in-memory database.
   *
   * @param port TCP port, {@code null} for the default
   * @param adminPort the reviewers' admin port (0 for a free one)
   */
  static DemoEnvironment create(Integer port, int adminPort) throws IOException {
    Path dir = Files.createTempDirectory("gatehouse-demo-");
    Path policy = dir.resolve("policy.yaml");
    try (var in = DemoEnvironment.class.getResourceAsStream(
        "/dev/gatehouse/sidecar/demo/policy.yaml")) {
      Files.copy(in, policy);
    }
    DevKeys keys = DevKeys.generate();
    keys.writePrivateJwks(dir.resolve("demo-key.jwks"));
    IdentityConfig identity =
        new IdentityConfig(
            List.of(keys.issuerConfig(null)), TOKEN_TTL, IdentityConfig.DEFAULT_CLOCK_SKEW);
    DatasourceConfig demo =
        new DatasourceConfig(
            DATASOURCE,
            "jdbc:h2:mem:gatehouse-demo-" + Long.toHexString(System.nanoTime())
                + ";DB_CLOSE_DELAY=-1",
            "sa",
            null,
            "PUBLIC",
            DatasourceConfig.Dialect.H2,
            DatasourceConfig.PoolConfig.DEFAULT,
            List.of("classpath:dev/gatehouse/sidecar/demo/seed.sql"),
            Map.of());
    AuditConfig audit =
        new AuditConfig(
            dir.resolve("audit.jsonl"), AuditConfig.Durability.WRITE, true, 20,
            AuditConfig.DEFAULT_MAX_FILE_BYTES, false);
    GatehouseConfig config =
        new GatehouseConfig(
            null,
            ListenConfig.loopback(port == null ? ListenConfig.DEFAULT_PORT : port),
            new AdminConfig("127.0.0.1", adminPort),
            identity,
            Map.of(DATASOURCE, demo),
            audit,
            new ApprovalsConfig(Duration.ofMinutes(5), null),
            new PolicySource(List.of(policy), null));
    return new DemoEnvironment(config, keys, dir);
  }

  GatehouseConfig config() {
    return config;
  }

  TokenVerifier verifier() {
    return TokenVerifier.withKeys(
        config.identity(), Map.of(DevKeys.DEFAULT_ISSUER, keys.publicJwkSet()), Clock.systemUTC());
  }

  /** A token for the demo agent: group agents, tenant 1. */
  String agentToken() {
    return keys.token("demo-agent").groups("agents").claim("tenant", 1).ttl(TOKEN_TTL).mint();
  }

  /** A token for a reviewer: group managers, who approve deletes. */
  String managerToken() {
    return keys.token("manager-mia").groups("managers").ttl(TOKEN_TTL).mint();
  }

  void printWelcome(PrintStream out, GatehouseServer server) {
    String url = "jdbc:gatehouse://127.0.0.1:" + server.port() + "/" + DATASOURCE;
    out.println("Gatehouse demo: an in-memory H2 shop database behind the example policy.");
    out.println();
    out.println("  JDBC URL : " + url);
    out.println("  token    : " + agentToken());
    out.println("             (subject demo-agent, group agents, tenant 1; valid "
        + TOKEN_TTL.toMinutes() + " minutes)");
    out.println();
    out.println("Connect with any JDBC tool: put driver/target/gatehouse-driver.jar on its");
    out.println("classpath, use the URL above and give the token as the 'token' property");
    out.println("(or as the password). More tokens, for other principals:");
    out.println("  java -jar sidecar/target/gatehouse-sidecar.jar token --key "
        + workDir.resolve("demo-key.jwks") + " --subject alice --groups agents --claim tenant=2 --ttl 1h");
    String admin = "127.0.0.1:" + server.adminPort();
    out.println("Approvals: statements the policy holds for a manager wait until one decides:");
    out.println("  java -jar sidecar/target/gatehouse-sidecar.jar approvals --admin " + admin
        + " --token " + managerToken() + " list");
    out.println("Policy   : " + config.policy().files().get(0) + " (reloaded when it changes)");
    out.println("Audit log: " + config.audit().path());
    out.println();
  }

  static GatehouseConfig withPort(GatehouseConfig c, int port) {
    ListenConfig l = new ListenConfig(c.listen().host(), port, c.listen().socket());
    return new GatehouseConfig(
        c.source(), l, c.admin(), c.identity(), c.datasources(), c.audit(), c.approvals(),
        c.policy(), c.warnings());
  }
}
