package dev.gatehouse.bench;

import java.time.Duration;

/**
 * How big each benchmark is. {@link #QUICK} is the CI smoke test: every path runs once with tiny
 * sizes and no figure means anything; {@link #FULL} is the measurement in docs/PERFORMANCE.md.
 *
 * @param pointWarmup point queries run and discarded before measuring, per variant
 * @param pointQueries point queries measured, per variant and repeat
 * @param pointTableRows rows in the point-query table
 * @param streamRows rows in the streamed result
 * @param repeats how often the point and streaming benchmarks repeat (spread is reported)
 * @param clients connections in the concurrency benchmark
 * @param concurrencyTime how long each side of the concurrency benchmark runs
 * @param memoryRows rows streamed through the 256 MB child sidecar
 */
record Sizes(
    String name,
    int pointWarmup,
    int pointQueries,
    int pointTableRows,
    int streamRows,
    int repeats,
    int clients,
    Duration concurrencyTime,
    long memoryRows) {

  static final Sizes QUICK =
      new Sizes("quick", 200, 300, 1_000, 5_000, 1, 8, Duration.ofSeconds(2), 50_000);

  /** Mid-sized, for a run under a profiler (JFR): long enough for hot spots to show. */
  static final Sizes PROFILE = new Sizes("profile", 2_000, 10_000, 100_000, 200_000, 1, 16,
      Duration.ofSeconds(10), 200_000);

  /**
   * Point queries and streaming only, at full size and one repeat, for the before/after loop of an
   * optimisation (about a minute). Concurrency and memory are skipped (clients and memory rows 0).
   */
  static final Sizes LATENCY = new Sizes("latency", 3_000, 10_000, 100_000, 1_000_000, 1, 0,
      Duration.ZERO, 0);

  /**
   * Point queries only (stream rows 0), three repeats: the quickest before/after loop for
   * per-statement cost. The first repeat also warms the JIT up for every source.
   */
  static final Sizes POINT = new Sizes("point", 3_000, 10_000, 100_000, 0, 3, 0, Duration.ZERO, 0);

  /**
   * Streaming only (point queries 0), full size, three repeats: the before/after loop for the
   * streaming path.
   */
  static final Sizes STREAM = new Sizes("stream", 0, 0, 1_000, 1_000_000, 3, 0, Duration.ZERO, 0);

  static final Sizes FULL = new Sizes("full", 3_000, 10_000, 100_000, 1_000_000, 3, 64,
      Duration.ofSeconds(30), 10_000_000);
}
