package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * Email addresses, {@code local@domain.tld}: the grammar shared by the email detector and the
 * {@code email} masking method.
 *
 * <p>The domain is two or more dot-separated labels of letters (any script), digits and inner
 * hyphens, ending in a top-level label of two or more letters (or an {@code xn--} punycode
 * label): {@code pkg@1.2.3} and {@code @mention} are not addresses, and a sentence's full stop
 * after an address is not part of it. In running text the local part is what people actually
 * use, letters, digits and {@code . _ % + -}, so an address in a URL query or after a colon
 * starts where the address does; when a whole value must be an address (the method) the local
 * part may hold any RFC 5322 atom character. Quoted local parts and address literals
 * ({@code user@[10.0.0.1]}) are not recognised: the method redacts such a value entirely.
 *
 * <p>Linear: a local part never holds {@code @}, nor a domain, so each character is read by at
 * most one local-part scan and one domain scan.
 */
final class EmailAddresses implements Finder {
  private static final String PRACTICAL_LOCAL = "._%+-";
  private static final String ATOM_LOCAL = ".!#$%&'*+/=?^_`{|}~-";

  @Override
  public Detector detector() {
    return Detector.EMAIL;
  }

  @Override
  public int gate() {
    return TextFeatures.AT;
  }

  @Override
  public void find(String text, Spans out) {
    int from = 0;
    int at;
    while ((at = text.indexOf('@', from)) >= 0) {
      int start = at;
      while (start > 0 && isLocal(text.charAt(start - 1), PRACTICAL_LOCAL)) {
        start--;
      }
      while (start < at && text.charAt(start) == '.') {
        start++;
      }
      int end = start < at ? domainEnd(text, at + 1) : -1;
      if (end > 0) {
        out.add(start, end, Detector.EMAIL);
        from = end;
      } else {
        from = at + 1;
      }
    }
  }

  /**
   * Where the {@code @} of {@code value} is when the whole value is one address, else -1.
   */
  static int wholeAddressAt(String value) {
    int at = value.indexOf('@');
    if (at <= 0) {
      return -1;
    }
    for (int i = 0; i < at; i++) {
      if (!isLocal(value.charAt(i), ATOM_LOCAL)) {
        return -1;
      }
    }
    return domainEnd(value, at + 1) == value.length() ? at : -1;
  }

  private static boolean isLocal(char c, String punctuation) {
    return Chars.isAlnum(c) || c >= 128 && Character.isLetterOrDigit(c)
        || c < 128 && punctuation.indexOf(c) >= 0;
  }

  private static boolean isLabel(char c) {
    return Chars.isAlnum(c) || c == '-' || c >= 128 && Character.isLetterOrDigit(c);
  }

  /**
   * The end of the longest valid domain starting at {@code from} (one ending in a top-level
   * label), or -1.
   */
  static int domainEnd(String text, int from) {
    int n = text.length();
    int end = -1;
    int labels = 0;
    int j = from;
    while (j < n) {
      int start = j;
      while (j < n && isLabel(text.charAt(j))) {
        j++;
      }
      int trimmed = j;
      while (trimmed > start && text.charAt(trimmed - 1) == '-') {
        trimmed--;
      }
      if (trimmed == start || text.charAt(start) == '-') {
        break;
      }
      labels++;
      if (labels >= 2 && isTopLevel(text, start, trimmed)) {
        end = trimmed;
      }
      if (trimmed < j || j >= n || text.charAt(j) != '.') {
        break;
      }
      j++;
    }
    return end;
  }

  private static boolean isTopLevel(String text, int start, int end) {
    if (end - start >= 5 && text.regionMatches(true, start, "xn--", 0, 4)) {
      return true;
    }
    if (end - start < 2) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (!(Chars.isLetter(c) || c >= 128 && Character.isLetter(c))) {
        return false;
      }
    }
    return true;
  }
}
