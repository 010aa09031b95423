package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * US social security numbers, {@code AAA-GG-SSSS} (or with spaces, {@code AAA GG SSSS}), outside
 * the ranges never issued: area 000, 666 and 900–999, group 00, serial 0000.
 *
 * <p>Nine bare digits are an SSN only when labelled: "SSN", "SS#", "social security" or
 * "soc. sec." within {@value #LABEL_WINDOW} characters before them. Unlabelled nine-digit runs
 * are ZIP+4 codes, phone numbers, order and account numbers far more often than SSNs, and
 * masking all of them would make results useless. Formatted numbers need no label: a US phone
 * number is 3-3-4 and never matches 3-2-4. A 3-2-4 shape glued to more digits
 * ({@code 1-123-45-6789}, {@code 123-45-6789-0}) is some other identifier and is left alone.
 */
final class SocialSecurityNumbers implements Finder {
  static final int LABEL_WINDOW = 24;
  private static final String[] LABELS = {"ssn", "ss#", "social security", "soc. sec", "soc sec"};

  @Override
  public Detector detector() {
    return Detector.US_SSN;
  }

  @Override
  public int gate() {
    return TextFeatures.DIGITS_9;
  }

  @Override
  public void find(String text, Spans out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Chars.isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && Chars.isDigit(text.charAt(i))) {
        i++;
      }
      int length = i - start;
      if (length == 3) {
        int end = formattedEnd(text, start);
        if (end > 0) {
          out.add(start, end, Detector.US_SSN);
          i = end;
        }
      } else if (length == 9 && validRanges(text, start, start + 3, start + 5)
          && labelled(text, start)) {
        out.add(start, i, Detector.US_SSN);
      }
    }
  }

  /** The end of a formatted SSN whose area starts at {@code start}, or -1. */
  private static int formattedEnd(String text, int start) {
    int n = text.length();
    char separator = start + 3 < n ? text.charAt(start + 3) : 0;
    if (separator != '-' && separator != ' ' || start + 11 > n
        || !digits(text, start + 4, 2) || text.charAt(start + 6) != separator
        || !digits(text, start + 7, 4)) {
      return -1;
    }
    int end = start + 11;
    boolean gluedBefore = start >= 2 && text.charAt(start - 1) == separator
        && Chars.isDigit(text.charAt(start - 2));
    boolean gluedAfter = end < n && (Chars.isDigit(text.charAt(end))
        || text.charAt(end) == separator && end + 1 < n && Chars.isDigit(text.charAt(end + 1)));
    return gluedBefore || gluedAfter || !validRanges(text, start, start + 4, start + 7) ? -1 : end;
  }

  private static boolean digits(String text, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!Chars.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean validRanges(String text, int area, int group, int serial) {
    int a = number(text, area, 3);
    return a != 0 && a != 666 && a < 900 && number(text, group, 2) != 0
        && number(text, serial, 4) != 0;
  }

  private static int number(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + Chars.digitAt(text, i);
    }
    return value;
  }

  /** Whether a label word ends within {@link #LABEL_WINDOW} characters before {@code start}. */
  private static boolean labelled(String text, int start) {
    for (int i = Math.max(0, start - LABEL_WINDOW); i < start; i++) {
      if (i > 0 && Chars.isLetter(text.charAt(i - 1))) {
        continue;
      }
      for (String label : LABELS) {
        if (text.regionMatches(true, i, label, 0, label.length())
            && (i + label.length() >= text.length()
                || !Chars.isLetter(text.charAt(i + label.length())))) {
          return true;
        }
      }
    }
    return false;
  }
}
