package dev.gatehouse.sidecar.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How durations are written in configuration and policy: a number and a unit, {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or several from the largest unit down, {@code
 * 1m30s}, {@code 1h30m}. A bare number is refused: {@code timeout: 30} could mean seconds or
 * milliseconds, and guessing wrong is a silent outage or a silent hole.
 */
public final class DurationSyntax {
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final List<String> UNITS_LARGEST_FIRST = List.of("d", "h", "m", "s", "ms");

  private DurationSyntax() {}

  /**
   * Parses a duration; a leading {@code -} is accepted so that callers can say "must be
   * positive" rather than "not a duration".
   *
   * @throws IllegalArgumentException when {@code text} is not a duration; the message completes
   *     "expected …", e.g. {@code a duration like 500ms, 30s, 5m, 2h or 1d}
   */
  public static Duration parse(String text) {
    boolean negative = text.startsWith("-");
    String rest = negative ? text.substring(1) : text;
    if (rest.isEmpty()) {
      throw notADuration();
    }
    Matcher part = PART.matcher(rest);
    Duration total = Duration.ZERO;
    int end = 0;
    int lastUnitRank = -1;
    while (part.lookingAt()) {
      int rank = UNITS_LARGEST_FIRST.indexOf(part.group(2));
      if (rank <= lastUnitRank) {
        throw notADuration();
      }
      lastUnitRank = rank;
      total = total.plus(amount(Long.parseLong(part.group(1)), part.group(2)));
      end = part.end();
      part.region(end, rest.length());
    }
    if (end != rest.length()) {
      throw notADuration();
    }
    return negative ? total.negated() : total;
  }

  /** Writes a duration the way {@link #parse} reads it, e.g. {@code 1m30s}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
    Duration rest = duration.abs();
    append(out, rest.toDays(), "d");
    append(out, rest.toHoursPart(), "h");
    append(out, rest.toMinutesPart(), "m");
    append(out, rest.toSecondsPart(), "s");
    append(out, rest.toMillisPart(), "ms");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount != 0) {
      out.append(amount).append(unit);
    }
  }

  private static Duration amount(long amount, String unit) {
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  private static IllegalArgumentException notADuration() {
    return new IllegalArgumentException("a duration like 500ms, 30s, 5m, 2h or 1d (or 1m30s)");
  }
}
