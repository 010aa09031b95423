package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * Credentials by name: the value assigned to a key that names a secret, in the syntaxes where
 * credentials travel — connection strings ({@code Password=…;}, {@code PWD=…}), URLs
 * ({@code ?api_key=…&}), environment and properties files ({@code DB_PASSWORD=…}), YAML and
 * JSON ({@code "client_secret": "…"}), HTTP headers ({@code Authorization: Bearer …}), SQL
 * echoed in an error ({@code where password = 'x'}) — and the password of a URL's user info
 * ({@code postgresql://app:hunter2@db/orders}). Only the value is replaced; the key stays, so a
 * reader knows what was there.
 *
 * <p>A key names a secret when, lower-cased and without {@code _ - .}, it ends with one of
 * {@link #KEYWORDS} ({@code password}, {@code secret}, {@code apikey}, {@code accesstoken} …),
 * so {@code aws_secret_access_key}, {@code client-secret} and {@code MYSQL_PWD} are found. A bare
 * {@code token} is not a keyword (too many counters and limits are called that), nor is
 * {@code key} ({@code primary_key}). The trade-off is deliberate: on a value a human wrote,
 * {@code password: see the wiki} loses "see", a small price against leaking the password
 * that is more often there.
 */
final class SecretAssignments implements Finder {
  private static final String[] KEYWORDS = {
    "password", "passwd", "pwd", "passphrase", "secret", "apikey", "accesskey", "secretkey",
    "privatekey", "accountkey", "sharedaccesskey", "accesstoken", "refreshtoken", "authtoken",
    "apitoken", "sessiontoken", "bearertoken", "authorization", "credentials"
  };
  /** HTTP authentication schemes: the credential is the word after them. */
  private static final String[] SCHEMES = {"bearer", "basic", "token", "digest", "negotiate"};
  private static final String VALUE_DELIMITERS = "\"'`&;,)}]<>";
  private static final int MAX_KEY = 48;
  private static final int MAX_SPACES = 3;

  @Override
  public Detector detector() {
    return Detector.SECRET;
  }

  @Override
  public int gate() {
    return TextFeatures.ASSIGN;
  }

  @Override
  public void find(String text, Spans out) {
    // hop from separator to separator with String.indexOf (vectorised), as text is mostly words
    int colon = text.indexOf(':');
    int equals = text.indexOf('=');
    while (colon >= 0 || equals >= 0) {
      int p = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
      int end = -1;
      if (p == colon && text.startsWith("//", p + 1)) {
        // no skipping past the user info: a key=value inside it is looked at too, and the
        // user info holds no other "://", so no character is scanned for one twice
        uriPassword(text, p + 3, out);
      } else if (namesSecret(text, p)) {
        end = value(text, p, out);
      }
      int next = Math.max(end, p + 1);
      if (colon >= 0 && colon < next) {
        colon = text.indexOf(':', next);
      }
      if (equals >= 0 && equals < next) {
        equals = text.indexOf('=', next);
      }
    }
  }

  /** Whether the key before the separator at {@code p} names a secret. */
  private static boolean namesSecret(String text, int p) {
    int b = p;
    for (int spaces = 0; b > 0 && text.charAt(b - 1) == ' ' && spaces < MAX_SPACES; spaces++) {
      b--;
    }
    if (b > 0 && (text.charAt(b - 1) == '"' || text.charAt(b - 1) == '\'')) {
      b--;
      if (b > 0 && text.charAt(b - 1) == '\\') {
        b--;
      }
    }
    int w = b;
    while (w > 0 && b - w < MAX_KEY && isKeyChar(text.charAt(w - 1))) {
      w--;
    }
    for (String keyword : KEYWORDS) {
      if (keyEndsWith(text, w, b, keyword)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isKeyChar(char c) {
    return Chars.isToken(c) || c == '.';
  }

  private static boolean keyEndsWith(String text, int from, int to, String keyword) {
    int i = to - 1;
    for (int k = keyword.length() - 1; k >= 0; k--, i--) {
      while (i >= from && !Chars.isAlnum(text.charAt(i))) {
        i--;
      }
      if (i < from || Character.toLowerCase(text.charAt(i)) != keyword.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Adds the value assigned at separator {@code p}; its end, or -1 when there is none. */
  private static int value(String text, int p, Spans out) {
    int n = text.length();
    int v = p + 1;
    if (v < n && (text.charAt(v) == '=' || text.charAt(v) == '>')) {
      v++;
    }
    for (int spaces = 0; v < n && text.charAt(v) == ' ' && spaces < MAX_SPACES; spaces++) {
      v++;
    }
    if (v >= n || isPlaceholder(text, v)) {
      return -1;
    }
    int quote = quoteLength(text, v);
    int start = v + quote;
    int end = quote > 0 ? closingQuote(text, start, text.substring(v, start)) : wordEnd(text, v);
    if (quote == 0 && isScheme(text, v, end) && end + 1 < n && text.charAt(end) == ' ') {
      // Authorization: Bearer xyz — the scheme is no secret, the word after it is
      start = end + 1;
      end = wordEnd(text, start);
    }
    if (end <= start || isPlaceholder(text, start)) {
      return -1;
    }
    out.add(start, end, Detector.SECRET);
    return end;
  }

  /** The length of an opening quote at {@code v}: {@code "}, {@code '}, a backtick, {@code \"}. */
  private static int quoteLength(String text, int v) {
    char c = text.charAt(v);
    if (c == '"' || c == '\'' || c == '`') {
      return 1;
    }
    boolean escaped = c == '\\' && v + 1 < text.length()
        && (text.charAt(v + 1) == '"' || text.charAt(v + 1) == '\'');
    return escaped ? 2 : 0;
  }

  /** The index of {@code quote} closing a value from {@code from}, or the end of its line. */
  private static int closingQuote(String text, int from, String quote) {
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
      if (quote.length() == 1 && c == '\\') {
        i++;
      } else if (text.startsWith(quote, i)) {
        return i;
      }
    }
    return n;
  }

  /** The end of an unquoted value: whitespace or a delimiter of the syntaxes above. */
  private static int wordEnd(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c < 128 && VALUE_DELIMITERS.indexOf(c) >= 0) {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isScheme(String text, int start, int end) {
    for (String scheme : SCHEMES) {
      if (end - start == scheme.length()
          && text.regionMatches(true, start, scheme, 0, scheme.length())) {
        return true;
      }
    }
    return false;
  }

  /** What an earlier scrub left ({@code [redacted …]}, {@code ****}): not a secret again. */
  private static boolean isPlaceholder(String text, int v) {
    return text.startsWith("[redacted", v) || text.startsWith("***", v);
  }

  /**
   * Adds the password of a URL's user info ({@code scheme://user:password@host}) starting at
   * {@code from} (just after {@code ://}). The last {@code @} before the path ends the user info,
   * so an unencoded {@code @} in a password is hidden too.
   */
  private static void uriPassword(String text, int from, Spans out) {
    int colon = -1;
    int at = -1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)) {
        break;
      }
      if (c == '@') {
        at = i;
      } else if (c == ':' && colon < 0 && at < 0) {
        colon = i;
      }
    }
    if (colon >= 0 && at > colon + 1) {
      out.add(colon + 1, at, Detector.SECRET);
    }
  }
}
