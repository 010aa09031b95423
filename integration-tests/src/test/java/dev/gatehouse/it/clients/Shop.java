package dev.gatehouse.it.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The shop every client test works on ({@code clients/seed.sql}) and the policy it runs under
 * ({@code clients/policy.yaml}): an agent of tenant 1 may read, change orders and write order
 * notes; it never sees tenant 2's rows, raw card numbers or email addresses, nor the salaries.
 */
final class Shop {
  static final String POLICY = "clients/policy.yaml";
  static final String SEED = "clients/seed.sql";

  /** Values that must never reach the agent: raw cards and emails, tenant 2, salaries. */
  static final List<String> SECRETS = List.of("4111111111111111", "5555555555554444",
      "378282246310005", "ada.lovelace", "alan.turing", "grace.hopper", "Grace Hopper",
      "120000", "110000");

  /** Ada's card as the {@code last4} method shows it. */
  static final String ADA_CARD_MASKED = "************1111";
  /** Alan's (15-digit) card as the {@code last4} method shows it. */
  static final String ALAN_CARD_MASKED = "***********0005";

  private Shop() {}

  /** A sidecar over a fresh in-memory H2 copy of the shop. */
  static GatehouseSidecar onH2() {
    return GatehouseSidecar.builder().policyResource(POLICY).seed("classpath:" + SEED).build();
  }

  /** The agent of tenant 1, the principal the tests act as. */
  static GatehouseSidecar.Principal agent(GatehouseSidecar sidecar) {
    return sidecar.principal("agent-7").groups("agents").claim("tenant", 1);
  }

  /** Fails when any of {@link #SECRETS} is in {@code seen} (what a client handed back). */
  static void assertNoSecret(String seen) {
    for (String secret : SECRETS) {
      assertFalse(seen.contains(secret), () -> "leaked " + secret + " in " + seen);
    }
  }

  static String resource(String name) {
    try (InputStream in = Shop.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shop in its own schema of this machine's PostgreSQL (127.0.0.1:5432, database
   * {@code test}), with a unique name so parallel runs do not collide; {@link #close} drops it.
   */
  static final class OnPostgres implements AutoCloseable {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    private static Boolean reachable;

    final String schema;
    final GatehouseSidecar sidecar;

    private OnPostgres(String schema, GatehouseSidecar sidecar) {
      this.schema = schema;
      this.sidecar = sidecar;
    }

    static synchronized boolean reachable() {
      if (reachable == null) {
        try (Connection c = direct()) {
          reachable = c.isValid(3);
        } catch (SQLException e) {
          reachable = false;
        }
      }
      return reachable;
    }

    static Connection direct() throws SQLException {
      Properties p = new Properties();
      p.setProperty("user", USER);
      p.setProperty("connectTimeout", "3");
      return DriverManager.getConnection(URL, p);
    }

    /** Creates and seeds the schema and starts a sidecar in front of it. */
    static OnPostgres start(String prefix) throws SQLException {
      String schema = prefix + "_" + Long.toHexString(System.nanoTime());
      try (Connection c = direct(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
        s.execute("SET search_path TO " + schema);
        for (String stmt : resource(SEED).split(";\\s*\\n")) {
          if (!stmt.replaceAll("(?m)^--.*$", "").isBlank()) {
            s.execute(stmt);
          }
        }
      }
      GatehouseSidecar sidecar = GatehouseSidecar.builder().policyResource(POLICY)
          .datasource("test", URL + "?currentSchema=" + schema, USER, "", schema)
          .build().start();
      return new OnPostgres(schema, sidecar);
    }

    @Override
    public void close() throws SQLException {
      sidecar.close();
      try (Connection c = direct(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
