package dev.gatehouse.sidecar.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Finds a claim by a dotted path such as {@code realm_access.roles} (Keycloak) or
 * {@code kubernetes.io.namespace} (Kubernetes service-account tokens).
 *
 * <p>Claim names may themselves contain dots ({@code kubernetes.io}) or other punctuation
 * ({@code cognito:groups}, {@code https://example.com/groups}), so at each level the longest
 * prefix of the path that is a key wins: the whole path is tried as one name first, then the
 * path is split at the last dot, and so on. A path can therefore always reach a claim whose name
 * contains dots, and a flat claim never loses to a nested one of the same spelling.
 */
final class ClaimPath {
  private ClaimPath() {}

  /** The value at {@code path} in {@code claims}, if there is one and it is not JSON null. */
  static Optional<Object> find(Map<String, ?> claims, String path) {
    if (claims == null || path == null || path.isEmpty()) {
      return Optional.empty();
    }
    if (claims.containsKey(path)) {
      return Optional.ofNullable(claims.get(path));
    }
    for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
      Object head = claims.get(path.substring(0, dot));
      if (head instanceof Map<?, ?> nested) {
        Optional<Object> found = find(asStringKeyed(nested), path.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asStringKeyed(Map<?, ?> map) {
    // JSON objects only ever have string keys; the cast just restores what parsing erased.
    return (Map<String, ?>) map;
  }
}
