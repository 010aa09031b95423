package dev.gatehouse.sidecar.mask;

import java.nio.charset.StandardCharsets;

/**
 * The {@code last4} rendering: every significant character but the last four becomes
 * {@code *}; separators stay, so a reader still sees the shape ({@code 4111-1111-1111-1111} →
 * {@code ****-****-****-1111}, {@code 123-45-6789} → {@code ***-**-6789}).
 *
 * <p>Significant are ASCII letters and digits and every non-ASCII code point (one {@code *}
 * each, so a surrogate pair is never split); separators are the other ASCII characters (space,
 * punctuation). The last four are shown only when at least {@value #MIN_SHOWN_LENGTH}
 * significant characters are there, so at least as much stays hidden as is shown: the last four
 * of a PIN are the PIN, and of a five-digit ZIP code all but one digit.
 */
final class Last4 {
  static final int SHOWN = 4;
  static final int MIN_SHOWN_LENGTH = 8;

  private Last4() {}

  static String mask(String value) {
    int n = value.length();
    int significant = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 128) {
        return maskCodePoints(value);
      }
      if (Chars.isAlnum(c)) {
        significant++;
      }
    }
    // ASCII only (the usual card or account number): one char per code point, so the same
    // rendering as maskCodePoints without decoding code points or growing a builder
    int hidden = significant >= MIN_SHOWN_LENGTH ? significant - SHOWN : significant;
    byte[] out = new byte[n];
    int seen = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      out[i] = (byte) (Chars.isAlnum(c) && seen++ < hidden ? '*' : c);
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The general case: any text, one {@code *} per significant code point. */
  static String maskCodePoints(String value) {
    int significant = 0;
    for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
      if (isSignificant(value.codePointAt(i))) {
        significant++;
      }
    }
    int hidden = significant >= MIN_SHOWN_LENGTH ? significant - SHOWN : significant;
    StringBuilder out = new StringBuilder(value.length());
    int seen = 0;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!isSignificant(cp)) {
        out.append((char) cp);
      } else if (seen++ < hidden) {
        out.append('*');
      } else {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean isSignificant(int cp) {
    return cp >= 128 || Chars.isAlnum((char) cp);
  }
}
