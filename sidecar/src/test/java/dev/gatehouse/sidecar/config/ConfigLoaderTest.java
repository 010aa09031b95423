package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of("ORDERS_DB_PASSWORD", "env-SECRET-orders", "DB_HOST", "db.internal");

  private static final String MINIMAL =
      "identity:\n"
          + "  issuers:\n"
          + "    - issuer: https://idp.example.com/\n"
          + "      audiences: [gatehouse]\n"
          + "datasources:\n"
          + "  orders:\n"
          + "    url: jdbc:h2:mem:orders\n"
          + "policy: { files: [policy.yaml] }\n";

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(ENVIRONMENT::get);

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
  }

  /** Writes {@code yaml} as gatehouse.yaml beside a policy.yaml in a fresh folder; loads it. */
  private GatehouseConfig load(String yaml) throws IOException, ConfigException {
    return loader.load(write(yaml));
  }

  private Path write(String yaml) throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), "default: deny\n");
    return Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
  }

  private String problemsOf(String yaml) throws IOException {
    Path file = write(yaml);
    return assertThrows(ConfigException.class, () -> loader.load(file))
        .getMessage()
        .replace(file + ":", "");
  }

  @Test
  void loadsTheFullExample() throws Exception {
    Path file = fixture("valid/gatehouse.yaml");
    Path folder = file.getParent();

    GatehouseConfig config = loader.load(file);

    assertEquals(file, config.source());
    assertEquals(
        new ListenConfig("::1", 7433, folder.resolve("run/gatehouse.sock")), config.listen());
    assertEquals(new AdminConfig("127.0.0.1", 7434), config.admin());
    assertEquals(Duration.ofMinutes(10), config.identity().maxTokenAge());
    assertEquals(Duration.ZERO, config.identity().clockSkew());
    assertEquals(
        List.of(
            new IssuerConfig(
                "https://idp.example.com/",
                List.of("gatehouse"),
                URI.create("https://idp.example.com/.well-known/jwks.json"),
                null,
                "realm_access.roles",
                IssuerConfig.DEFAULT_ALGORITHMS),
            new IssuerConfig(
                "https://dev.example.com",
                List.of("gatehouse", "gatehouse-dev"),
                null,
                folder.resolve("keys/jwks.json"),
                "groups",
                List.of("ES256", "RS256")),
            new IssuerConfig(
                "https://discovered.example.com/",
                List.of("gatehouse"),
                null,
                null,
                "groups",
                IssuerConfig.DEFAULT_ALGORITHMS)),
        config.identity().issuers());
    assertEquals(
        new AuditConfig(
            folder.resolve("logs/audit.jsonl"), Durability.WRITE, false, 10, 1L << 30, true),
        config.audit());
    assertEquals(Duration.ofSeconds(90), config.approvals().timeout());
    assertEquals(
        URI.create("https://hooks.example.com/services/T0/B0/hook-SECRET"),
        config.approvals().webhook());
    assertEquals(new PolicySource(List.of(folder.resolve("policy.yaml")), null), config.policy());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void loadsTheFullExampleDatasources() throws Exception {
    Path folder = fixture("valid");

    GatehouseConfig config = loader.load(folder.resolve("gatehouse.yaml"));

    DatasourceConfig orders = config.datasources().get("orders");
    assertEquals("jdbc:postgresql://127.0.0.1:5432/orders", orders.url());
    assertEquals("app", orders.username());
    assertEquals("env-SECRET-orders", orders.password().reveal());
    assertEquals("public", orders.defaultSchema());
    assertEquals(Dialect.POSTGRESQL, orders.dialect());
    assertEquals(new DatasourceConfig.PoolConfig(8, Duration.ofSeconds(2)), orders.pool());
    assertEquals(
        Map.of("sslmode", "require", "sslpassword", "ssl-SECRET-from-file"), orders.properties());
    DatasourceConfig demo = config.datasources().get("demo.h2");
    assertEquals(Dialect.H2, demo.dialect());
    assertNull(demo.password());
    assertEquals(List.of(folder.resolve("sql/seed.sql").toString()), demo.initScripts());
    assertEquals(DatasourceConfig.PoolConfig.DEFAULT, demo.pool());
  }

  @Test
  void appliesDefaultsForEverythingOptional() throws Exception {
    GatehouseConfig config = load(MINIMAL);

    assertEquals(ListenConfig.loopback(7433), config.listen());
    assertNull(config.admin());
    assertEquals(IdentityConfig.DEFAULT_MAX_TOKEN_AGE, config.identity().maxTokenAge());
    assertEquals(IdentityConfig.DEFAULT_CLOCK_SKEW, config.identity().clockSkew());
    IssuerConfig issuer = config.identity().issuers().get(0);
    assertEquals("groups", issuer.groupsClaim());
    assertEquals(IssuerConfig.DEFAULT_ALGORITHMS, issuer.algorithms());
    assertNull(issuer.jwksUri());
    assertNull(issuer.jwksFile());
    assertEquals(
        new AuditConfig(
            dir.resolve("audit/gatehouse.jsonl"),
            Durability.FSYNC,
            true,
            0,
            AuditConfig.DEFAULT_MAX_FILE_BYTES,
            false),
        config.audit());
    assertEquals(ApprovalsConfig.DEFAULT, config.approvals());
    DatasourceConfig orders = config.datasources().get("orders");
    assertEquals(Dialect.H2, orders.dialect());
    assertEquals(DatasourceConfig.PoolConfig.DEFAULT, orders.pool());
    assertEquals(List.of(), orders.initScripts());
    assertEquals(Map.of(), orders.properties());
  }

  @Test
  void opensTheAdminPortOnItsDefaultWhenTheSectionIsEmpty() throws Exception {
    GatehouseConfig config = load(MINIMAL + "admin: {}\n");

    assertEquals(new AdminConfig("127.0.0.1", 7434), config.admin());
  }

  @Test
  void refusesADefaultAdminPortThatTheListenerAlreadyUses() throws IOException {
    assertEquals(
        "10: admin.address: uses the same port as listen.address (7434); the two need different"
            + " ports",
        problemsOf(MINIMAL + "listen: { address: 127.0.0.1:7434 }\nadmin: {}\n"));
  }

  @Test
  void refusesAnAdminPortThatAWildcardListenerAlreadyUses() throws IOException {
    assertEquals(
        "10: admin.address: uses the same port as listen.address (7433); the two need different"
            + " ports",
        problemsOf(
            MINIMAL + "listen: { address: 0.0.0.0:7433 }\nadmin: { address: 127.0.0.1:7433 }\n"));
  }

  @Test
  void acceptsPortZeroForTests() throws Exception {
    GatehouseConfig config = load(MINIMAL + "listen: { address: 0.0.0.0:0 }\n");

    assertEquals(new ListenConfig("0.0.0.0", 0, null), config.listen());
  }

  @Test
  void resolvesRelativePathsAgainstTheConfigFolderNotTheWorkingDirectory() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("etc/gatehouse"));
    Files.writeString(nested.resolve("rules.yaml"), "default: deny\n");
    Files.createDirectories(nested.resolve("sql"));
    Files.writeString(nested.resolve("sql/seed.sql"), "select 1;\n");
    Files.writeString(nested.resolve("pw"), "from-file\n");
    Path file =
        Files.writeString(
            nested.resolve("gatehouse.yaml"),
            MINIMAL
                    .replace("policy.yaml", "rules.yaml")
                    .replace(
                        "    url: jdbc:h2:mem:orders\n",
                        "    url: jdbc:h2:mem:orders\n"
                            + "    password: ${file:pw}\n"
                            + "    init_scripts: [sql/../sql/seed.sql]\n")
                + "listen: { socket: gatehouse.sock }\n"
                + "audit: { path: ../../var/audit.jsonl }\n");

    GatehouseConfig config = loader.load(file);

    assertEquals(List.of(nested.resolve("rules.yaml")), config.policy().files());
    assertEquals(nested.resolve("gatehouse.sock"), config.listen().socket());
    assertEquals(dir.resolve("var/audit.jsonl"), config.audit().path());
    DatasourceConfig orders = config.datasources().get("orders");
    assertEquals(List.of(nested.resolve("sql/seed.sql").toString()), orders.initScripts());
    assertEquals("from-file", orders.password().reveal());
  }

  @Test
  void keepsAbsolutePathsAsWritten() throws Exception {
    Path policy = Files.writeString(dir.resolve("elsewhere.yaml"), "default: deny\n");

    GatehouseConfig config = load(MINIMAL.replace("policy.yaml", policy.toString()));

    assertEquals(List.of(policy), config.policy().files());
  }

  @Test
  void substitutesReferencesInsideLongerValues() throws Exception {
    GatehouseConfig config =
        load(MINIMAL.replace("jdbc:h2:mem:orders", "jdbc:postgresql://${env:DB_HOST}:5432/orders"));

    assertEquals(
        "jdbc:postgresql://db.internal:5432/orders", config.datasources().get("orders").url());
  }

  @Test
  void readsDoubledDollarAsALiteralReference() throws Exception {
    GatehouseConfig config =
        load(
            MINIMAL.replace(
                "    url: jdbc:h2:mem:orders\n",
                "    url: jdbc:h2:mem:orders\n"
                    + "    properties: { note: \"cost $5, $${env:NOT_RESOLVED}\" }\n"));

    assertEquals(
        "cost $5, ${env:NOT_RESOLVED}",
        config.datasources().get("orders").properties().get("note"));
  }

  @Test
  void trimsExactlyOneTrailingNewlineFromASecretFile() throws Exception {
    Files.writeString(dir.resolve("pw"), "line one\nline two\n\n");

    GatehouseConfig config =
        load(
            MINIMAL.replace(
                "    url: jdbc:h2:mem:orders\n",
                "    url: jdbc:h2:mem:orders\n" + "    password: ${file:pw}\n"));

    assertEquals("line one\nline two\n", config.datasources().get("orders").password().reveal());
  }

  @Test
  void warnsAboutAPasswordWrittenInClearText() throws Exception {
    GatehouseConfig config =
        load(
            MINIMAL.replace(
                "    url: jdbc:h2:mem:orders\n",
                "    url: jdbc:h2:mem:orders\n" + "    password: clear-SECRET\n"));

    assertEquals(
        List.of(
            new ConfigProblem(
                new YamlNode.Location(dir.resolve("gatehouse.yaml"), 8, 15),
                "datasources.orders.password: written in clear text in the configuration file;"
                    + " prefer ${env:NAME} or ${file:PATH}")),
        config.warnings());
    assertEquals("clear-SECRET", config.datasources().get("orders").password().reveal());
  }

  @Test
  void warnsAboutAPasswordInTheJdbcUrl() throws Exception {
    GatehouseConfig config =
        load(MINIMAL.replace("jdbc:h2:mem:orders", "jdbc:postgresql://db/orders?password=pw"));

    assertEquals(1, config.warnings().size());
    assertTrue(config.warnings().get(0).message().startsWith("datasources.orders.url: carries a"));
  }

  @Test
  void keepsAnInlinePolicyAsATreeWithoutSubstitution() throws Exception {
    GatehouseConfig config =
        load(
            MINIMAL.replace(
                "policy: { files: [policy.yaml] }\n",
                "policy:\n"
                    + "  default: deny\n"
                    + "  rules:\n"
                    + "    - name: r\n"
                    + "      message: costs ${env:X}\n"));

    YamlNode.Mapping inline = (YamlNode.Mapping) config.policy().inline();
    assertEquals(List.of(), config.policy().files());
    assertEquals("[default, rules]", inline.entries().keySet().toString());
    assertEquals(9, inline.location().line());
    assertTrue(inline.toString().contains("costs ${env:X}"));
  }

  @Test
  void refusesAnEmptyPolicy() throws IOException {
    assertEquals(
        "8: no policy: every statement would be denied; add policy.files or an inline policy",
        problemsOf(MINIMAL.replace("{ files: [policy.yaml] }", "{}")));
  }

  @Test
  void refusesAnEmptyFile() throws IOException {
    assertEquals(
        "1: the configuration is empty; it needs at least identity, datasources and policy",
        problemsOf(""));
  }

  @Test
  void neverPrintsSecretsInRecords() throws Exception {
    Files.writeString(dir.resolve("ssl"), "file-SECRET\n");
    String yaml =
        MINIMAL.replace(
                "    url: jdbc:h2:mem:orders\n",
                "    url: jdbc:mariadb://app:url-SECRET@db/orders?password=query-SECRET\n"
                    + "    password: ${env:ORDERS_DB_PASSWORD}\n"
                    + "    properties: { sslpassword: \"${file:ssl}\" }\n")
            + "approvals: { webhook: \"https://hooks.example.com/T0/hook-SECRET\" }\n";

    String printed = load(yaml).toString();

    assertFalse(printed.contains("SECRET"), printed);
    assertTrue(printed.contains("url=jdbc:mariadb://app:***@db/orders?password=***"), printed);
    assertTrue(printed.contains("password=Secret[redacted]"), printed);
    assertTrue(printed.contains("properties=[sslpassword] (values hidden)"), printed);
    assertTrue(printed.contains("webhook=https://hooks.example.com/…"), printed);
  }

  @Test
  void neverPrintsResolvedValuesInProblems() throws IOException {
    ConfigLoader withSecrets =
        new ConfigLoader(Map.of("URL", "not-jdbc-SECRET", "PORT", "SECRET")::get);
    Path file =
        write(
            MINIMAL.replace("jdbc:h2:mem:orders", "${env:URL}")
                + "listen: { address: \"127.0.0.1:${env:PORT}\" }\n"
                + "audit: { stdout: \"${env:PORT}\" }\n");

    ConfigException thrown = assertThrows(ConfigException.class, () -> withSecrets.load(file));

    assertEquals(3, thrown.problems().size());
    assertFalse(thrown.getMessage().contains("SECRET"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("got '127.0.0.1:${env:PORT}'"), thrown.getMessage());
  }

  @Test
  void readsTheEnvironmentOnlyThroughTheGivenFunction() throws Exception {
    Path file = write(MINIMAL.replace("jdbc:h2:mem:orders", "jdbc:h2:mem:${env:PATH}"));

    ConfigException thrown =
        assertThrows(ConfigException.class, () -> new ConfigLoader(name -> null).load(file));

    assertEquals(
        file + ":7: datasources.orders.url: environment variable PATH is not set",
        thrown.getMessage());
  }
}
