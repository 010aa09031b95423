package dev.gatehouse.sidecar.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is asking: the identity a verified token stands for, handed as one immutable value to
 * every step after identity (policy, approval, masking, audit — SPEC §4, §5, §8).
 *
 * <p>All collections are deep, unmodifiable copies, so a principal can be cached and shared
 * across threads and no later step can change what an earlier one decided on. Groups and scopes
 * are kept sorted so audit records and logs are stable.
 *
 * @param subject the token's {@code sub}
 * @param issuer the token's {@code iss}, exactly as configured
 * @param groups groups from the issuer's configured groups claim
 * @param scopes scopes from {@code scope} and {@code scp}
 * @param claims every claim of the token as JSON values: strings, numbers, booleans, lists and
 *     maps (times stay epoch seconds, as in the token)
 * @param expiresAt the token's {@code exp}
 */
public record Principal(
    String subject,
    String issuer,
    Set<String> groups,
    Set<String> scopes,
    Map<String, Object> claims,
    Instant expiresAt) {

  /** Selector prefixes understood by {@link #matches(String)}. */
  private static final List<String> SELECTOR_PREFIXES = List.of("group", "user", "sub", "scope");

  public Principal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    groups = sortedCopy(groups);
    scopes = sortedCopy(scopes);
    claims = claims == null ? Map.of() : deepCopy(claims);
  }

  /** A stable identifier across issuers: {@code issuer#subject}. */
  public String id() {
    return issuer + "#" + subject;
  }

  /**
   * The claim at a dotted path, e.g. {@code tenant} or {@code realm_access.roles}, as used by
   * {@code :claims.tenant} in row filters. Names that contain dots ({@code kubernetes.io}) are
   * found too: see {@link ClaimPath}.
   */
  public Optional<Object> claim(String dottedPath) {
    return ClaimPath.find(claims, dottedPath);
  }

  /**
   * Whether this principal is what a policy selector names: {@code group:NAME},
   * {@code user:SUBJECT} (or {@code sub:SUBJECT}), {@code scope:NAME}. Everything after the first
   * colon is the name, so {@code user:system:serviceaccount:agents:bot} works.
   *
   * <p>Fails closed: an unknown prefix, an empty name or a malformed selector matches nobody.
   * Configuration should reject such selectors at load time with {@link #checkSelector(String)}.
   */
  public boolean matches(String selector) {
    if (selector == null) {
      return false;
    }
    int colon = selector.indexOf(':');
    if (colon <= 0 || colon == selector.length() - 1) {
      return false;
    }
    String name = selector.substring(colon + 1);
    switch (selector.substring(0, colon)) {
      case "group":
        return groups.contains(name);
      case "user":
      case "sub":
        return subject.equals(name);
      case "scope":
        return scopes.contains(name);
      default:
        return false;
    }
  }

  /**
   * Checks a principal selector for use in configuration.
   *
   * @throws IllegalArgumentException with a message fit for a configuration error, if {@link
   *     #matches(String)} could never be true for it
   */
  public static void checkSelector(String selector) {
    if (selector == null || selector.isBlank()) {
      throw new IllegalArgumentException("an empty principal selector; write e.g. group:agents");
    }
    int colon = selector.indexOf(':');
    String prefix = colon < 0 ? "" : selector.substring(0, colon);
    if (!SELECTOR_PREFIXES.contains(prefix)) {
      throw new IllegalArgumentException(
          "principal selector '"
              + selector
              + "' must start with one of group:, user:, sub:, scope: (e.g. group:agents)");
    }
    if (colon == selector.length() - 1) {
      throw new IllegalArgumentException(
          "principal selector '" + selector + "' names no " + prefix + " after the colon");
    }
  }

  /** Whether {@link #checkSelector(String)} would accept {@code selector}. */
  public static boolean isValidSelector(String selector) {
    try {
      checkSelector(selector);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Short and free of claim values, so a principal in a log line doesn't spill claims. */
  @Override
  public String toString() {
    return "Principal[" + id() + " groups=" + groups + " scopes=" + scopes + " exp=" + expiresAt
        + "]";
  }

  private static Set<String> sortedCopy(Collection<String> values) {
    TreeSet<String> sorted = new TreeSet<>();
    if (values != null) {
      for (String value : values) {
        sorted.add(Objects.requireNonNull(value, "a group or scope is null"));
      }
    }
    return Collections.unmodifiableSet(sorted);
  }

  private static Map<String, Object> deepCopy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      copy.put(String.valueOf(entry.getKey()), deepCopyValue(entry.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object deepCopyValue(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number) {
      // Long and Double from the JSON parser; anything else is normalised to one of them.
      return number instanceof Long || number instanceof Double ? number : normalise(number);
    }
    if (value instanceof Map<?, ?> map) {
      return deepCopy(map);
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(deepCopyValue(item));
      }
      return Collections.unmodifiableList(copy);
    }
    // Not a JSON value (a Date or similar from a hand-built claim set): keep its text, which
    // is immutable, rather than a reference someone could still change.
    return value.toString();
  }

  private static Number normalise(Number number) {
    double asDouble = number.doubleValue();
    long asLong = number.longValue();
    return asDouble == asLong ? (Number) asLong : (Number) asDouble;
  }
}
