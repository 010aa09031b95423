package dev.gatehouse.bench;

import java.util.Arrays;

/** Recorded durations in nanoseconds; grows as needed; one thread writes it. */
final class Latencies {
  private long[] nanos;
  private int size;

  Latencies(int expected) {
    nanos = new long[Math.max(16, expected)];
  }

  void add(long value) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = value;
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      add(other.nanos[i]);
    }
  }

  int count() {
    return size;
  }

  /** The {@code p}-th percentile (0 < p ≤ 100) in microseconds, nearest-rank. */
  double percentileMicros(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
  }
}
