package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's JDBC driver fetches a result in pieces only inside a transaction; in auto-commit
 * it reads the whole result into the sidecar's memory, so one large SELECT from an agent could
 * run the sidecar out of heap. An auto-commit query therefore runs in a transaction of its own.
 * The evidence is on the server: while the agent holds a half-read result, the sidecar's backend
 * connection is {@code idle in transaction} with the query's portal open (buffered, it would be
 * {@code idle}: the whole result already sent); once the result is closed, it is committed and
 * back to {@code idle}, and the session is still in auto-commit.
 */
class PostgresStreamingTest {
  private static final String POLICY = """
      default: deny
      rules:
        - name: agents-read
          when: { principals: [group:agents], statements: [select, insert] }
          effect: allow
      """;

  private static Databases.Scratch pg;
  private static GatehouseSidecar sidecar;

  @BeforeAll
  static void start() throws SQLException {
    if (!Databases.postgresReachable()) {
      return;
    }
    pg = Databases.Scratch.postgres("gh_stream");
    try (Connection c = pg.direct(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE stream_rows (id INT PRIMARY KEY, note TEXT)");
      // ~6 MB: far more than gRPC's flow-control window (1 MiB) and the socket buffers hold, so
      // a sidecar that streams must stop and wait for the agent; with small rows it could send
      // the whole result into the window, finish and commit before the test looks.
      s.execute("INSERT INTO stream_rows SELECT g, 'row ' || g || repeat('x', 300)"
          + " FROM generate_series(1, 20000) g");
      // a function a SELECT may call that writes, and whose transaction takes a second to commit
      s.execute("CREATE TABLE touched (id INT)");
      s.execute("CREATE FUNCTION touch() RETURNS INT LANGUAGE sql AS"
          + " 'INSERT INTO touched VALUES (1) RETURNING 1'");
      s.execute("CREATE FUNCTION slow_commit() RETURNS TRIGGER LANGUAGE plpgsql AS"
          + " 'BEGIN PERFORM pg_sleep(1); RETURN NULL; END'");
      s.execute("CREATE CONSTRAINT TRIGGER touched_slowly AFTER INSERT ON touched"
          + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
      // a function whose write is refused only at COMMIT (a deferred constraint trigger)
      s.execute("CREATE TABLE guarded (id INT)");
      s.execute("CREATE FUNCTION refuse_commit() RETURNS TRIGGER LANGUAGE plpgsql AS"
          + " 'BEGIN RAISE EXCEPTION ''refused at commit''; END'");
      s.execute("CREATE CONSTRAINT TRIGGER guarded_at_commit AFTER INSERT ON guarded"
          + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()");
      s.execute("CREATE FUNCTION guard() RETURNS INT LANGUAGE sql AS"
          + " 'INSERT INTO guarded VALUES (1) RETURNING 1'");
    }
    sidecar = GatehouseSidecar.builder().policyText(POLICY)
        .datasource("pg", pg.url(), pg.user(), "", pg.defaultSchema()).build().start();
  }

  @AfterAll
  static void stop() throws SQLException {
    if (sidecar != null) {
      sidecar.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static Connection agent() throws SQLException {
    Assumptions.assumeTrue(sidecar != null,
        "PostgreSQL is not reachable on 127.0.0.1:5432; its streaming test is skipped");
    return sidecar.connect(sidecar.principal("streamer").groups("agents"), "pg");
  }

  /** The server connections (not ours) whose last query carries {@code marker}: pid, state. */
  private static List<List<String>> backends(String marker) throws SQLException {
    List<List<String>> found = new ArrayList<>();
    try (Connection c = pg.direct(); PreparedStatement ps = c.prepareStatement(
        "SELECT pid, state FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE ?")) {
      ps.setString(1, "%" + marker + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(List.of(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return found;
  }

  /** The state and last query of server connection {@code pid}, once it is {@code idle}. */
  private static List<String> idleState(String pid) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Connection c = pg.direct(); PreparedStatement ps = c.prepareStatement(
          "SELECT state, query FROM pg_stat_activity WHERE pid = ?")) {
        ps.setInt(1, Integer.parseInt(pid));
        try (ResultSet rs = ps.executeQuery()) {
          List<String> row = rs.next() ? List.of(rs.getString(1), rs.getString(2)) : List.of();
          if (row.isEmpty() || row.get(0).equals("idle") || System.nanoTime() > deadline) {
            return row;
          }
        }
      }
      Thread.sleep(50);
    }
  }

  @Test
  void anAutoCommitQueryStreamsInATransactionOfItsOwn() throws Exception {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      assertTrue(c.getAutoCommit());
      s.setFetchSize(100);
      String sql = "SELECT id, note, 1 AS stream_marker_1 FROM stream_rows ORDER BY id";
      String pid;
      try (ResultSet rs = s.executeQuery(sql)) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        List<List<String>> open = backends("stream_marker_1");
        assertEquals(1, open.size(), open.toString());
        assertEquals("idle in transaction", open.get(0).get(1),
            "half-read, the result must still be open on the server, not buffered");
        pid = open.get(0).get(0);
        int rows = 1;
        while (rs.next()) {
          rows++;
        }
        assertEquals(20000, rows);
      }
      // the result is closed: its transaction is committed, the connection idle in the pool
      List<String> after = idleState(pid);
      assertEquals("idle", after.isEmpty() ? "gone" : after.get(0), after.toString());
      assertEquals("COMMIT", after.get(1).trim().toUpperCase(java.util.Locale.ROOT));
      // and the session is still in auto-commit: a write is visible at once to another
      // connection
      assertTrue(c.getAutoCommit());
      assertEquals(1, s.executeUpdate("INSERT INTO stream_rows VALUES (20001, 'after')"));
      try (Connection direct = pg.direct(); Statement d = direct.createStatement();
          ResultSet rs = d.executeQuery("SELECT note FROM stream_rows WHERE id = 20001")) {
        assertTrue(rs.next(), "the insert after a streamed query was not committed");
      }
    }
  }

  @Test
  void aQueryFailingMidStreamLeavesNoTransactionOpen() throws Exception {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      s.setFetchSize(100);
      String pid;
      // the rows before the failing one are about 18 MB: far more than gRPC's window and the
      // socket buffers, so the sidecar cannot reach the failure before this test looks (with
      // the quotient alone it could, and once did under load)
      try (ResultSet rs = s.executeQuery("SELECT 1 / (id - 15000) AS stream_marker_2,"
          + " repeat(note, 4) FROM stream_rows ORDER BY id")) {
        assertTrue(rs.next());
        List<List<String>> open = backends("stream_marker_2");
        assertEquals(1, open.size(), open.toString());
        pid = open.get(0).get(0);
        SQLException e = assertThrows(SQLException.class, () -> {
          while (rs.next()) {
            rs.getInt(1);
          }
        });
        assertEquals("22012", e.getSQLState(), e.getMessage());
      }
      // not left "idle in transaction (aborted)", where every later statement would fail:
      // idle in the pool, or closed (a statement stopped mid-stream is evicted, see Lease.taint)
      List<String> after = idleState(pid);
      assertTrue(after.isEmpty() || after.get(0).equals("idle"), after.toString());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stream_rows")) {
        assertTrue(rs.next());
        assertTrue(rs.getInt(1) >= 20000);
      }
    }
  }

  /**
   * A plain query's commit may finish after its result went out (it changes nothing), but one
   * calling a function may have written: the agent must not see its result before the write is
   * committed, as in auto-commit. The commit takes a second here (a deferred trigger), so a
   * commit left to finish later would still be running when the agent looks.
   */
  @Test
  void aQueryCallingAFunctionIsCommittedBeforeTheAgentSeesItsResult() throws Exception {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT touch()")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
      try (Connection direct = pg.direct(); Statement d = direct.createStatement();
          ResultSet rs = d.executeQuery("SELECT count(*) FROM touched")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1), "the function's write was not committed yet");
      }
    }
  }

  /**
   * The COMMIT of a query's own transaction can fail (a deferred constraint, a serialization
   * failure): its function's write is then undone, and the agent must hear so, not be told the
   * statement succeeded.
   */
  @Test
  void aQueryWhoseCommitFailsFailsAndItsWriteIsGone() throws Exception {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("SELECT guard()")) {
          while (rs.next()) {
            rs.getInt(1);
          }
        }
      });
      assertTrue(e.getMessage().contains("refused at commit"), e.getMessage());
      try (Connection direct = pg.direct(); Statement d = direct.createStatement();
          ResultSet rs = d.executeQuery("SELECT count(*) FROM guarded")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1));
      }
      // the session goes on, still in auto-commit
      assertTrue(c.getAutoCommit());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stream_rows")) {
        assertTrue(rs.next());
      }
    }
  }

  /**
   * A result capped below one fetch ({@code setMaxRows}) cannot grow past what a cursor would
   * fetch at a time, so it runs in plain auto-commit, without the COMMIT round trip: the
   * server's last word on its connection is the query itself.
   */
  @Test
  void aQueryCappedBelowOneFetchRunsInAutoCommit() throws Exception {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      s.setFetchSize(100);
      s.setMaxRows(10);
      int rows = 0;
      // no table column: the driver asks the catalog nothing about the result afterwards
      try (ResultSet rs = s.executeQuery(
          "SELECT g AS stream_marker_3 FROM generate_series(1, 500) AS g")) {
        while (rs.next()) {
          rows++;
        }
      }
      assertEquals(10, rows);
      List<List<String>> last = backends("stream_marker_3");
      assertEquals(1, last.size(), "its connection's last query was not the query: " + last);
      assertEquals("idle", last.get(0).get(1));
    }
  }
}
