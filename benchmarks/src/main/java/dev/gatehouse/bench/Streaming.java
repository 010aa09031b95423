package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Benchmark 2: the whole {@code wide} table (six columns of mixed type) read to the end, every
 * column of every row fetched as its type; rows per second from execute to the last row. The
 * masked variant checks that the values really came masked, and the unmasked ones that they came
 * whole, so a benchmark that measured the wrong thing fails.
 */
final class Streaming {
  private final BenchData data;
  private final Sizes sizes;

  Streaming(BenchData data, Sizes sizes) {
    this.data = data;
    this.sizes = sizes;
  }

  /**
   * Streams through {@code source}, adding a {@code stream/NAME} sample in rows per second.
   *
   * @param masked whether the source's principal is subject to masking
   */
  void measure(ConnectionSource source, boolean masked, Results results) {
    // The source before may have left hundreds of megabytes behind (direct PostgreSQL JDBC in
    // auto-commit holds its whole result); collect it now, or this source pays for it.
    System.gc();
    try (Connection c = source.open(); Statement s = c.createStatement()) {
      ProcessCounters.Snapshot before = ProcessCounters.now();
      long start = System.nanoTime();
      long rows = 0;
      boolean sawMasked = false;
      try (ResultSet rs = s.executeQuery(data.streamQuery())) {
        while (rs.next()) {
          rows++;
          rs.getLong(1);
          rs.getString(2);
          String email = rs.getString(3);
          String card = rs.getString(4);
          rs.getBigDecimal(5);
          rs.getTimestamp(6);
          if (rows == 1) {
            sawMasked = isMasked(email, card);
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ProcessCounters.Snapshot after = ProcessCounters.now();
      ProcessCounters work = after.since(before);
      if (Boolean.getBoolean("bench.threads")) {
        System.err.println("stream via " + source.name() + ", ns of CPU per row by thread:\n"
            + after.cpuByThreadGroup(before, rows));
      }
      if (rows != sizes.streamRows()) {
        results.error("stream via " + source.name() + ": " + rows + " rows, expected "
            + sizes.streamRows());
      } else if (sawMasked != masked) {
        results.error("stream via " + source.name() + ": values came "
            + (sawMasked ? "masked" : "unmasked") + ", expected the opposite");
      }
      results.add("stream/" + source.name(), "rows/s", rows / seconds);
      if (!source.name().startsWith("avatica")) {
        // the harness JVM holds client, sidecar and H2; PostgreSQL's own work is not in it.
        // Avatica's threads come and go, so its counters are not meaningful.
        results.add("stream/" + source.name() + "/cpu", "ns per row (harness JVM)",
            (double) work.cpuNanos() / rows);
      }
    } catch (SQLException | RuntimeException e) {
      results.error("stream via " + source.name() + ": " + e);
    }
  }

  /** Originals look like {@code user1@example.com} and {@code 4111 1111 1111 0001}. */
  private static boolean isMasked(String email, String card) {
    boolean emailOriginal = email != null && email.startsWith("user") && email.contains("@");
    boolean cardOriginal = card != null && card.startsWith("4111 1111");
    return !emailOriginal && !cardOriginal;
  }
}
