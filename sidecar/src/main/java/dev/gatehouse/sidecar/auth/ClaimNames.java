package dev.gatehouse.sidecar.auth;

import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the names in a claim holding groups or scopes. One reading for verified tokens
 * ({@link TrustedIssuer}) and for claims given by hand ({@link TokenClaims}), so {@code explain}
 * and policy tests see the groups the sidecar would see.
 */
final class ClaimNames {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private ClaimNames() {}

  /** Scopes from {@code scope} and {@code scp}. */
  static Set<String> scopes(Map<String, Object> json) throws AuthenticationException {
    Set<String> scopes = read(json, "scope", "scope claim");
    scopes.addAll(read(json, "scp", "scp claim"));
    return scopes;
  }

  /**
   * The names in the claim at {@code path}: a list of strings, or one string of names separated
   * by spaces (OAuth's {@code scope}, some IdPs' groups).
   *
   * <p>A claim of any other shape refuses the token rather than being ignored: groups can also
   * match deny rules, so dropping them could let a principal past a rule meant for it.
   */
  static Set<String> read(Map<String, Object> json, String path, String what)
      throws AuthenticationException {
    Set<String> names = new LinkedHashSet<>();
    Optional<Object> value = ClaimPath.find(json, path);
    if (value.isEmpty()) {
      return names;
    }
    if (value.get() instanceof String text) {
      for (String name : WHITESPACE.split(text.trim())) {
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      return names;
    }
    if (value.get() instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String name)) {
          throw new AuthenticationException(
              Reason.INVALID_CLAIM, "token " + what + " holds a value that is not text");
        }
        names.add(name);
      }
      return names;
    }
    throw new AuthenticationException(
        Reason.INVALID_CLAIM, "token " + what + " is neither a list of names nor a text");
  }
}
