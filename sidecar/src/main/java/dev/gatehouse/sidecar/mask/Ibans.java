package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * International bank account numbers (ISO 13616): a country code of the IBAN registry, two check
 * digits and the country's BBAN, the whole exactly as long as the registry says for that country
 * and passing the mod-97 check. Written compact ({@code DE89370400440532013000}) or in groups of
 * four separated by single spaces ({@code DE89 3704 0044 0532 0130 00}); letters in either case.
 * An IBAN starts at a word boundary and ends at one or where its last digit meets a letter
 * ({@code …013000paid}), so a matching stretch inside a longer token (a hash, base64) is not
 * one. Each candidate reads at most 34 characters and eight spaces.
 */
final class Ibans implements Finder {
  /** IBAN lengths by country (SWIFT IBAN registry), indexed by {@code 26 * first + second}. */
  private static final byte[] LENGTHS = new byte[26 * 26];

  static {
    String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22"
        + " CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23"
        + " GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32"
        + " LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15"
        + " OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27"
        + " SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    for (String entry : registry.split(" ")) {
      LENGTHS[26 * (entry.charAt(0) - 'A') + entry.charAt(1) - 'A'] =
          Byte.parseByte(entry.substring(2));
    }
  }

  @Override
  public Detector detector() {
    return Detector.IBAN;
  }

  @Override
  public int gate() {
    return TextFeatures.LETTERS_DIGITS;
  }

  @Override
  public void find(String text, Spans out) {
    int n = text.length();
    int i = 0;
    while (i + 4 <= n) {
      if (!Chars.isAlnum(text.charAt(i))) {
        i++;
        continue;
      }
      // a word starts here: the only place an IBAN can
      int end = startsHere(text, i) ? end(text, i) : -1;
      if (end > 0) {
        out.add(i, end, Detector.IBAN);
        i = end;
      } else {
        while (i < n && Chars.isAlnum(text.charAt(i))) {
          i++;
        }
      }
    }
  }

  private static boolean startsHere(String text, int i) {
    return Chars.isLetter(text.charAt(i)) && Chars.isLetter(text.charAt(i + 1))
        && Chars.isDigit(text.charAt(i + 2)) && Chars.isDigit(text.charAt(i + 3));
  }

  /** The end of a valid IBAN starting at {@code start}, or -1. */
  static int end(String text, int start) {
    int length = LENGTHS[26 * (Chars.upper(text.charAt(start)) - 'A')
        + Chars.upper(text.charAt(start + 1)) - 'A'];
    if (length == 0) {
      return -1;
    }
    int n = text.length();
    boolean spaced = start + 5 < n && text.charAt(start + 4) == ' ';
    int remainder = 0;
    int j = start + 4;
    for (int k = 4; k < length; k++) {
      if (spaced && k % 4 == 0) {
        if (j >= n || text.charAt(j) != ' ') {
          return -1;
        }
        j++;
      }
      if (j >= n || !Chars.isAlnum(text.charAt(j))) {
        return -1;
      }
      remainder = mod97(remainder, text.charAt(j++));
    }
    if (j < n && Chars.isAlnum(text.charAt(j))
        && !(Chars.isLetter(text.charAt(j)) && Chars.isDigit(text.charAt(j - 1)))) {
      return -1;
    }
    for (int k = start; k < start + 4; k++) {
      remainder = mod97(remainder, text.charAt(k));
    }
    return remainder == 1 ? j : -1;
  }

  /** Appends one IBAN character to a mod-97 remainder (letters count as 10 to 35). */
  private static int mod97(int remainder, char c) {
    if (Chars.isDigit(c)) {
      return (remainder * 10 + c - '0') % 97;
    }
    return (remainder * 100 + Chars.upper(c) - 'A' + 10) % 97;
  }
}
