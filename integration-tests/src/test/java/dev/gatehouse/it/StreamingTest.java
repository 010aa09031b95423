package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large results stream in batches, and a result closed early stops the query on the database.
 *
 * <p>The datasource runs H2 with {@code LAZY_QUERY_EXECUTION=TRUE}, so H2 produces rows as the
 * sidecar reads them, like a server-side cursor. H2 lives in this JVM; the {@link BackendProbe}
 * function counts the rows it really produces, which tells a stopped query from one the driver
 * merely stopped listening to. (H2's INFORMATION_SCHEMA.SESSIONS does not show a lazy query
 * between fetches, so it cannot tell.)
 */
@Timeout(120)
class StreamingTest {
  private static final String DB = "it-stream";
  private static final long MILLION = 1_000_000;
  /** Rows 1 to 3 come at once; after them H2 scans on without finding another for hours. */
  private static final String ENDLESS_SCAN =
      "SELECT X FROM SYSTEM_RANGE(1, 1000000000000) WHERE PROBE(X) < 4 OR X = 999999999999";

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll()
          .datasource("stream", DirectH2.url(DB, "LAZY_QUERY_EXECUTION=TRUE"), "sa", "")
          .build();

  private static Connection direct;

  @BeforeAll
  static void createProbe() throws SQLException {
    direct = DirectH2.connect(DB);
    try (Statement s = direct.createStatement()) {
      // DETERMINISTIC: H2 never runs a query lazily if it calls a non-deterministic function
      s.execute("CREATE ALIAS PROBE DETERMINISTIC FOR 'dev.gatehouse.it.BackendProbe.probe'");
      // made here, not through Gatehouse: the sidecar does not understand H2's temporary tables
      s.execute("CREATE TABLE IF NOT EXISTS scratch (n INT)");
    }
  }

  @AfterAll
  static void closeDirect() throws SQLException {
    direct.close();
  }

  private static Connection connect() throws SQLException {
    return sidecar.connect(sidecar.principal("streamer"), "stream");
  }

