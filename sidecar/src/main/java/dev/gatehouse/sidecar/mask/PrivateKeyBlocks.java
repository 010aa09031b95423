package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * PEM and PGP private key blocks: from {@code -----BEGIN … PRIVATE KEY-----} (RSA, EC, DSA,
 * OPENSSH, ENCRYPTED, PGP … BLOCK, or none) through the next {@code -----END …-----}. A BEGIN
 * line without an END (a truncated value, an error message cut short) hides everything after
 * it: the key material follows the line, and there is no telling where it stops. Certificates
 * and public keys are not secrets and are left alone.
 */
final class PrivateKeyBlocks implements Finder {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  /** Armour labels are short; looking further for the closing dashes would make this quadratic. */
  private static final int MAX_LABEL = 64;

  @Override
  public Detector detector() {
    return Detector.SECRET;
  }

  @Override
  public int gate() {
    return TextFeatures.DASHES;
  }

  @Override
  public void find(String text, Spans out) {
    int n = text.length();
    int begin = text.indexOf(BEGIN);
    while (begin >= 0) {
      int labelStart = begin + BEGIN.length();
      int labelEnd = closingDashes(text, labelStart);
      if (labelEnd < 0 || !isPrivateKeyLabel(text, labelStart, labelEnd)) {
        begin = text.indexOf(BEGIN, labelStart);
        continue;
      }
      int end = text.indexOf(END, labelEnd + DASHES.length());
      if (end < 0) {
        out.add(begin, n, Detector.SECRET);
        return;
      }
      int endLabelEnd = closingDashes(text, end + END.length());
      int blockEnd = endLabelEnd < 0 ? end + END.length() : endLabelEnd + DASHES.length();
      out.add(begin, blockEnd, Detector.SECRET);
      begin = text.indexOf(BEGIN, blockEnd);
    }
  }

  /**
   * The index of the {@code -----} closing an armour label at {@code from}, or -1. Labels are
   * upper-case letters, digits and spaces (RFC 7468).
   */
  private static int closingDashes(String text, int from) {
    int limit = Math.min(text.length() - DASHES.length(), from + MAX_LABEL);
    for (int i = from; i <= limit; i++) {
      char c = text.charAt(i);
      if (c == '-' && text.startsWith(DASHES, i)) {
        return i;
      }
      if (!(c == ' ' || Chars.isDigit(c) || c >= 'A' && c <= 'Z')) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isPrivateKeyLabel(String text, int start, int end) {
    return endsWith(text, start, end, "PRIVATE KEY")
        || endsWith(text, start, end, "PRIVATE KEY BLOCK");
  }

  private static boolean endsWith(String text, int start, int end, String suffix) {
    return end - start >= suffix.length() && text.startsWith(suffix, end - suffix.length());
  }
}
