package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * Payment card numbers: 13 to 19 digits that pass the Luhn check and start like a card
 * (first digit 2 to 6, and not 31, 32 or 33: Visa, Mastercard, Amex, Discover, Diners, JCB,
 * UnionPay, Maestro, Mir).
 *
 * <p>Digits come in groups separated by one separator: a space, a tab, a hyphen or one line
 * break ({@code \n}, {@code \r} or {@code \r\n}), so {@code 4111 1111 1111 1111},
 * {@code 3782-822463-10005} and a number split over lines are all read as a reader would. A
 * card is a run of whole groups of three or more digits: digits glued to more digits are a
 * longer number, not a card inside it, so a 20-digit reference never hides a card, an order
 * number that fails Luhn is left alone, and a list of small numbers ({@code 1 2 3 4 …}) is not
 * read as one. Two separators in a row, other separators ({@code .}, {@code /}) and groups of
 * one or two digits end a card: those are disguises, and detection is no barrier against a
 * value disguised on purpose. Groups are read once; for each group, the candidates ending with it (at most 19
 * groups back) are checked with a Luhn sum built from the right, so the cost is linear.
 */
final class CardNumbers implements Finder {
  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;
  /** Card formats group digits by 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3: never one or two. */
  private static final int MIN_GROUP = 3;
  /** Ring buffer size, a power of two above {@link #MAX_DIGITS} (groups have a digit or more). */
  private static final int RING = 32;

  @Override
  public Detector detector() {
    return Detector.CREDIT_CARD;
  }

  @Override
  public int gate() {
    return TextFeatures.DIGITS_13;
  }

  @Override
  public void find(String text, Spans out) {
    int n = text.length();
    int[] starts = null;
    int[] ends = null;
    int i = 0;
    while (i < n) {
      if (!Chars.isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      if (starts == null) {
        starts = new int[RING];
        ends = new int[RING];
      }
      int groups = 0;
      while (true) {
        int start = i;
        while (i < n && Chars.isDigit(text.charAt(i))) {
          i++;
        }
        if (i - start > MAX_DIGITS) {
          groups = 0;
        } else {
          starts[groups % RING] = start;
          ends[groups % RING] = i;
          groups++;
          checkEndingAt(text, starts, ends, groups, out);
        }
        int separator = separatorLength(text, i);
        if (separator == 0 || i + separator >= n || !Chars.isDigit(text.charAt(i + separator))) {
          break;
        }
        i += separator;
      }
    }
  }

  /** Adds the longest card ending with the last of {@code groups} groups, if there is one. */
  private static void checkEndingAt(String text, int[] starts, int[] ends, int groups,
      Spans out) {
    int digits = 0;
    int sum = 0;
    int first = 0;
    int second = 0;
    int cardStart = -1;
    for (int g = groups - 1; g >= 0 && g >= groups - MAX_DIGITS; g--) {
      int start = starts[g % RING];
      if (ends[g % RING] - start < MIN_GROUP) {
        break;
      }
      for (int j = ends[g % RING] - 1; j >= start; j--) {
        int d = Chars.digitAt(text, j);
        second = first;
        first = d;
        if ((digits & 1) == 1) {
          d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        sum += d;
        digits++;
      }
      if (digits > MAX_DIGITS) {
        break;
      }
      if (digits >= MIN_DIGITS && sum % 10 == 0 && startsLikeACard(first, second)) {
        cardStart = start;
      }
    }
    if (cardStart >= 0) {
      out.add(cardStart, ends[(groups - 1) % RING], Detector.CREDIT_CARD);
    }
  }

  private static boolean startsLikeACard(int first, int second) {
    return first >= 2 && first <= 6 && (first != 3 || second == 0 || second >= 4);
  }

  /** The length of the separator at {@code i} (0 when there is none). */
  static int separatorLength(String text, int i) {
    if (i >= text.length()) {
      return 0;
    }
    char c = text.charAt(i);
    if (c == '\r') {
      return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
    }
    return c == ' ' || c == '-' || c == '\t' || c == '\n' ? 1 : 0;
  }
}
