package dev.gatehouse.sidecar.mask;

/**
 * ASCII character classes for the detectors. Detectors run on ASCII-folded text
 * ({@link FoldedText}), so the classes they care about are ASCII ones; a table lookup keeps the
 * per-character cost of the pre-scan to one load.
 */
final class Chars {
  static final int DIGIT = 1;
  static final int UPPER = 2;
  static final int LOWER = 4;
  /** {@code _} and {@code -}: part of token-like runs (API keys, JWT segments). */
  static final int TOKEN_PUNCT = 8;
  static final int AT = 16;
  /** {@code :} and {@code =}: where a {@code password=…} assignment can be. */
  static final int ASSIGN = 32;
  /** {@code . ~ + /}: with {@link #TOKEN} and {@code =}, the token68 characters of RFC 7235. */
  static final int TOKEN68_PUNCT = 64;
  static final int LETTER = UPPER | LOWER;
  static final int ALNUM = DIGIT | LETTER;
  static final int TOKEN = ALNUM | TOKEN_PUNCT;
  static final int TOKEN68 = TOKEN | TOKEN68_PUNCT;

  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = UPPER;
      CLASS[c + ('a' - 'A')] = LOWER;
    }
    CLASS['_'] = TOKEN_PUNCT;
    CLASS['-'] = TOKEN_PUNCT;
    CLASS['@'] = AT;
    CLASS[':'] = ASSIGN;
    CLASS['='] = ASSIGN | TOKEN68_PUNCT;
    CLASS['.'] = TOKEN68_PUNCT;
    CLASS['~'] = TOKEN68_PUNCT;
    CLASS['+'] = TOKEN68_PUNCT;
    CLASS['/'] = TOKEN68_PUNCT;
  }

  private Chars() {}

  static int classOf(char c) {
    return c < 128 ? CLASS[c] : 0;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlnum(char c) {
    return c < 128 && (CLASS[c] & ALNUM) != 0;
  }

  static boolean isLetter(char c) {
    return c < 128 && (CLASS[c] & LETTER) != 0;
  }

  static boolean isToken(char c) {
    return c < 128 && (CLASS[c] & TOKEN) != 0;
  }

  static int digitAt(CharSequence text, int i) {
    return text.charAt(i) - '0';
  }

  static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }
}
