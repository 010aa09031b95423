package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the row-filter rewrite against real databases (SPEC §5 row_filters): each statement of
 * {@code rewrite-exec-corpus.txt} is run as written and as rewritten for a principal of tenant 1,
 * on rows of two tenants. The original must show what the filter exists to hide (so each case
 * can fail); the rewritten one must return exactly tenant 1's answer, and afterwards no row of
 * tenant 2 may have changed and no tenant-2 value may sit in a row tenant 1 can read.
 *
 * <pre>
 * SQL ==&gt; params: 15, open | rows: a,1; b,2 | original: a,1; b,2; c,3
 * SQL ==&gt; count: 2 | original-count: 3                  update counts of DML
 * {noclaim} SQL ==&gt; …                                    the principal lacks the claim
 * </pre>
 * Rows are sorted, cells joined by commas, {@code -} for none. Tenant 2's text values all
 * contain {@code t2}. PostgreSQL runs against 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}, trust authentication) in a schema of its own, and is skipped when that
 * server cannot be reached.
 */
class RowFilterExecutionTest {
  private static final String[] SCHEMA = {
      "CREATE TABLE customers (id INT PRIMARY KEY, tenant_id INT NOT NULL, name VARCHAR(40),"
          + " card VARCHAR(40))",
      "CREATE TABLE orders (id INT PRIMARY KEY, tenant_id INT NOT NULL, cid INT, amount INT,"
          + " status VARCHAR(20), note VARCHAR(80))",
      "CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(40))",
      "CREATE TABLE audit_log (id INT, note VARCHAR(80))",
      "INSERT INTO customers VALUES (1, 1, 'alice', '4111'), (2, 1, 'bob', '4222'),"
          + " (11, 2, 'mallory_t2', '5333t2'), (12, 2, 'trent_t2', '5444t2')",
      // order 13 of tenant 2 points at tenant 1's customer: joins must not reveal it
      "INSERT INTO orders VALUES (1, 1, 1, 10, 'open', 'n1'), (2, 1, 1, 20, 'closed', 'n2'),"
          + " (3, 1, 2, 30, 'open', 'n3'), (11, 2, 11, 500, 'open', 'n_t2'),"
          + " (12, 2, 11, 600, 'open', 'n_t2'), (13, 2, 1, 700, 'open', 'n_t2'),"
          + " (14, 2, 2, 800, 'closed', 'n_t2')",
      "INSERT INTO products VALUES (1, 'widget'), (2, 'gadget'), (11, 'gizmo')"};

  private static Connection h2;
  private static SqlAnalyzer h2Analyzer;
  private static Connection postgres;
  private static SqlAnalyzer postgresAnalyzer;
  private static String postgresSchema;
  private static String postgresSkipped;

