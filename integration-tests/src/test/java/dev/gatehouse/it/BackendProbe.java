package dev.gatehouse.it;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A Java function H2 calls once per row it produces ({@code CREATE ALIAS PROBE
 * DETERMINISTIC FOR 'dev.gatehouse.it.BackendProbe.probe'}). H2 runs inside the test JVM, so the test can watch the
 * count: while it grows the backend is still working on the query; when it stops, the query was
 * really stopped, not just abandoned by the driver.
 */
public final class BackendProbe {
  private static final AtomicLong CALLS = new AtomicLong();

  private BackendProbe() {}

  /** Called by H2 for each row; returns its argument. */
  public static long probe(long x) {
    CALLS.incrementAndGet();
    return x;
  }

  static long calls() {
    return CALLS.get();
  }

  /**
   * Waits up to {@code millis} for the count to stand still for {@code quietMillis}.
   *
   * @return true if it did
   */
  static boolean awaitQuiet(long quietMillis, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    long last = calls();
    long stableSince = System.nanoTime();
    while (System.nanoTime() < end) {
      Thread.sleep(25);
      long now = calls();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince >= quietMillis * 1_000_000) {
        return true;
      }
    }
    return false;
  }
}
