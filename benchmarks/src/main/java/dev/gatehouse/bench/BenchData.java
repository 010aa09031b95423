package dev.gatehouse.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The benchmark tables, created in H2 and (when it answers) in this machine's PostgreSQL, under
 * names unique to this run so parallel runs on the same server never collide; dropped at the end.
 *
 * <p>{@code points}: id, name, amount, for point queries. {@code wide}: six columns of mixed type
 * (bigint, three varchars, decimal, timestamp) for streaming; {@code email} and {@code card} are
 * the masked columns, and {@code name}, {@code email}, {@code card} are what the content
 * detectors scan.
 */
final class BenchData {
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String POSTGRES_USER = "postgres";

  final String points;
  final String wide;
  final String h2Url;

  BenchData() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String prefix = "gh_bench_" + HexFormat.of().formatHex(random);
    this.points = prefix + "_points";
    this.wide = prefix + "_wide";
    // LAZY_QUERY_EXECUTION: H2 streams a large result instead of materialising it first, for
    // every client alike (direct, Gatehouse, Avatica share this one database)
    this.h2Url = "jdbc:h2:mem:" + prefix + ";DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE";
  }

  Connection h2() throws SQLException {
    return DriverManager.getConnection(h2Url, "sa", "");
  }

  static Connection postgres() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", POSTGRES_USER);
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(POSTGRES_URL, p);
  }

  static boolean postgresReachable() {
    try (Connection c = postgres()) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  String pointQuery() {
    return "SELECT id, name, amount FROM " + points + " WHERE id = ?";
  }

  String streamQuery() {
    return "SELECT id, name, email, card, amount, created FROM " + wide;
  }

  void createH2(Sizes sizes) throws SQLException {
    try (Connection c = h2(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + points
          + " (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12, 2))");
      s.execute("INSERT INTO " + points + " SELECT X, CONCAT('customer-', X), X * 1.25"
          + " FROM SYSTEM_RANGE(1, " + sizes.pointTableRows() + ")");
      s.execute("CREATE TABLE " + wide + " (id BIGINT PRIMARY KEY, name VARCHAR(40),"
          + " email VARCHAR(80), card VARCHAR(24), amount DECIMAL(12, 2), created TIMESTAMP)");
      s.execute("INSERT INTO " + wide + " SELECT X, CONCAT('customer-', X),"
          + " CONCAT('user', X, '@example.com'),"
          + " CONCAT('4111 1111 1111 ', LPAD(CAST(MOD(X, 10000) AS VARCHAR), 4, '0')),"
          + " X * 1.25, DATEADD(SECOND, X, TIMESTAMP '2026-01-01 00:00:00')"
          + " FROM SYSTEM_RANGE(1, " + sizes.streamRows() + ")");
    }
  }

  void createPostgres(Sizes sizes) throws SQLException {
    try (Connection c = postgres(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + points
          + " (id bigint PRIMARY KEY, name varchar(40), amount numeric(12, 2))");
      s.execute("INSERT INTO " + points + " SELECT x, 'customer-' || x, x * 1.25"
          + " FROM generate_series(1, " + sizes.pointTableRows() + ") AS x");
      s.execute("CREATE TABLE " + wide + " (id bigint PRIMARY KEY, name varchar(40),"
          + " email varchar(80), card varchar(24), amount numeric(12, 2), created timestamp)");
      s.execute("INSERT INTO " + wide + " SELECT x, 'customer-' || x,"
          + " 'user' || x || '@example.com', '4111 1111 1111 ' || lpad((x % 10000)::text, 4, '0'),"
          + " x * 1.25, timestamp '2026-01-01 00:00:00' + x * interval '1 second'"
          + " FROM generate_series(1, " + sizes.streamRows() + ") AS x");
      s.execute("ANALYZE " + points);
      s.execute("ANALYZE " + wide);
    }
  }

  void dropPostgres() {
    try (Connection c = postgres(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + points);
      s.execute("DROP TABLE IF EXISTS " + wide);
    } catch (SQLException e) {
      System.err.println("could not drop the benchmark tables " + points + ", " + wide + ": " + e);
    }
  }

  /**
   * The policy both benchmark sidecars run: any principal may read; {@code email} and {@code card}
   * are masked and two content detectors scan every string, except for the {@code unmasked}
   * group (masking off).
   */
  String policy() {
    return String.join("\n",
        "default: deny",
        "rules:",
        "  - name: bench-read",
        "    when: { principals: [any], statements: [select] }",
        "    effect: allow",
        "masking:",
        "  - name: emails",
        "    columns: [" + wide + ".email]",
        "    method: email",
        "    exempt: [group:unmasked]",
        "  - name: cards",
        "    columns: [" + wide + ".card]",
        "    method: last4",
        "    exempt: [group:unmasked]",
        "  - name: stray-pii",
        "    detect: [credit_card, email]",
        "    method: redact",
        "    exempt: [group:unmasked]",
        "");
  }
}