  @ParameterizedTest(name = "fetch size {0}")
  @ValueSource(ints = {0, 10, 5000})
  void aMillionRowsStreamInOrderAndAddUp(int fetchSize) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.setFetchSize(fetchSize);
      long rows = 0;
      long sum = 0;
      try (ResultSet rs = s.executeQuery(
          "SELECT X, X * 2, CONCAT('row-', X) FROM SYSTEM_RANGE(1, " + MILLION + ")")) {
        while (rs.next()) {
          long x = rs.getLong(1);
          rows++;
          if (x != rows || rs.getLong(2) != 2 * x || !rs.getString(3).equals("row-" + x)) {
            throw new AssertionError("row " + rows + " came as " + x + ", " + rs.getLong(2)
                + ", " + rs.getString(3));
          }
          sum += x;
        }
      }
      assertEquals(MILLION, rows);
      assertEquals(MILLION * (MILLION + 1) / 2, sum);
      // the session goes on after a long result
      try (ResultSet rs = s.executeQuery("SELECT 42")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1));
      }
    }
  }

  @Test
  void maxRowsCutsALongResultAndSaysSo() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.setMaxRows(1234);
      long rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, " + MILLION + ")")) {
        while (rs.next()) {
          rows++;
        }
      }
      assertEquals(1234, rows);
      assertNotNull(s.getWarnings(), "a cut result carries a warning");
    }
  }

  @Test
  void closingAResultSetEarlyStopsTheBackendQuery() throws Exception {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(ENDLESS_SCAN)) {
      // three rows a batch, so the first three arrive while H2 scans on for the fourth
      ps.setFetchSize(3);
      ResultSet rs = ps.executeQuery();
      for (int i = 1; i <= 3; i++) {
        assertTrue(rs.next());
        assertEquals(i, rs.getLong(1));
      }
      assertTrue(backendIsProducingRows(), "H2 is scanning for the fourth row");
      assertTimeoutPreemptively(Duration.ofSeconds(10), rs::close, "close returns promptly");
      assertTrue(BackendProbe.awaitQuiet(500, 10_000),
          "after the early close H2 stopped producing rows");
      assertSessionUsable(c);
    }
  }

  @Test
  void closingTheConnectionDuringAResultStopsTheBackendQuery() throws Exception {
    Connection c = connect();
    PreparedStatement ps = c.prepareStatement(ENDLESS_SCAN);
    ps.setFetchSize(2);
    ResultSet rs = ps.executeQuery();
    assertTrue(rs.next());
    assertTrue(backendIsProducingRows());
    assertTimeoutPreemptively(Duration.ofSeconds(10), c::close, "close returns promptly");
    assertTrue(rs.isClosed());
    assertTrue(BackendProbe.awaitQuiet(500, 10_000),
        "after the connection closed H2 stopped producing rows");
  }

  @Test
  void fiftyEarlyClosesInARowDoNotLeakPooledConnections() throws Exception {
    // the pool holds 16 backend connections; a close that did not give its connection back
    // would exhaust it within 16 rounds, and the next statement would wait 10 s and fail
    try (Connection c = connect()) {
      for (int round = 0; round < 50; round++) {
        try (Statement s = c.createStatement()) {
          s.setFetchSize(round % 2 == 0 ? 100 : 0);
          ResultSet rs = s.executeQuery(
              "SELECT X, REPEAT('x', 200) FROM SYSTEM_RANGE(1, 1000000000000)");
          for (int i = 0; i < 5; i++) {
            assertTrue(rs.next());
          }
          assertTimeoutPreemptively(Duration.ofSeconds(10), rs::close);
        }
      }
      assertSessionUsable(c);
    }
    // and all 16 can still be held at once: each open transaction pins one
    List<Connection> holders = new ArrayList<>();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        for (int i = 0; i < 16; i++) {
          Connection h = connect();
          holders.add(h);
          h.setAutoCommit(false);
          assertSessionUsable(h);
        }
      });
    } finally {
      for (Connection h : holders) {
        h.close();
      }
    }
  }

  @Test
  void anEarlyCloseNeverCancelsAnotherSessionsStatement() throws Exception {
    // Stopping a backend query must not leave a cancel pending on the pooled connection, where
    // it would fail whichever statement borrows that connection next, of any agent.
    try (Connection closer = connect();
        Connection bystander = connect()) {
      for (int round = 0; round < 30; round++) {
        try (Statement s = closer.createStatement()) {
          s.setFetchSize(50);
          ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 1000000000000)");
          assertTrue(rs.next());
          rs.close();
        }
        assertScanWorks(bystander, "bystander, round " + round);
        assertScanWorks(closer, "closer, round " + round);
      }
    }
  }

  @Test
  void anEarlyCloseInsideATransactionLeavesTheTransactionUsable() throws Exception {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO scratch VALUES (1)");
      }
      for (int round = 0; round < 30; round++) {
        try (Statement s = c.createStatement()) {
          s.setFetchSize(50);
          ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 1000000000000)");
          assertTrue(rs.next());
          rs.close();
        }
        assertScanWorks(c, "same transaction, round " + round);
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO scratch VALUES (2)");
      }
      c.commit();
    }
  }

  /** A statement that scans enough rows for H2 to notice a pending cancel. */
  private static void assertScanWorks(Connection c, String who) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SUM(X) FROM SYSTEM_RANGE(1, 20000) WHERE MOD(X, 3) >= 0")) {
      assertTrue(rs.next());
      assertEquals(20000L * 20001 / 2, rs.getLong(1), who);
    } catch (SQLException e) {
      throw new AssertionError(who + ": " + e.getSQLState() + " " + e.getMessage(), e);
    }
  }

  @Test
  void abandoningAResultByRunningTheNextStatementStopsIt() throws Exception {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(ENDLESS_SCAN)) {
      ps.setFetchSize(3);
      ResultSet rs = ps.executeQuery();
      assertTrue(rs.next());
      assertTrue(backendIsProducingRows());
      // re-executing a statement closes its open result set (JDBC)
      try (Statement other = c.createStatement()) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
          ps.close();
          return other.executeQuery("SELECT 1").next();
        });
      }
      assertTrue(BackendProbe.awaitQuiet(500, 10_000),
          "after the statement closed H2 stopped producing rows");
      assertTrue(rs.isClosed(), "closing the statement closed its result set");
    }
  }

  /** True if the probe count still grows (H2 is working on the query). */
  private static boolean backendIsProducingRows() throws InterruptedException {
    long before = BackendProbe.calls();
    Thread.sleep(200);
    return BackendProbe.calls() > before;
  }

  private static void assertSessionUsable(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SYSTEM_RANGE(1, 10)")) {
      assertTrue(rs.next());
      assertEquals(10, rs.getInt(1));
    }
  }
}
