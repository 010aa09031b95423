package dev.gatehouse.sidecar.junit;

import dev.gatehouse.sidecar.auth.DevKeys;
import dev.gatehouse.sidecar.auth.TokenVerifier;
import dev.gatehouse.sidecar.config.AdminConfig;
import dev.gatehouse.sidecar.config.ApprovalsConfig;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.ListenConfig;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.config.Secret;
import dev.gatehouse.sidecar.config.YamlNode;
import dev.gatehouse.sidecar.config.YamlReader;
import dev.gatehouse.sidecar.server.GatehouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Gatehouse sidecar for tests (SPEC §7): it loads a policy, serves an H2 database
 * (or any JDBC URL you give it) on a free loopback port, and hands back {@link Connection}s
 * made by the real Gatehouse driver, acting as whichever principal the test names. Policy tests
 * become ordinary unit tests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatehouseSidecar sidecar =
 *     GatehouseSidecar.builder().policy(Path.of("policy.yaml")).seed("classpath:seed.sql").build();
 *
 * @Test
 * void agentsCannotReadCardNumbers() throws SQLException {
 *   try (Connection c = sidecar.connect(sidecar.principal("alice").groups("agents"))) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Use it as a JUnit 5 extension (started before all tests of the class, stopped after) or on
 * its own with {@link #start()} and {@link #close()}. The gatehouse driver must be on the test
 * classpath.
 */
public final class GatehouseSidecar implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final AtomicLong DATABASES = new AtomicLong();

  private final Builder builder;
  private final DevKeys keys = DevKeys.generate();
  private GatehouseServer server;
  private Path workDir;

  private GatehouseSidecar(Builder builder) {
    this.builder = builder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the sidecar (idempotent). */
  public synchronized GatehouseSidecar start() {
    if (server != null) {
      return this;
    }
    try {
      workDir = Files.createTempDirectory("gatehouse-test-");
      TokenVerifier verifier =
          TokenVerifier.withKeys(identity(), Map.of(DevKeys.DEFAULT_ISSUER, keys.publicJwkSet()),
              Clock.systemUTC());
      server = GatehouseServer.start(config(), verifier);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException("the test policy does not load:\n" + e.getMessage(), e);
    }
  }

  private IdentityConfig identity() {
    return new IdentityConfig(
        List.of(keys.issuerConfig(null)), builder.maxTokenAge, builder.clockSkew);
  }

  private GatehouseConfig config() {
    Map<String, DatasourceConfig> datasources = new LinkedHashMap<>();
    for (Backend b : builder.backends) {
      datasources.put(
          b.name,
          new DatasourceConfig(
              b.name,
              b.url,
              b.username,
              Secret.of(b.password),
              b.defaultSchema,
              DatasourceConfig.Dialect.fromUrl(b.url),
              DatasourceConfig.PoolConfig.DEFAULT,
              b.seeds,
              Map.of()));
    }
    AuditConfig audit =
        new AuditConfig(workDir.resolve("audit.jsonl"), builder.auditDurability,
            builder.redactLiterals, builder.recordRows, AuditConfig.DEFAULT_MAX_FILE_BYTES, false);
    return new GatehouseConfig(
        null,
        new ListenConfig("127.0.0.1", 0, builder.socket),
        builder.admin ? new AdminConfig("127.0.0.1", 0) : null,
        identity(),
        datasources,
        audit,
        new ApprovalsConfig(builder.approvalTimeout, builder.webhook),
        new PolicySource(builder.policyFiles, builder.inlinePolicy));
  }

  /** The JDBC URL of a datasource ({@code jdbc:gatehouse://127.0.0.1:PORT/NAME}). */
  public String url(String datasource) {
    return "jdbc:gatehouse://127.0.0.1:" + running().port() + "/" + datasource;
  }

  /** The URL of the first (or only) datasource. */
  public String url() {
    return url(builder.backends.get(0).name);
  }

  /** Starts describing a principal: subject first, then groups and claims. */
  public Principal principal(String subject) {
    return new Principal(subject);
  }

  /** A connection to the first datasource as {@code principal}. */
  public Connection connect(Principal principal) throws SQLException {
    return connect(principal, builder.backends.get(0).name);
  }

  /** A connection to {@code datasource} as {@code principal}. */
  public Connection connect(Principal principal, String datasource) throws SQLException {
    Properties p = new Properties();
    p.setProperty("token", principal.token());
    return DriverManager.getConnection(url(datasource), p);
  }

  /** The admin API's {@code host:port} (for {@code approvals --admin}). */
  public String adminAddress() {
    int p = running().adminPort();
    if (p == 0) {
      throw new IllegalStateException("no admin API: build the sidecar with admin()");
    }
    return "127.0.0.1:" + p;
  }

  /** Where this sidecar writes its audit log. */
  public Path auditLog() {
    running();
    return workDir.resolve("audit.jsonl");
  }

  /** The running server (for tests that need its port or socket). */
  public GatehouseServer server() {
    return running();
  }

  private synchronized GatehouseServer running() {
    if (server == null) {
      throw new IllegalStateException("the sidecar is not started; call start() or register it"
          + " as an extension");
    }
    return server;
  }

  /** Stops the sidecar and removes its working folder (audit log included). */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (workDir != null) {
      deleteQuietly(workDir);
      workDir = null;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is not worth failing a test run for
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** A principal the test acts as; becomes a token signed by this sidecar's test key. */
  public final class Principal {
    private final DevKeys.TokenBuilder token;

    private Principal(String subject) {
      this.token = keys.token(subject).ttl(Duration.ofMinutes(5));
    }

    public Principal groups(String... groups) {
      token.groups(groups);
      return this;
    }

    public Principal claim(String name, Object value) {
      token.claim(name, value);
      return this;
    }

    /** How long the token is valid (default 5 minutes). */
    public Principal ttl(Duration ttl) {
      token.ttl(ttl);
      return this;
    }

    /** The signed token (for tests that pass tokens themselves). */
    public String token() {
      return token.mint();
    }
  }

  private record Backend(
      String name, String url, String username, String password, String defaultSchema,
      List<String> seeds) {}

  /** Configures a {@link GatehouseSidecar}. */
  public static final class Builder {
    private final List<Backend> backends = new ArrayList<>();
    private final List<Path> policyFiles = new ArrayList<>();
    private YamlNode inlinePolicy;
    private final List<String> pendingSeeds = new ArrayList<>();
    private Duration maxTokenAge = IdentityConfig.DEFAULT_MAX_TOKEN_AGE;
    private Duration clockSkew = IdentityConfig.DEFAULT_CLOCK_SKEW;
    private boolean redactLiterals = true;
    private int recordRows;
    private Path socket;
    private boolean admin;
    private Duration approvalTimeout = ApprovalsConfig.DEFAULT_TIMEOUT;
    private java.net.URI webhook;
    private AuditConfig.Durability auditDurability = AuditConfig.Durability.WRITE;

    private Builder() {}

    /**
     * How the audit log is made durable ({@code audit.durability}). {@code WRITE} by default
     * here, unlike a configured sidecar's {@code FSYNC}: tests need the record written, not on
     * disk. The benchmarks measure both.
     */
    public Builder auditDurability(AuditConfig.Durability durability) {
      this.auditDurability = java.util.Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Serve the reviewers' admin API too (on a free port: see {@link GatehouseSidecar#adminAddress}). */
    public Builder admin() {
      this.admin = true;
      return this;
    }

    /** How long statements wait for a reviewer ({@code approvals.timeout}). */
    public Builder approvalTimeout(Duration timeout) {
      this.approvalTimeout = timeout;
      return this;
    }

    /** The approval webhook ({@code approvals.webhook}). */
    public Builder webhook(java.net.URI url) {
      this.webhook = url;
      return this;
    }

    /** Also listen on a Unix domain socket at {@code path}. */
    public Builder socket(Path path) {
      this.socket = path;
      return this;
    }

    /** A policy file; several make one policy. */
    public Builder policy(Path file) {
      policyFiles.add(file);
      return this;
    }

    /** A policy written inline, as YAML text (SPEC §5). */
    public Builder policyText(String yaml) {
      return policyText(yaml, "inline-policy.yaml");
    }

    /**
     * A policy from the test classpath, e.g. {@code policies/analytics.yaml}; problems in it are
     * reported as {@code classpath:policies/analytics.yaml:LINE}. Replaces an inline policy.
     */
    public Builder policyResource(String resource) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      try (var in = (loader == null ? GatehouseSidecar.class.getClassLoader() : loader)
          .getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no classpath resource " + resource);
        }
        return policyText(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
            "classpath:" + resource);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Builder policyText(String yaml, String name) {
      try {
        inlinePolicy = YamlReader.parse(yaml, Path.of(name));
      } catch (ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return this;
    }

    /**
     * The policy a sidecar configuration points at, files or inline (the {@code test} command
     * runs a configuration's policy this way).
     */
    public Builder policy(PolicySource source) {
      policyFiles.addAll(source.files());
      if (source.inline() != null) {
        inlinePolicy = source.inline();
      }
      return this;
    }

    /**
     * A policy that allows everything: for tests of the transport and the driver, never for
     * tests of policy.
     */
    public Builder allowAll() {
      return policyText("default: allow");
    }

    /**
     * A seed script run on the default H2 database when it starts ({@code classpath:…} or a
     * file path).
     */
    public Builder seed(String script) {
      pendingSeeds.add(script);
      return this;
    }

    /**
     * Another in-memory H2 database, named {@code name} as agents connect to it, seeded with
     * {@code scripts} ({@code classpath:…} or file paths). For policies whose rules name their
     * datasources.
     */
    public Builder h2Datasource(String name, String... scripts) {
      backends.add(new Backend(name, "jdbc:h2:mem:gatehouse-test-" + DATABASES.incrementAndGet()
          + "-" + Long.toHexString(System.nanoTime()) + ";DB_CLOSE_DELAY=-1", "sa", null,
          "PUBLIC", List.of(scripts)));
      return this;
    }

    /** Another datasource (H2, PostgreSQL, MariaDB) by JDBC URL. */
    public Builder datasource(String name, String url, String username, String password,
        String defaultSchema) {
      backends.add(new Backend(name, url, username, password, defaultSchema, List.of()));
      return this;
    }

    /** Another datasource (H2, PostgreSQL, MariaDB) by JDBC URL, in its default schema. */
    public Builder datasource(String name, String url, String username, String password) {
      backends.add(new Backend(name, url, username, password, null, List.of()));
      return this;
    }

    public Builder maxTokenAge(Duration age) {
      this.maxTokenAge = age;
      return this;
    }

    /** Tolerance on {@code exp}, {@code nbf} and {@code iat} ({@code identity.clock_skew}). */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = skew;
      return this;
    }

    public Builder redactLiterals(boolean redact) {
      this.redactLiterals = redact;
      return this;
    }

    public Builder recordRows(int rows) {
      this.recordRows = rows;
      return this;
    }

    /**
     * The sidecar. Unless datasources were added, it serves one in-memory H2 database named
     * {@code test}, seeded with the {@link #seed} scripts.
     */
    public GatehouseSidecar build() {
      if (policyFiles.isEmpty() && inlinePolicy == null) {
        throw new IllegalStateException(
            "a GatehouseSidecar needs a policy: policy(file), policyText(yaml) or allowAll()");
      }
      if (backends.isEmpty() || !pendingSeeds.isEmpty()) {
        String url = "jdbc:h2:mem:gatehouse-test-" + DATABASES.incrementAndGet()
            + "-" + Long.toHexString(System.nanoTime()) + ";DB_CLOSE_DELAY=-1";
        backends.add(0, new Backend("test", url, "sa", null, "PUBLIC", List.copyOf(pendingSeeds)));
      }
      return new GatehouseSidecar(this);
    }
  }
}
