package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure, measured where it matters: a sidecar JVM limited to 256 MB streams a
 * ten-million-row result (three columns, well over a gigabyte were it held at once) to the end.
 *
 * <p>A reader as fast as the sidecar would prove nothing: nothing piles up when the consumer
 * keeps pace. So the reader stops for a while early on, as a slow agent does; a sidecar that
 * kept reading the database meanwhile would have to hold the rest of the result. Encoded rows
 * wait in Netty's direct buffers, not on the heap, so the child's direct memory is capped too
 * (64 MB; by default it may grow as large as the heap). Checked: with the isReady() test removed
 * from the sidecar's ExecuteCall, the child fails after about 2.8 million rows with "Cannot
 * reserve … bytes of direct buffer memory", and this test fails.
 *
 * <p>The child runs with {@code -XX:+ExitOnOutOfMemoryError}, so running out of heap on any
 * thread ends it; its stderr is searched for OutOfMemoryError as well, which also catches the
 * direct-memory kind that flag does not cover.
 */
@Timeout(300)
class SidecarMemoryTest {
  private static final long ROWS = 10_000_000;
  /** How long the reader stops: long enough for a sidecar without backpressure to fill 64 MB. */
  private static final long PAUSE_MILLIS = 6_000;

  @TempDir Path dir;

  @Test
  void tenMillionRowsThroughA256MbSidecar() throws Exception {
    SidecarProcess.Config config = new SidecarProcess.Config(dir, "big",
        "jdbc:h2:mem:big;DB_CLOSE_DELAY=-1;LAZY_QUERY_EXECUTION=TRUE");
    try (SidecarProcess sidecar =
        SidecarProcess.start(config, 0, "-Xmx256m", "-XX:MaxDirectMemorySize=64m",
            "-XX:+ExitOnOutOfMemoryError")) {
      long start = System.nanoTime();
      long rows = 0;
      long sum = 0;
      try (Connection c = sidecar.connect(config, "big", "bulk-reader");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT X, X * 2, CONCAT('row-', X) FROM SYSTEM_RANGE(1, " + ROWS + ")")) {
        while (rs.next()) {
          long x = rs.getLong(1);
          rows++;
          if (x != rows || rs.getLong(2) != 2 * x) {
            throw new AssertionError("row " + rows + " came as " + x + ", " + rs.getLong(2));
          }
          if (x % 1000 == 0 && !rs.getString(3).equals("row-" + x)) {
            throw new AssertionError("row " + x + " has " + rs.getString(3));
          }
          sum += x;
          if (rows == 100_000) {
            Thread.sleep(PAUSE_MILLIS);
            assertTrue(sidecar.process().isAlive(), "the sidecar survived a slow reader"
                + sidecar.output());
          }
        }
      } catch (SQLException e) {
        throw new AssertionError("after " + rows + " rows: " + e + sidecar.output(), e);
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000;
      System.out.println("SidecarMemoryTest: " + rows + " rows in " + seconds + " s");
      assertEquals(ROWS, rows);
      assertEquals(ROWS * (ROWS + 1) / 2, sum);
      assertTrue(sidecar.process().isAlive(), "the sidecar survived" + sidecar.output());
      assertFalse(sidecar.stderr().contains("OutOfMemoryError"), sidecar.output());
      // and it still serves
      try (Connection c = sidecar.connect(config, "big", "bulk-reader");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
    }
  }
}