  @BeforeAll
  static void databases() throws SQLException {
    h2 = DriverManager.getConnection("jdbc:h2:mem:rowfilters;DB_CLOSE_DELAY=-1");
    setUp(h2);
    h2Analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.H2, null, null)
        .withParseBudget(Duration.ofSeconds(20)));
    postgresSchema = "gatehouse_rf_" + Long.toString(
        ThreadLocalRandom.current().nextLong(1L << 40), 36);
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("connectTimeout", "3");
    try {
      postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", props);
      try (Statement s = postgres.createStatement()) {
        s.execute("CREATE SCHEMA " + postgresSchema);
        s.execute("SET search_path TO " + postgresSchema);
      }
      setUp(postgres);
      postgresAnalyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.POSTGRESQL, "test",
          postgresSchema).withParseBudget(Duration.ofSeconds(20)));
    } catch (SQLException e) {
      postgresSkipped = "PostgreSQL at 127.0.0.1:5432/test as postgres is not reachable: "
          + e.getMessage();
      postgres = null;
    }
  }

  private static void setUp(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : SCHEMA) {
        s.execute(sql);
      }
    }
    c.setAutoCommit(false);
  }

  @AfterAll
  static void close() throws SQLException {
    h2.close();
    if (postgres != null) {
      postgres.rollback();
      postgres.setAutoCommit(true);
      try (Statement s = postgres.createStatement()) {
        s.execute("DROP SCHEMA " + postgresSchema + " CASCADE");
      }
      postgres.close();
    }
  }

  static Stream<Corpus.Line> h2Cases() {
    return Corpus.lines("/sql/rewrite-exec-corpus.txt").stream()
        .filter(c -> c.dialect() == Dialect.H2);
  }

  static Stream<Corpus.Line> postgresCases() {
    return Corpus.lines("/sql/rewrite-exec-corpus.txt").stream()
        .filter(c -> c.dialect() == Dialect.POSTGRESQL);
  }

  @Test
  void corpusRunsTwentyStatementsOnEachDatabase() {
    assertTrue(h2Cases().count() >= 20 && postgresCases().count() >= 20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("h2Cases")
  void onH2TenantOneSeesAndChangesOnlyItsRows(Corpus.Line c) throws SQLException {
    run(c, h2, h2Analyzer);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("postgresCases")
  void onPostgresTenantOneSeesAndChangesOnlyItsRows(Corpus.Line c) throws SQLException {
    assumeTrue(postgres != null, () -> postgresSkipped);
    run(c, postgres, postgresAnalyzer);
  }

  private static void run(Corpus.Line c, Connection db, SqlAnalyzer analyzer)
      throws SQLException {
    boolean claim = !c.sql().startsWith("{noclaim} ");
    String sql = claim ? c.sql() : c.sql().substring("{noclaim} ".length());
    Map<String, String> expected = expectations(c.expected());
    List<Object> agent = parameters(expected.getOrDefault("params", ""));
    StatementAnalysis s = analyzer.analyze(sql).statements().get(0);
    assertTrue(s.understood(), () -> "not understood: " + s.notUnderstood().orElseThrow());
    Rewritten rewritten;
    try {
      rewritten = RowFilters.rewrite(s, RowFilterCorpusTest.filters(analyzer, claim));
    } catch (RowFilterRefusedException e) {
      fail("refused: " + e.getMessage());
      return;
    }
    assertFalse(rewritten.sql().equals(sql), "the statement must be rewritten");
    String before = tenantTwoRows(db);
    try {
      String original = outcome(db, sql, agent, expected.containsKey("count"));
      assertEquals(expected.getOrDefault("original", expected.get("original-count")), original,
          "the original statement, for all tenants");
    } finally {
      db.rollback();
    }
    try {
      List<Object> bound = new ArrayList<>();
      for (Rewritten.Parameter p : rewritten.parameters()) {
        if (p instanceof Rewritten.AgentParameter a) {
          bound.add(agent.get(a.index()));
        } else {
          assertEquals("tenant", ((Rewritten.ClaimParameter) p).path());
          bound.add(1);
        }
      }
      String result = outcome(db, rewritten.sql(), bound, expected.containsKey("count"));
      assertEquals(expected.getOrDefault("rows", expected.get("count")), result,
          "as tenant 1: " + rewritten.sql());
      assertEquals(before, tenantTwoRows(db), "rows of tenant 2 changed");
      String visible = rowsOf(db, "SELECT * FROM customers WHERE tenant_id = 1")
          + rowsOf(db, "SELECT * FROM orders WHERE tenant_id = 1")
          + rowsOf(db, "SELECT * FROM products") + rowsOf(db, "SELECT * FROM audit_log");
      assertFalse(visible.contains("t2"), "a value of tenant 2 was written where tenant 1"
          + " reads it: " + visible);
    } finally {
      db.rollback();
    }
  }

  private static String tenantTwoRows(Connection db) throws SQLException {
    return rowsOf(db, "SELECT * FROM customers WHERE tenant_id = 2")
        + " / " + rowsOf(db, "SELECT * FROM orders WHERE tenant_id = 2");
  }

  private static String outcome(Connection db, String sql, List<Object> parameters, boolean dml)
      throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      if (dml) {
        return String.valueOf(ps.executeUpdate());
      }
      try (ResultSet rs = ps.executeQuery()) {
        return render(rs);
      }
    }
  }

  private static String rowsOf(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return render(rs);
    }
  }

  private static String render(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<String> cells = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        cells.add(String.valueOf(rs.getObject(i)));
      }
      rows.add(String.join(",", cells));
    }
    rows.sort(null);
    return rows.isEmpty() ? "-" : String.join("; ", rows);
  }

  private static Map<String, String> expectations(String text) {
    Map<String, String> out = new HashMap<>();
    for (String part : text.split(" \\| ")) {
      int colon = part.indexOf(':');
      out.put(part.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          part.substring(colon + 1).trim());
    }
    return out;
  }

  private static List<Object> parameters(String text) {
    List<Object> out = new ArrayList<>();
    if (text.isBlank()) {
      return out;
    }
    for (String p : text.split(",")) {
      String v = p.trim();
      out.add(v.matches("-?\\d+") ? (Object) Integer.valueOf(v) : v);
    }
    return out;
  }
}
