package dev.gatehouse.sidecar.policy;

/**
 * The forms a policy may name principals in: {@code group:NAME}, {@code user:SUBJECT} (alias
 * {@code sub:}), {@code scope:NAME}, and {@code any} for every authenticated principal.
 */
final class PrincipalSelectors {
  private PrincipalSelectors() {}

  /** Why {@code selector} is not valid, or {@code null} when it is. */
  static String problem(String selector) {
    if (selector.equals("any")) {
      return null;
    }
    int colon = selector.indexOf(':');
    if (colon <= 0 || colon == selector.length() - 1) {
      return "expected group:NAME, user:SUBJECT, scope:NAME or any";
    }
    String kind = selector.substring(0, colon);
    return switch (kind) {
      case "group", "user", "sub", "scope" -> null;
      default -> "unknown principal kind '" + kind + "'; expected group, user, scope or any";
    };
  }
}
