package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query timeout and Statement.cancel() stop the statement on the database, not only in the
 * driver, and leave the session usable. H2 lives in this JVM and lists the statements its
 * sessions are executing (INFORMATION_SCHEMA.SESSIONS), so the test checks that the query is
 * really gone from the database afterwards.
 *
 * <p>The long query is a SUM over a hundred billion rows: minutes of work. (A COUNT(*) of
 * SYSTEM_RANGE is no good: H2 answers it from the range's size at once.)
 */
@Timeout(120)
class TimeoutAndCancelTest {
  private static final String DB = "it-timeout";

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll()
          .datasource("plain", DirectH2.url(DB), "sa", "")
          .datasource("lazy", DirectH2.url(DB, "LAZY_QUERY_EXECUTION=TRUE"), "sa", "")
          .build();

  private static Connection direct;
  private static final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "it-canceller");
    t.setDaemon(true);
    return t;
  });

  @BeforeAll
  static void connectDirectly() throws SQLException {
    direct = DirectH2.connect(DB);
    try (Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE sink (n BIGINT)");
      s.execute("CREATE ALIAS PROBE DETERMINISTIC FOR 'dev.gatehouse.it.BackendProbe.probe'");
    }
  }

  @AfterAll
  static void close() throws SQLException {
    background.shutdownNow();
    direct.close();
  }

  private static Connection connect(String datasource) throws SQLException {
    return sidecar.connect(sidecar.principal("impatient"), datasource);
  }

  /** A query H2 works on for minutes; {@code tag} makes it findable among H2's sessions. */
  private static String longQuery(int tag) {
    return "SELECT SUM(X) FROM SYSTEM_RANGE(" + tag + ", 100000000000)";
  }

  private static void assertGoneFromTheDatabase(String sql) throws Exception {
    List<String> still = DirectH2.awaitNotExecuting(direct, sql, 10_000);
    assertTrue(still.isEmpty(), "H2 is still executing " + still);
  }

  private static void assertUsable(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SUM(X) FROM SYSTEM_RANGE(1, 1000)")) {
      assertTrue(rs.next());
      assertEquals(500500, rs.getLong(1));
    }
  }

  @Test
  void queryTimeoutStopsTheQueryWithHyt00() throws Exception {
    try (Connection c = connect("plain");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      String sql = longQuery(11);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql));
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertInstanceOf(SQLTimeoutException.class, e, e.toString());
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertTrue(seconds < 30, "gave up after " + seconds + " s");
      assertGoneFromTheDatabase(sql);
      // the same statement and connection go on, and a timeout that is not reached is harmless
      try (ResultSet rs = s.executeQuery("SELECT SUM(X) FROM SYSTEM_RANGE(1, 1000)")) {
        assertTrue(rs.next());
        assertEquals(500500, rs.getLong(1));
      }
      assertUsable(c);
    }
  }

  @Test
  void queryTimeoutFromTheUrlAppliesToEveryStatement() throws Exception {
    String url = sidecar.url("plain") + "?query_timeout=1s";
    Properties p = new Properties();
    p.setProperty("token", sidecar.principal("impatient").token());
    try (Connection c = DriverManager.getConnection(url, p);
        Statement s = c.createStatement()) {
      assertEquals(1, s.getQueryTimeout());
      String sql = longQuery(12);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql));
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertGoneFromTheDatabase(sql);
      assertUsable(c);
    }
  }

  @Test
  void queryTimeoutEndsAResultWhoseNextRowsTakeTooLong() throws Exception {
    try (Connection c = connect("lazy");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      s.setFetchSize(2);
      // rows 1 and 2 come at once; then H2 scans for minutes without finding another
      ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 100000000000)"
          + " WHERE PROBE(X) < 3 OR X = 99999999999");
      assertTrue(rs.next());
      assertTrue(rs.next());
      SQLException e = assertThrows(SQLException.class, rs::next);
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertTrue(BackendProbe.awaitQuiet(500, 10_000), "H2 stopped scanning");
      assertUsable(c);
    }
  }

  @Test
  void queryTimeoutStopsABatch() throws Exception {
    try (Connection c = connect("plain");
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      s.addBatch("INSERT INTO sink VALUES (1)");
      s.addBatch("INSERT INTO sink " + longQuery(13));
      SQLException e = assertThrows(SQLException.class, s::executeBatch);
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertGoneFromTheDatabase(longQuery(13));
      assertUsable(c);
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheQueryWith57014() throws Exception {
    try (Connection c = connect("plain");
        Statement s = c.createStatement()) {
      String sql = longQuery(21);
      Future<SQLException> waiter = background.submit(() -> {
        try {
          s.executeQuery(sql);
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      assertTrue(DirectH2.awaitExecuting(direct, sql, 10_000), "H2 started the query");
      s.cancel();
      SQLException e = waiter.get(30, TimeUnit.SECONDS);
      assertTrue(e != null, "the query did not end normally");
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertGoneFromTheDatabase(sql);
      // the statement can run again, and so can the session
      try (ResultSet rs = s.executeQuery("SELECT 7")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
      }
      assertUsable(c);
    }
  }

  @Test
  void cancelStopsAResultWhoseNextRowTakesForever() throws Exception {
    try (Connection c = connect("lazy");
        Statement s = c.createStatement()) {
      s.setFetchSize(1);
      // PROBE(X) keeps H2 from looking the values up in the range's index: it must scan
      ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 100000000000)"
          + " WHERE PROBE(X) = 1 OR X = 99999999999");
      assertTrue(rs.next());
      Future<SQLException> reader = background.submit(() -> {
        try {
          boolean more = rs.next();
          return new SQLException("rs.next() returned " + more + " instead of failing", "none");
        } catch (SQLException e) {
          return e;
        }
      });
      Thread.sleep(300); // let the reader block on the second row
      s.cancel();
      SQLException e = reader.get(30, TimeUnit.SECONDS);
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(BackendProbe.awaitQuiet(500, 10_000), "H2 stopped scanning");
      assertUsable(c);
    }
  }

  @Test
  void cancelInsideATransactionKeepsTheTransaction() throws Exception {
    try (Connection c = connect("plain")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO sink VALUES (42)");
        String sql = longQuery(31);
        Future<SQLException> waiter = background.submit(() -> {
          try {
            s.executeQuery(sql);
            return null;
          } catch (SQLException e) {
            return e;
          }
        });
        assertTrue(DirectH2.awaitExecuting(direct, sql, 10_000));
        s.cancel();
        assertEquals("57014", waiter.get(30, TimeUnit.SECONDS).getSQLState());
        assertGoneFromTheDatabase(sql);
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sink WHERE n = 42")) {
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1), "the transaction's earlier insert is still there");
        }
      }
      c.rollback();
    }
  }
}
