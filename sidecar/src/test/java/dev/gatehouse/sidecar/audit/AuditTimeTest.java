package dev.gatehouse.sidecar.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AuditTimeTest {
  @Test
  void agreesWithTheFormatterOnEdgesOfSecondsDaysAndYears() {
    for (String edge : new String[] {
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2026-11-27T23:59:59.999999999Z",
        "2028-02-29T12:00:00.001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
        "2026-06-30T23:59:59.5Z"}) {
      Instant at = Instant.parse(edge);
      assertEquals(AuditTime.formatSlowly(at), AuditTime.format(at), edge);
      // the same second again (the kept prefix) and the next one (a new prefix)
      assertEquals(AuditTime.formatSlowly(at.plusNanos(1)), AuditTime.format(at.plusNanos(1)));
      assertEquals(AuditTime.formatSlowly(at.plusSeconds(1)), AuditTime.format(at.plusSeconds(1)));
    }
  }

  @Test
  void agreesWithTheFormatterOnRandomInstantsAndRoundTrips() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      // mostly near each other, so the kept second is used as well as replaced
      long second = i % 2 == 0 ? 1_700_000_000L + random.nextInt(3)
          : random.nextLong(-62_135_596_800L, 253_402_300_799L);
      Instant at = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      String text = AuditTime.format(at);
      assertEquals(AuditTime.formatSlowly(at), text);
      assertEquals(at.toEpochMilli(), AuditTime.parse(text).toEpochMilli());
    }
  }

  @Test
  void manyThreadsFormattingDifferentSecondsNeverMixThem() throws InterruptedException {
    Thread[] threads = new Thread[4];
    AssertionError[] failure = new AssertionError[1];
    for (int t = 0; t < threads.length; t++) {
      long base = 1_800_000_000L + t * 86_400L;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 50_000; i++) {
          Instant at = Instant.ofEpochSecond(base + i % 3, (i % 1000) * 1_000_000L);
          String text = AuditTime.format(at);
          if (!text.equals(AuditTime.formatSlowly(at))) {
            failure[0] = new AssertionError(at + " formatted as " + text);
          }
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }
}
