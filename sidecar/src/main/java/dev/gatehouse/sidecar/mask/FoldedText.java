package dev.gatehouse.sidecar.mask;

/**
 * A value as the detectors read it: what a person or a language model would read, so that
 * characters which change nothing to a reader can't hide a card number from the detector.
 *
 * <p>Folding, code point by code point:
 * <ul>
 *   <li>invisible characters are dropped: format characters (Cf: zero-width space and joiners,
 *       soft hyphen, word joiner, byte-order mark, bidi controls), combining and enclosing marks
 *       (Mn, Me: {@code 4̲1̲1̲1̲}, keycaps), and control characters other than tab, line feed and
 *       carriage return;
 *   <li>digits of any script (Nd: fullwidth {@code ４}, Arabic-Indic, mathematical bold) and
 *       single-digit other numbers (No: {@code ①}, {@code ¹}) become ASCII digits;
 *   <li>fullwidth ASCII ({@code Ａ}, {@code ＠}) becomes ASCII;
 *   <li>Unicode spaces become a space, line and paragraph separators a line feed, dashes and the
 *       minus sign a hyphen.
 * </ul>
 * Everything else is kept. Detection runs on the folded text; {@link #originalStart} and
 * {@link #originalEnd} map a span back, so what is replaced in the original includes the
 * invisible characters inside it.
 *
 * <p>Not folded: letter-like lookalikes (Cyrillic {@code А} for Latin {@code A}), invisible
 * letters (Hangul fillers) and digits written as words. A value built to evade detection can
 * always do so; folding closes the cheap tricks that leave the number readable as it is.
 */
final class FoldedText {
  /** What {@link #fold} returns for a character that is dropped. */
  static final int DROP = -1;

  private final String text;
  /** {@code origin[i]} is the index in the original of folded char {@code i}; one extra entry. */
  private final int[] origin;

  private FoldedText(String text, int[] origin) {
    this.text = text;
    this.origin = origin;
  }

  /**
   * The folded form of one code point: itself when it does not fold, {@link #DROP} when it is
   * dropped.
   */
  static int fold(int cp) {
    if (cp < LATIN1.length) {
      return LATIN1[cp];
    }
    return foldBeyondLatin1(cp);
  }

  /** {@link #fold} of U+0000 to U+00FF, looked up: accented letters are common in text. */
  private static final int[] LATIN1 = new int[256];

  static {
    for (int cp = 0; cp < LATIN1.length; cp++) {
      LATIN1[cp] = cp < 128
          ? (cp >= 0x20 && cp != 0x7f || cp == '\t' || cp == '\n' || cp == '\r'
              ? cp : cp == 0x0b || cp == 0x0c ? '\n' : DROP)
          : foldBeyondLatin1(cp);
    }
  }

  private static int foldBeyondLatin1(int cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) {
      return cp - 0xfee0;
    }
    switch (Character.getType(cp)) {
      case Character.DECIMAL_DIGIT_NUMBER:
        return '0' + Character.digit(cp, 10);
      case Character.OTHER_NUMBER: {
        int value = Character.getNumericValue(cp);
        return value >= 0 && value <= 9 ? '0' + value : cp;
      }
      case Character.FORMAT:
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
        return DROP;
      case Character.CONTROL:
        return cp == 0x85 ? '\n' : DROP;
      case Character.SPACE_SEPARATOR:
        return ' ';
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return '\n';
      case Character.DASH_PUNCTUATION:
        return '-';
      default:
        return cp == 0x2212 ? '-' : cp == 0xfe6b ? '@' : cp;
    }
  }

  /** Folds {@code value}; call only when the pre-scan found something that folds. */
  static FoldedText of(String value) {
    int n = value.length();
    StringBuilder out = new StringBuilder(n);
    int[] origin = new int[n + 1];
    int i = 0;
    while (i < n) {
      int cp = value.codePointAt(i);
      int folded = fold(cp);
      if (folded != DROP) {
        origin[out.length()] = i;
        out.appendCodePoint(folded);
        if (folded > 0xffff) {
          origin[out.length() - 1] = i;
        }
      }
      i += Character.charCount(cp);
    }
    origin[out.length()] = n;
    return new FoldedText(out.toString(), origin);
  }

  String text() {
    return text;
  }

  /** Where folded index {@code start} begins in the original. */
  int originalStart(int start) {
    return origin[start];
  }

  /**
   * Where a span ending (exclusive) at folded index {@code end} ends in the original: dropped
   * characters right after it (combining marks on its last character) are included.
   */
  int originalEnd(int end) {
    return origin[end];
  }
}
