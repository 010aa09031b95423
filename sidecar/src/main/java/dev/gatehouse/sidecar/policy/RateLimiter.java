package dev.gatehouse.sidecar.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * {@code limits.statements_per_minute}: a token bucket per principal, refilled continuously, so
 * a principal may burst up to the limit and then runs at the limit's pace.
 */
public final class RateLimiter {
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).maximumSize(100_000).build();

  /**
   * Takes one statement from {@code principal}'s budget.
   *
   * @return whether the statement may run
   */
  public boolean tryAcquire(String principal, int perMinute, long nowNanos) {
    if (perMinute <= 0) {
      return true;
    }
    Bucket b = buckets.get(principal, k -> new Bucket(perMinute, nowNanos));
    return b.take(perMinute, nowNanos);
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean take(int perMinute, long now) {
      double refill = (now - last) / 60e9 * perMinute;
      tokens = Math.min(perMinute, tokens + refill);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
