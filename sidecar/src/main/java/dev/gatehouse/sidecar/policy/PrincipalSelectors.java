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
    return dev.gatehouse.sidecar.auth.Principal.isValidSelector(selector)
        ? null
        : "expected group:NAME, user:SUBJECT, sub:SUBJECT, scope:NAME or any";
  }
}
