package dev.gatehouse.sidecar.mask;

/**
 * The one pass over a value that decides which detectors can possibly match it. Every detector
 * names the feature it needs ({@link Finder#gate()}); the common value (a name, a short code, a
 * sentence without digits, colons or {@code @}) sets none and costs this pass and nothing else:
 * no folding, no detector, no allocation.
 *
 * <p>Features are those of the folded text ({@link FoldedText}): the scan folds non-ASCII
 * characters as it goes, so fullwidth digits count as digits and a zero-width space does not
 * break a run, and the text is only really folded when a detector is going to run.
 */
final class TextFeatures {
  /** Something folds: detectors must run on {@link FoldedText}. */
  static final int FOLD = 1;
  static final int DIGITS_9 = 1 << 1;
  static final int DIGITS_13 = 1 << 2;
  static final int AT = 1 << 3;
  /** Two letters then two digits, as an IBAN starts. */
  static final int LETTERS_DIGITS = 1 << 4;
  /**
   * At least {@value #LONG_RUN_LENGTH} token68 characters in a row (letters, digits and
   * {@code - _ . ~ + / =}), as every API key, JWT and bearer credential has.
   */
  static final int LONG_RUN = 1 << 5;
  /** Five hyphens in a row, as a PEM armour line has. */
  static final int DASHES = 1 << 6;
  /** A colon or an equals sign. */
  static final int ASSIGN = 1 << 7;

  static final int LONG_RUN_LENGTH = 16;
  /** The features {@link #digitsAndAt} tells exactly; enough for the card and email finders. */
  static final int DIGITS_AND_AT = FOLD | DIGITS_9 | DIGITS_13 | AT;

  private TextFeatures() {}

  /** The features of {@code value}. */
  static int of(String value) {
    int features = 0;
    int digits = 0;
    int run = 0;
    int dashes = 0;
    int letters = 0;
    int digitsAfterLetters = 0;
    int n = value.length();
    for (int i = 0; i < n; i++) {
      int c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        int cp = Character.isHighSurrogate((char) c) ? Character.codePointAt(value, i) : c;
        int folded = FoldedText.fold(cp);
        if (folded != cp) {
          features |= FOLD;
        }
        if (cp > 0xffff) {
          i++;
        }
        if (folded == FoldedText.DROP) {
          continue;
        }
        c = folded;
      }
      int k = c < 128 ? Chars.classOf((char) c) : 0;
      if ((k & Chars.DIGIT) != 0) {
        digits++;
        if (letters >= 2) {
          if (++digitsAfterLetters == 2) {
            features |= LETTERS_DIGITS;
          }
        } else {
          letters = 0;
          digitsAfterLetters = 0;
        }
      } else if ((k & Chars.LETTER) != 0) {
        if (digitsAfterLetters > 0) {
          letters = 1;
          digitsAfterLetters = 0;
        } else {
          letters++;
        }
      } else {
        letters = 0;
        digitsAfterLetters = 0;
        if (k == Chars.AT) {
          features |= AT;
        } else if ((k & Chars.ASSIGN) != 0) {
          features |= ASSIGN;
        }
      }
      run = (k & Chars.TOKEN68) != 0 ? run + 1 : 0;
      if (run >= LONG_RUN_LENGTH) {
        features |= LONG_RUN;
      }
      dashes = c == '-' ? dashes + 1 : 0;
      if (dashes >= 5) {
        features |= DASHES;
      }
    }
    return features | digitFeatures(digits);
  }

  /**
   * {@code of(value) & DIGITS_AND_AT}, in a lighter pass: for detectors whose finders are gated
   * on digits and {@code @} only (cards, SSNs, addresses), the run, letter and dash counts
   * {@link #of} keeps are not needed. Folds exactly as {@link #of} does.
   */
  static int digitsAndAt(String value) {
    int features = 0;
    int digits = 0;
    int n = value.length();
    for (int i = 0; i < n; i++) {
      int c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        int cp = Character.isHighSurrogate((char) c) ? Character.codePointAt(value, i) : c;
        int folded = FoldedText.fold(cp);
        if (folded != cp) {
          features |= FOLD;
        }
        if (cp > 0xffff) {
          i++;
        }
        if (folded == FoldedText.DROP) {
          continue;
        }
        c = folded;
      }
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '@') {
        features |= AT;
      }
    }
    return features | digitFeatures(digits);
  }

  private static int digitFeatures(int digits) {
    return (digits >= 9 ? DIGITS_9 : 0) | (digits >= 13 ? DIGITS_13 : 0);
  }
}
