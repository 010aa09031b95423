package dev.gatehouse.sidecar.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one timestamp form of the log: ISO-8601 UTC with exactly three fraction digits. */
final class AuditTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AuditTime() {}

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  static Instant parse(String text) {
    return Instant.parse(text);
  }
}
