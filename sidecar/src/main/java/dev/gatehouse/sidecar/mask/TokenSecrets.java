package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Credentials recognisable by their shape alone: vendor tokens with a fixed prefix, JSON Web
 * Tokens and HTTP bearer credentials. A token starts where a word does: the character before
 * is neither a letter nor a digit, so {@code db_token=ghp_…} and {@code key-AKIA…} are found
 * (a JWT may not follow {@code _} or {@code -} either, which base64url text is made of).
 *
 * <ul>
 *   <li>AWS access key ids: {@code AKIA} or {@code ASIA} and exactly 16 upper-case letters or
 *       digits;
 *   <li>GitHub: {@code ghp_ gho_ ghu_ ghs_ ghr_} and 36 or more letters or digits,
 *       {@code github_pat_} and 22 or more; GitLab {@code glpat-} and 20 or more; npm
 *       {@code npm_} and 36 or more;
 *   <li>Slack: {@code xoxa- xoxb- xoxp- xoxr- xoxs- xapp-} and 16 or more;
 *   <li>Google API keys: {@code AIza} and 35 or more;
 *   <li>Stripe secret and restricted keys: {@code sk_live_ sk_test_ rk_live_ rk_test_} and 16
 *       or more; OpenAI/Anthropic-style {@code sk-} and 32 or more;
 *   <li>{@code Bearer } and 16 or more token68 characters (case-insensitive);
 *   <li>JWTs: {@code eyJ…} (a base64url JSON header) and two to four more dot-separated
 *       base64url segments, so signed (JWS) and encrypted (JWE) tokens; also inside a URL.
 * </ul>
 * Every shape needs a run of 16 or more token68 characters (prefix included), so the finder
 * runs only when the pre-scan saw one ({@link TextFeatures#LONG_RUN}).
 * AWS secret access keys have no shape of their own (40 base64 characters); they are found
 * where they are named ({@link SecretAssignments}).
 */
final class TokenSecrets implements Finder {
  private static final String BASE64URL = "_-";
  private static final String TOKEN68 = "._~+/=-";
  private static final String JWT_START = "eyJ";
  private static final String BEARER = "bearer ";

  /**
   * A token: prefix, then {@code min} to {@code max} characters of the given classes and
   * punctuation, then no letter or digit. A {@code label} prefix ("Bearer ") stays visible.
   */
  private record Shape(String prefix, boolean label, int classes, String punctuation,
      int min, int max) {
    boolean allows(char c) {
      return c < 128 && ((Chars.classOf(c) & classes) != 0 || punctuation.indexOf(c) >= 0);
    }
  }

  private static final Shape[][] BY_FIRST_CHAR = new Shape[128][];

  static {
    int upperDigit = Chars.UPPER | Chars.DIGIT;
    int alnum = Chars.ALNUM;
    List<Shape> shapes = new ArrayList<>();
    for (String prefix : new String[] {"AKIA", "ASIA"}) {
      shapes.add(new Shape(prefix, false, upperDigit, "", 16, 16));
    }
    for (String prefix : new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"}) {
      shapes.add(new Shape(prefix, false, alnum, "", 36, Integer.MAX_VALUE));
    }
    shapes.add(new Shape("github_pat_", false, alnum, "_", 22, Integer.MAX_VALUE));
    shapes.add(new Shape("glpat-", false, alnum, "_-", 20, Integer.MAX_VALUE));
    for (String prefix : new String[] {"xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "xapp-"}) {
      shapes.add(new Shape(prefix, false, alnum, "-", 16, Integer.MAX_VALUE));
    }
    shapes.add(new Shape("AIza", false, alnum, BASE64URL, 35, Integer.MAX_VALUE));
    for (String prefix : new String[] {"sk_live_", "sk_test_", "rk_live_", "rk_test_"}) {
      shapes.add(new Shape(prefix, false, alnum, "", 16, Integer.MAX_VALUE));
    }
    shapes.add(new Shape("sk-", false, alnum, BASE64URL, 32, Integer.MAX_VALUE));
    shapes.add(new Shape(BEARER, true, alnum, TOKEN68, 16, Integer.MAX_VALUE));
    for (Shape shape : shapes) {
      char first = shape.prefix().charAt(0);
      register(first, shape);
      if (shape.label()) {
        register(Character.toUpperCase(first), shape);
      }
    }
  }

  private static void register(char first, Shape shape) {
    Shape[] old = BY_FIRST_CHAR[first] == null ? new Shape[0] : BY_FIRST_CHAR[first];
    Shape[] longer = Arrays.copyOf(old, old.length + 1);
    longer[old.length] = shape;
    BY_FIRST_CHAR[first] = longer;
  }

  @Override
  public Detector detector() {
    return Detector.SECRET;
  }

  @Override
  public int gate() {
    return TextFeatures.LONG_RUN;
  }

  @Override
  public void find(String text, Spans out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isToken68(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isToken68(text.charAt(i))) {
        i++;
      }
      // every shape lies within one run of 16 or more token68 characters (Bearer just before)
      if (i - start >= TextFeatures.LONG_RUN_LENGTH) {
        findInRun(text, start, i, out);
      }
    }
  }

  private static boolean isToken68(char c) {
    return c < 128 && (Chars.classOf(c) & Chars.TOKEN68) != 0;
  }

  /** Adds the tokens in the run {@code [from, to)}; one may run on past it (a JWT's dots). */
  private static void findInRun(String text, int from, int to, Spans out) {
    int bearer = from - BEARER.length();
    if (bearer >= 0 && text.regionMatches(true, bearer, BEARER, 0, BEARER.length())
        && (bearer == 0 || !Chars.isAlnum(text.charAt(bearer - 1)))) {
      int end = shaped(text, bearer, BY_FIRST_CHAR['b'], out);
      if (end > 0) {
        return;
      }
    }
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (!Chars.isAlnum(c)) {
        i++;
        continue;
      }
      // a word starts here (after a non-alphanumeric character): the only place a token can
      int end = c == 'e' ? jwt(text, i, out) : shaped(text, i, BY_FIRST_CHAR[c], out);
      if (end > 0) {
        i = end;
      } else {
        while (i < to && Chars.isAlnum(text.charAt(i))) {
          i++;
        }
      }
    }
  }

  /** Adds a token of one of {@code shapes} starting at {@code start}; its end, or -1. */
  private static int shaped(String text, int start, Shape[] shapes, Spans out) {
    if (shapes == null) {
      return -1;
    }
    for (Shape shape : shapes) {
      String prefix = shape.prefix();
      if (!text.regionMatches(shape.label(), start, prefix, 0, prefix.length())) {
        continue;
      }
      int secret = start + prefix.length();
      int limit = (int) Math.min(text.length(), (long) secret + shape.max());
      int j = secret;
      while (j < limit && shape.allows(text.charAt(j))) {
        j++;
      }
      boolean bounded = j >= text.length() || !Chars.isAlnum(text.charAt(j));
      if (j - secret >= shape.min() && bounded) {
        out.add(shape.label() ? secret : start, j, Detector.SECRET);
        return j;
      }
    }
    return -1;
  }

  /** Adds a JWT (JWS or JWE compact form) starting at {@code start}; its end, or -1. */
  private static int jwt(String text, int start, Spans out) {
    if (start > 0 && Chars.isToken(text.charAt(start - 1))) {
      return -1;
    }
    int end = jwtEnd(text, start);
    if (end > 0) {
      out.add(start, end, Detector.SECRET);
    }
    return end;
  }

  /**
   * The end of a JWT starting at {@code start}, or -1: a JWS ({@code header.payload.signature},
   * the signature possibly empty) or a JWE ({@code header.key.iv.ciphertext.tag}, the key empty
   * for direct encryption), with a header of ten characters or more. A JWT is one run of token68
   * characters; one shorter than 16 is not taken for one, so the pre-scan's gate holds.
   */
  private static int jwtEnd(String text, int start) {
    if (!text.startsWith(JWT_START, start)) {
      return -1;
    }
    int j = base64urlEnd(text, start);
    if (j - start < 10) {
      return -1;
    }
    int[] lengths = new int[4];
    int dots = 0;
    while (dots < 4 && j < text.length() && text.charAt(j) == '.') {
      int segment = j + 1;
      j = base64urlEnd(text, segment);
      lengths[dots++] = j - segment;
    }
    while (dots > 2 && lengths[dots - 1] == 0) {
      j--;
      dots--;
    }
    boolean signed = dots >= 2 && lengths[0] > 0;
    boolean encrypted = dots == 4 && lengths[0] == 0 && lengths[1] > 0;
    return (signed || encrypted) && j - start >= TextFeatures.LONG_RUN_LENGTH ? j : -1;
  }

  private static int base64urlEnd(String text, int from) {
    int j = from;
    while (j < text.length() && Chars.isToken(text.charAt(j))) {
      j++;
    }
    return j;
  }
}
