package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session features real tools call (issue #8), on H2, PostgreSQL and MariaDB through the
 * gatehouse: read-only connections that refuse writes, savepoints, several results from one
 * execute, the network timeout, and client info that reaches the audit log.
 */
class JdbcSessionFeaturesTest {
  private record Target(Databases.Scratch scratch, GatehouseSidecar sidecar) {}

  private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws SQLException {
    add(Databases.Scratch.h2("jdbcfeat"));
    if (Databases.postgresReachable()) {
      add(Databases.Scratch.postgres("gh_jdbcfeat"));
    }
    if (Databases.mariadbReachable()) {
      add(Databases.Scratch.mariadb("gh_jdbcfeat"));
    }
  }

  private static void add(Databases.Scratch s) throws SQLException {
    try (Connection c = s.direct(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE feat (id INT PRIMARY KEY, note VARCHAR(20))");
    }
    TARGETS.put(s.dialect(), new Target(s, GatehouseSidecar.builder().allowAll()
        .datasource("feat", s.url(), s.user(), "", s.defaultSchema()).build().start()));
  }

  @AfterAll
  static void stop() throws SQLException {
    for (Target t : TARGETS.values()) {
      t.sidecar().close();
      t.scratch().close();
    }
  }

  private static Target target(String dialect) throws SQLException {
    Target t = TARGETS.get(dialect);
    Assumptions.assumeTrue(t != null, () -> dialect + " is not reachable on this machine; its"
        + " session-feature tests are skipped");
    try (Connection c = t.scratch().direct(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM feat");
    }
    return t;
  }

  private static Connection agent(Target t) throws SQLException {
    return t.sidecar().connect(t.sidecar().principal("feat-agent"), "feat");
  }

  private static List<Integer> ids(Target t) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Connection c = t.scratch().direct(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM feat ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void aReadOnlyConnectionRefusesEveryWrite(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = agent(t); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO feat VALUES (1, 'before')");
      c.setReadOnly(true);
      assertTrue(c.isReadOnly());
      List<String> writes = new ArrayList<>(List.of(
          "INSERT INTO feat VALUES (2, 'x')",
          "UPDATE feat SET note = 'changed' WHERE id = 1",
          "DELETE FROM feat WHERE id = 1",
          "CREATE TABLE feat_more (id INT)",
          "DROP TABLE feat",
          "SET TRANSACTION READ WRITE",
          "SELECT 1; DELETE FROM feat WHERE id = 1"));
      if (dialect.equals("postgresql")) {
        writes.add("WITH d AS (DELETE FROM feat WHERE id = 1 RETURNING id) SELECT * FROM d");
        writes.add("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
      }
      for (String sql : writes) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("25006", e.getSQLState(), sql + ": " + e.getMessage());
      }
      try (ResultSet rs = s.executeQuery("SELECT note FROM feat WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("before", rs.getString(1));
      }
      c.setReadOnly(false);
      assertEquals(1, s.executeUpdate("UPDATE feat SET note = 'after' WHERE id = 1"));
    }
    assertEquals(List.of(1), ids(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void savepointsRollBackPartOfATransaction(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = agent(t); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO feat VALUES (1, 'kept')");
      Savepoint named = c.setSavepoint("before_two");
      assertEquals("before_two", named.getSavepointName());
      s.executeUpdate("INSERT INTO feat VALUES (2, 'undone')");
      c.rollback(named);
      Savepoint unnamed = c.setSavepoint();
      assertTrue(unnamed.getSavepointId() > 0);
      s.executeUpdate("INSERT INTO feat VALUES (3, 'kept')");
      c.releaseSavepoint(unnamed);
      assertThrows(SQLException.class, () -> c.rollback(unnamed), "released");
      assertEquals(List.of(), ids(t), "nothing is visible before commit");
      c.commit();
    }
    assertEquals(List.of(1, 3), ids(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void oneExecuteYieldsSeveralResultsInOrder(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = agent(t); Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT 1 AS a; INSERT INTO feat VALUES (1, 'x'), (2, 'y');"
          + " SELECT id FROM feat ORDER BY id; DELETE FROM feat WHERE id = 2"));
      // each result read to its end: closing one early abandons the rest of the call
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        assertFalse(rs.next());
      }
      assertFalse(s.getMoreResults());
      assertEquals(2, s.getUpdateCount());
      assertTrue(s.getMoreResults());
      List<Integer> seen = new ArrayList<>();
      try (ResultSet rs = s.getResultSet()) {
        while (rs.next()) {
          seen.add(rs.getInt(1));
        }
      }
      assertEquals(List.of(1, 2), seen);
      assertFalse(s.getMoreResults());
      assertEquals(1, s.getUpdateCount());
      assertFalse(s.getMoreResults());
      assertEquals(-1, s.getUpdateCount(), "no more results");
      assertThrows(SQLException.class, () -> s.getMoreResults(Statement.KEEP_CURRENT_RESULT));
    }
    assertEquals(List.of(1), ids(t));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void networkTimeoutIsKeptAndChecked(String dialect) throws SQLException {
    Target t = target(dialect);
    Executor direct = Runnable::run;
    try (Connection c = agent(t)) {
      assertEquals(0, c.getNetworkTimeout());
      c.setNetworkTimeout(direct, 15_000);
      assertEquals(15_000, c.getNetworkTimeout());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next(), "statements still run under a timeout");
      }
      assertThrows(SQLException.class, () -> c.setNetworkTimeout(direct, -1));
      c.close();
      assertThrows(SQLException.class, c::getNetworkTimeout);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void clientInfoIsKeptAndReachesTheAuditLog(String dialect) throws Exception {
    Target t = target(dialect);
    try (Connection c = agent(t); Statement s = c.createStatement()) {
      c.setClientInfo("ApplicationName", "schema-explorer-" + dialect);
      assertEquals("schema-explorer-" + dialect, c.getClientInfo("ApplicationName"));
      assertNotNull(c.getClientInfo());
      assertEquals("schema-explorer-" + dialect, c.getClientInfo().getProperty("ApplicationName"));
      s.executeQuery("SELECT 'client-info-marker-" + dialect + "' AS m").close();
    }
    String line = null;
    for (String l : Files.readAllLines(t.sidecar().auditLog())) {
      if (l.contains("\"statement\"") && l.contains("AS m")) {
        line = l;
      }
    }
    assertNotNull(line, "the statement was recorded");
    assertTrue(line.contains("\"ApplicationName\":\"schema-explorer-" + dialect + "\""), line);
  }
}
