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
      time(source.name(), sizes.pointWarmup(), sizes.pointQueries(), () -> query(ps, random),
          results);
    } catch (Exception e) {
      results.error("point query via " + source.name() + ": " + e);
    }
  }

  /** One round trip to time. */
  interface Round {
    void run() throws Exception;
  }

  /**
   * Runs {@code round} {@code warmup} times untimed, then {@code rounds} times timed, adding
   * {@code point/NAME/p50}, {@code /p99} and the CPU and wake-ups per round.
   */
  static void time(String name, int warmup, int rounds, Round round, Results results)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      round.run();
    }
    Latencies latencies = new Latencies(rounds);
    ProcessCounters.Snapshot before = ProcessCounters.now();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      round.run();
      latencies.add(System.nanoTime() - start);
    }
    ProcessCounters work = ProcessCounters.now().since(before);
    results.add("point/" + name + "/p50", "us", latencies.percentileMicros(50));
    results.add("point/" + name + "/cpu", "us per query (harness JVM)",
        work.cpuNanos() / 1000.0 / rounds);
    results.add("point/" + name + "/switches", "blocking waits per query",
        work.voluntarySwitches() / (double) rounds);
    results.add("point/" + name + "/p99", "us", latencies.percentileMicros(99));
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
