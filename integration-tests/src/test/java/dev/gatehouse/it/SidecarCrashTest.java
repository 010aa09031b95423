package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar dies (SIGKILL) while a result streams, then comes back on the same port.
 *
 * <p>What we promise: the reader of the broken result gets 08006 naming the sidecar's address,
 * not a hang and not a silently short result. A session lives in the sidecar, so it does not
 * survive it: the old Connection stays broken (08006 while nothing listens, 08003 "no such
 * session … open a new connection" once a new sidecar answers, isValid false, close quiet),
 * and a new connection to the restarted sidecar works at once.
 */
@Timeout(180)
class SidecarCrashTest {
  @TempDir Path dir;

  @Test
  void killedMidQueryIs08006AndANewConnectionWorksAfterRestart() throws Exception {
    SidecarProcess.Config config = new SidecarProcess.Config(dir, "crash",
        "jdbc:h2:mem:crash;DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
    SidecarProcess first = SidecarProcess.start(config, 0, "-Xmx256m");
    SidecarProcess second = null;
    try {
      int port = first.port();
      Connection old = first.connect(config, "crash", "survivor");
      Statement s = old.createStatement();
      s.setFetchSize(100);
      ResultSet rs = s.executeQuery(
          "SELECT X, REPEAT('x', 100) FROM SYSTEM_RANGE(1, 1000000000)");
      long read = 0;
      for (; read < 1000; read++) {
        assertTrue(rs.next());
      }
      first.kill();

      SQLException broken = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(SQLException.class, () -> {
            while (rs.next()) {
              // rows already on their way may still arrive; then the break must show
            }
          }), "reading on after the kill fails, it neither hangs nor ends quietly");
      assertEquals("08006", broken.getSQLState(), broken.getMessage());
      assertInstanceOf(SQLNonTransientConnectionException.class, broken);
      assertTrue(broken.getMessage().contains("127.0.0.1:" + port), broken.getMessage());

      // nothing listens now: the old connection fails at once, as does a new one
      SQLException whileDown = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
      assertEquals("08006", whileDown.getSQLState(), whileDown.getMessage());
      SQLException connectWhileDown = assertThrows(SQLException.class,
          () -> first.connect(config, "crash", "survivor"));
      assertEquals("08001", connectWhileDown.getSQLState(), connectWhileDown.getMessage());

      second = SidecarProcess.start(config, port, "-Xmx256m");
      assertEquals(port, second.port());
      try (Connection fresh = second.connect(config, "crash", "survivor");
          Statement t = fresh.createStatement();
          ResultSet r = t.executeQuery("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100)")) {
        assertTrue(r.next());
        assertEquals(5050, r.getLong(1));
      }

      // the old Connection's session died with the first sidecar; it says so and stays dead
      SQLException stale = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
      assertEquals("08003", stale.getSQLState(), stale.getMessage());
      assertTrue(stale.getMessage().contains("open a new connection"), stale.getMessage());
      assertFalse(old.isValid(5));
      old.close();
      assertTrue(old.isClosed());
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /**
   * What the crash test above does not show: a statement still waiting for its first reply (no
   * rows yet), and a transaction in progress. The waiting statement fails with 08006 instead of
   * hanging; the transaction's commit fails, so the agent never believes it committed; after the
   * restart a new connection works.
   */
  @Test
  void killedUnderAWaitingStatementAndAnOpenTransactionFailsBothClearly() throws Exception {
    SidecarProcess.Config config = new SidecarProcess.Config(dir, "crash",
        "jdbc:h2:mem:crash2;DB_CLOSE_DELAY=-1");
    SidecarProcess first = SidecarProcess.start(config, 0, "-Xmx256m");
    SidecarProcess second = null;
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      int port = first.port();
      Connection waiting = first.connect(config, "crash", "waiter");
      Connection tx = first.connect(config, "crash", "writer");
      try (Statement ddl = tx.createStatement()) {
        ddl.execute("CREATE TABLE ledger (n INT)");
      }
      tx.setAutoCommit(false);
      Statement insert = tx.createStatement();
      assertEquals(1, insert.executeUpdate("INSERT INTO ledger VALUES (1)"));

      // minutes of work for H2 before the first row
      Future<SQLException> waiter = background.submit(() -> {
        try (Statement s = waiting.createStatement()) {
          s.executeQuery("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)").close();
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      Thread.sleep(500); // let the statement reach the sidecar and start on H2
      assertFalse(waiter.isDone(), "the long statement is still running before the kill");
      first.kill();

      SQLException lost = waiter.get(30, TimeUnit.SECONDS);
      assertNotNull(lost, "the waiting statement ended normally although the sidecar died");
      assertEquals("08006", lost.getSQLState(), lost.getMessage());
      assertTrue(lost.getMessage().contains("127.0.0.1:" + port), lost.getMessage());

      SQLException commit = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(SQLException.class, tx::commit));
      assertEquals("08006", commit.getSQLState(), commit.getMessage());

      second = SidecarProcess.start(config, port, "-Xmx256m");
      try (Connection fresh = second.connect(config, "crash", "writer");
          Statement t = fresh.createStatement();
          ResultSet r = t.executeQuery("SELECT 6 * 7")) {
        assertTrue(r.next());
        assertEquals(42, r.getInt(1));
      }
      // the transaction's session died with the first sidecar: its commit still fails, now
      // saying that the session is gone
      SQLException stale = assertThrows(SQLException.class, tx::commit);
      assertEquals("08003", stale.getSQLState(), stale.getMessage());
      assertTrue(stale.getMessage().contains("open a new connection"), stale.getMessage());
      waiting.close();
      tx.close();
    } finally {
      background.shutdownNow();
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }
}
