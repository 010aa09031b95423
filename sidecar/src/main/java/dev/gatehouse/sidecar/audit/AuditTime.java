package dev.gatehouse.sidecar.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one timestamp form of the log: ISO-8601 UTC with exactly three fraction digits.
 *
 * <p>Every record and every chain-head write formats one, on the path of the statement that
 * waits for its record. {@link DateTimeFormatter} builds a zoned date-time and a fraction
 * through {@code BigDecimal} each time (about 4 % of a point query's sidecar CPU in a profile);
 * within one second only the milliseconds change, so the text up to the seconds is formatted
 * once per second and kept.
 */
final class AuditTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.").withZone(ZoneOffset.UTC);

  /** The last second formatted; replaced whole, so a reader never sees a torn pair. */
  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private AuditTime() {}

  static String format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    Second second = last;
    if (second.epochSecond != epochSecond) {
      second = new Second(epochSecond, TO_SECONDS.format(Instant.ofEpochSecond(epochSecond)));
      last = second;
    }
    int millis = instant.getNano() / 1_000_000;
    char[] text = new char[second.prefix.length() + 4];
    second.prefix.getChars(0, second.prefix.length(), text, 0);
    int at = second.prefix.length();
    text[at] = (char) ('0' + millis / 100);
    text[at + 1] = (char) ('0' + millis / 10 % 10);
    text[at + 2] = (char) ('0' + millis % 10);
    text[at + 3] = 'Z';
    return new String(text);
  }

  /** The general formatter, which {@link #format} must always agree with (AuditTimeTest). */
  static String formatSlowly(Instant instant) {
    return FORMAT.format(instant);
  }

  static Instant parse(String text) {
    return Instant.parse(text);
  }

  private record Second(long epochSecond, String prefix) {}
}
