package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wide rows through a sidecar JVM limited to 128 MB, on this machine's PostgreSQL and MariaDB,
 * whose drivers hold a whole fetch of rows in the sidecar's heap. With a fixed fetch of 1,000 rows one agent's
 * {@code SELECT} of a table of 1 MB rows made the sidecar run out of memory, and every agent
 * behind it lost its database (seen: 600 such rows killed a 256 MB sidecar). Now the first fetch
 * is small and the fetch size follows the rows' width, and PostgreSQL's driver refuses a fetch
 * larger than the sidecar's fetch memory ({@code maxResultBuffer}): a row too large to hold
 * fails that statement with 54000, and the sidecar and the session go on.
 *
 * <p>The child runs with {@code -XX:+ExitOnOutOfMemoryError}: running out of heap on any thread
 * ends it, and the test sees a dead sidecar.
 */
@Timeout(300)
class WideRowsMemoryTest {
  /** 200 rows of 1 MB: 200 MB, more than the child's whole heap. */
  private static final int WIDE_ROWS = 200;
  private static final int ROW_BYTES = 1 << 20;
  /** A 128 MB heap gives 16 MB of fetch memory (Backend.fetchMemory); this row is larger. */
  private static final int HUGE_ROW_BYTES = 24 << 20;

  private static Databases.Scratch pg;
  private static Databases.Scratch maria;

  @TempDir Path dir;

  @BeforeAll
  static void tables() throws SQLException {
    if (!Databases.postgresReachable()) {
      return;
    }
    pg = Databases.Scratch.postgres("gh_wide");
    try (Connection c = pg.direct(); Statement s = c.createStatement()) {
      // md5 text repeated, so TOAST cannot compress it to nothing: the bytes really travel
      s.execute("CREATE TABLE wide_rows AS SELECT g AS id, repeat(md5(g::text), " + ROW_BYTES / 32
          + ") AS body FROM generate_series(1, " + WIDE_ROWS + ") g");
      s.execute("CREATE TABLE huge_row AS SELECT 1 AS id, repeat(md5('huge'), "
          + HUGE_ROW_BYTES / 32 + ") AS body");
    }
  }

  @BeforeAll
  static void mariadbTable() throws SQLException {
    if (!Databases.mariadbReachable()) {
      return;
    }
    maria = Databases.Scratch.mariadb("gh_wide");
    try (Connection c = maria.direct(); Statement s = c.createStatement()) {
      // narrow rows first, so the fetch grows to its largest, then wide ones it must shrink for
      s.execute("CREATE TABLE mixed_rows (id INT PRIMARY KEY, body LONGTEXT)");
      s.execute("INSERT INTO mixed_rows SELECT seq, CONCAT('narrow-', seq) FROM seq_1_to_5000");
      s.execute("INSERT INTO mixed_rows SELECT seq, REPEAT(MD5(seq), " + ROW_BYTES / 32
          + ") FROM seq_5001_to_" + (5000 + WIDE_ROWS));
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    if (pg != null) {
      pg.close();
    }
    if (maria != null) {
      maria.close();
    }
  }

  /**
   * MariaDB's driver reads a streamed result a fetch at a time from the socket: the fetch size
   * set on its result set mid-stream (grown for the narrow rows, shrunk for the wide ones) must
   * take, or 1,000 wide rows at once would not fit the child's heap.
   */
  @Test
  void mariadbNarrowThenWideRowsStreamThroughASmallSidecar() throws Exception {
    assumeTrue(maria != null, "MariaDB does not answer on 127.0.0.1:3306");
    SidecarProcess.Config config =
        new SidecarProcess.Config(dir, "maria", maria.url(), maria.user());
    try (SidecarProcess sidecar = SidecarProcess.start(config, 0, "-Xmx128m",
        "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");
        Connection c = sidecar.connect(config, "maria", "wide-reader");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, body FROM mixed_rows ORDER BY id")) {
      long rows = 0;
      try {
        while (rs.next()) {
          rows++;
          assertEquals(rows, rs.getLong(1));
          String body = rs.getString(2);
          if (rows <= 5000) {
            assertEquals("narrow-" + rows, body);
          } else {
            assertEquals(ROW_BYTES, body.length(), "row " + rows);
          }
        }
      } catch (SQLException e) {
        throw new AssertionError("after " + rows + " rows: " + e + sidecar.output(), e);
      }
      assertEquals(5000 + WIDE_ROWS, rows);
      assertTrue(sidecar.process().isAlive(), "the sidecar survived" + sidecar.output());
      assertFalse(sidecar.stderr().contains("OutOfMemoryError"), sidecar.output());
    }
  }

  @Test
  void wideRowsStreamThroughASmallSidecarAndATooLargeRowFailsOnlyItsStatement() throws Exception {
    assumeTrue(pg != null, "PostgreSQL does not answer on 127.0.0.1:5432");
    SidecarProcess.Config config = new SidecarProcess.Config(dir, "pg", pg.url(), pg.user());
    try (SidecarProcess sidecar = SidecarProcess.start(config, 0, "-Xmx128m",
        "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");
        Connection c = sidecar.connect(config, "pg", "wide-reader");
        Statement s = c.createStatement()) {
      long rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, body FROM wide_rows ORDER BY id")) {
        while (rs.next()) {
          rows++;
          String body = rs.getString(2);
          assertEquals(rows, rs.getLong(1));
          assertEquals(ROW_BYTES, body.length(), "row " + rows);
        }
      } catch (SQLException e) {
        throw new AssertionError("after " + rows + " rows: " + e + sidecar.output(), e);
      }
      assertEquals(WIDE_ROWS, rows);

      SQLException tooLarge = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery("SELECT id, body FROM huge_row")) {
          while (rs.next()) {
            rs.getString(2);
          }
        }
      });
      assertEquals("54000", tooLarge.getSQLState(), tooLarge.toString());
      assertTrue(tooLarge.getMessage().contains("too large for the sidecar"), tooLarge.getMessage());

      // the same session goes on (its backend connection was given up, not the session)
      try (ResultSet rs = s.executeQuery("SELECT count(*), sum(length(body)) FROM wide_rows")) {
        assertTrue(rs.next());
        assertEquals(WIDE_ROWS, rs.getLong(1));
        assertEquals((long) WIDE_ROWS * ROW_BYTES, rs.getLong(2));
      }
      assertTrue(sidecar.process().isAlive(), "the sidecar survived" + sidecar.output());
      assertFalse(sidecar.stderr().contains("OutOfMemoryError"), sidecar.output());
    }
  }
}
