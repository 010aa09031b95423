package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Kubernetes, systemd and docker stop send) shuts the sidecar down cleanly: it
 * stops listening, rolls back the transactions its sessions left open, closes its pools and
 * exits with 143, the JVM's status for a SIGTERM that ran the shutdown hooks (128 + 15; a
 * SIGKILL is 137). Kubernetes treats 143 after a stop as a normal end; a systemd unit should
 * list {@code SuccessExitStatus=143}.
 *
 * <p>The database must outlive the sidecar to show what the sidecar left in it, so H2 runs in
 * this JVM behind its TCP server and the child sidecar connects to it over TCP. (H2 would also
 * roll back a transaction whose connection merely dropped; that the sidecar took its own clean
 * path is shown by the exit status, its "shutting down" line and an error-free stderr.)
 */
@Timeout(120)
class SidecarShutdownTest {
  /** The exit status of a JVM stopped by SIGTERM after its shutdown hooks ran. */
  static final int EXIT_ON_SIGTERM = 143;

  @TempDir Path dir;

  @Test
  void sigtermRollsBackOpenTransactionsAndExits143() throws Exception {
    String db = "it-shutdown";
    int port = freePort();
    Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port)).start();
    try (Connection direct = DirectH2.connect(db)) {
      try (Statement s = direct.createStatement()) {
        s.execute("CREATE TABLE item (id INT PRIMARY KEY, state VARCHAR(20))");
        s.execute("INSERT INTO item VALUES (1, 'original')");
      }
      SidecarProcess.Config config = new SidecarProcess.Config(dir, "shop",
          "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + db);
      try (SidecarProcess sidecar = SidecarProcess.start(config, 0, "-Xmx256m")) {
        Connection agent = sidecar.connect(config, "shop", "worker");
        Statement s = agent.createStatement();
        s.executeUpdate("INSERT INTO item VALUES (2, 'committed')");
        agent.setAutoCommit(false);
        s.executeUpdate("UPDATE item SET state = 'uncommitted' WHERE id = 1");
        s.executeUpdate("INSERT INTO item VALUES (3, 'uncommitted')");
        assertTrue(hasUncommittedWork(direct), "the open transaction holds changes on H2");

        int exit = sidecar.terminate(Duration.ofSeconds(30));

        assertEquals(EXIT_ON_SIGTERM, exit, "exit status after SIGTERM" + sidecar.output());
        assertTrue(sidecar.stderr().contains("gatehouse: shutting down"), sidecar.output());
        assertFalse(sidecar.stderr().contains("Exception"), "a clean shutdown" + sidecar.output());
        assertEquals("original", state(direct, 1), "the open transaction was rolled back");
        assertEquals("committed", state(direct, 2));
        assertEquals(null, state(direct, 3));
        assertFalse(hasUncommittedWork(direct));
        SQLException gone = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
        assertEquals("08006", gone.getSQLState(), gone.getMessage());
        agent.close();
      }
    } finally {
      h2.stop();
    }
  }

  private static boolean hasUncommittedWork(Connection direct) throws SQLException {
    try (Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
            + " WHERE CONTAINS_UNCOMMITTED")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  private static String state(Connection direct, int id) throws SQLException {
    try (Statement s = direct.createStatement();
        ResultSet rs = s.executeQuery("SELECT state FROM item WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
