package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * Benchmark 1: one connection, one {@code PreparedStatement}, {@code SELECT … WHERE id = ?} with
 * a random id each time; the latency of execute-to-last-column, p50 and p99. Each answer is
 * checked (the id read back), so a source that returns wrong rows is an error, not a fast figure.
 * Next to the latencies it records the harness JVM's CPU time and thread wake-ups per query
 * ({@link ProcessCounters}), which a busy machine does not distort.
 */
final class PointQueries {
  private final BenchData data;
  private final Sizes sizes;

  PointQueries(BenchData data, Sizes sizes) {
    this.data = data;
    this.sizes = sizes;
  }

  /** Measures {@code source} once, adding {@code point/NAME/p50} and {@code /p99} samples. */
  void measure(ConnectionSource source, Results results) {
    try (Connection c = source.open();
        PreparedStatement ps = c.prepareStatement(data.pointQuery())) {
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < sizes.pointWarmup(); i++) {
        query(ps, random);
      }
      Latencies latencies = new Latencies(sizes.pointQueries());
      ProcessCounters.Snapshot before = ProcessCounters.now();
      for (int i = 0; i < sizes.pointQueries(); i++) {
        long start = System.nanoTime();
        query(ps, random);
        latencies.add(System.nanoTime() - start);
      }
      ProcessCounters work = ProcessCounters.now().since(before);
      results.add("point/" + source.name() + "/p50", "us", latencies.percentileMicros(50));
      double n = sizes.pointQueries();
      results.add("point/" + source.name() + "/cpu", "us per query (harness JVM)",
          work.cpuNanos() / 1000.0 / n);
      results.add("point/" + source.name() + "/switches", "blocking waits per query",
          work.voluntarySwitches() / n);
      results.add("point/" + source.name() + "/p99", "us", latencies.percentileMicros(99));
    } catch (SQLException | RuntimeException e) {
      results.error("point query via " + source.name() + ": " + e);
    }
  }

  private void query(PreparedStatement ps, SplittableRandom random) throws SQLException {
    long id = 1 + random.nextInt(sizes.pointTableRows());
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != id) {
        throw new IllegalStateException("row " + id + " did not come back");
      }
      rs.getString(2);
      rs.getBigDecimal(3);
    }
  }
}
