package dev.gatehouse.sidecar.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in the configuration: plain bytes ({@code 1048576}) or a number with a unit,
 * {@code 512KB}, {@code 100MB}, {@code 1GiB}. Units are binary: {@code MB} and {@code MiB} both
 * mean 1024², as in logback and most log-rotation settings, and as {@link
 * AuditConfig#DEFAULT_MAX_FILE_BYTES} is written.
 */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([A-Za-z]*)");
  private static final Map<String, Long> UNITS =
      Map.of(
          "", 1L,
          "b", 1L,
          "kb", 1L << 10,
          "kib", 1L << 10,
          "mb", 1L << 20,
          "mib", 1L << 20,
          "gb", 1L << 30,
          "gib", 1L << 30,
          "tb", 1L << 40,
          "tib", 1L << 40);

  private ByteSize() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a size; the message completes
   *     "expected …"
   */
  static long parse(String text) {
    Matcher size = SIZE.matcher(text);
    Long unit = size.matches() ? UNITS.get(size.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("a size like 100MB, 1GiB or a number of bytes");
    }
    try {
      return Math.multiplyExact(Long.parseLong(size.group(1)), unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("a size smaller than 8 EiB", e);
    }
  }
}
