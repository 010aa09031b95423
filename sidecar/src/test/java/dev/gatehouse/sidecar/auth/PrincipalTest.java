package dev.gatehouse.sidecar.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {
  static final Instant EXP = Instant.parse("2025-03-01T12:10:00Z");

  static Principal principal(Map<String, Object> claims) {
    return new Principal(
        "system:serviceaccount:agents:sql-bot",
        "https://kubernetes.default.svc",
        Set.of("agents", "readers"),
        Set.of("orders.read"),
        claims,
        EXP);
  }

  static Principal principal() {
    return principal(Map.of("tenant", "acme"));
  }

  @Test
  void idJoinsIssuerAndSubject() {
    assertEquals(
        "https://kubernetes.default.svc#system:serviceaccount:agents:sql-bot", principal().id());
  }

  @Test
  void matchesGroupUserSubAndScopeSelectors() {
    Principal p = principal();
    assertTrue(p.matches("group:agents"));
    assertTrue(p.matches("user:system:serviceaccount:agents:sql-bot"));
    assertTrue(p.matches("sub:system:serviceaccount:agents:sql-bot"));
    assertTrue(p.matches("scope:orders.read"));
    assertFalse(p.matches("group:managers"));
    assertFalse(p.matches("user:system:serviceaccount:agents"));
    assertFalse(p.matches("scope:orders.write"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"agents", "role:agents", "Group:agents", "group:", ":agents", "",
      "groups:agents", "group :agents", "iss:https://kubernetes.default.svc"})
  void unknownOrMalformedSelectorsMatchNobody(String selector) {
    assertFalse(principal().matches(selector));
    assertFalse(Principal.isValidSelector(selector));
  }

  @Test
  void nullSelectorMatchesNobody() {
    assertFalse(principal().matches(null));
    assertFalse(Principal.isValidSelector(null));
  }

  @Test
  void checkSelectorExplainsWhatIsWrong() {
    IllegalArgumentException prefix =
        assertThrows(IllegalArgumentException.class, () -> Principal.checkSelector("role:dba"));
    assertTrue(prefix.getMessage().contains("must start with one of group:, user:, sub:, scope:"));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> Principal.checkSelector("group:"));
    assertTrue(empty.getMessage().contains("names no group"));
    Principal.checkSelector("user:alice@example.com");
    Principal.checkSelector("scope:db:read");
  }

  @Test
  void groupsAndScopesAreSortedAndUnmodifiable() {
    Principal p = new Principal("s", "i", new LinkedHashSet<>(List.of("b", "a", "c")),
        Set.of(), Map.of(), EXP);
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(p.groups()));
    assertThrows(UnsupportedOperationException.class, () -> p.groups().add("admins"));
    assertThrows(UnsupportedOperationException.class, () -> p.scopes().add("all"));
  }

  @Test
  void claimsAreDeepCopiesTheCallerCannotChangeLater() {
    List<Object> roles = new ArrayList<>(List.of("reader"));
    Map<String, Object> realm = new HashMap<>(Map.of("roles", roles));
    Map<String, Object> claims = new HashMap<>();
    claims.put("realm_access", realm);
    claims.put("tenant", "acme");
    Principal p = principal(claims);

    roles.add("admin");
    realm.put("extra", true);
    claims.put("tenant", "evil");

    assertEquals(Optional.of(List.of("reader")), p.claim("realm_access.roles"));
    assertEquals(Optional.of("acme"), p.claim("tenant"));
    assertEquals(Optional.empty(), p.claim("realm_access.extra"));
    @SuppressWarnings("unchecked")
    Map<String, Object> copiedRealm = (Map<String, Object>) p.claims().get("realm_access");
    assertThrows(UnsupportedOperationException.class, () -> copiedRealm.put("roles", "admin"));
    @SuppressWarnings("unchecked")
    List<Object> copiedRoles = (List<Object>) copiedRealm.get("roles");
    assertThrows(UnsupportedOperationException.class, () -> copiedRoles.add("admin"));
    assertThrows(UnsupportedOperationException.class, () -> p.claims().put("tenant", "x"));
  }

  @Test
  void claimLookupFollowsDottedPathsAndDottedNames() {
    Map<String, Object> claims = Map.of(
        "kubernetes.io", Map.of("namespace", "agents",
            "serviceaccount", Map.of("name", "sql-bot")),
        "https://gatehouse.dev/tenant", "acme",
        "org", Map.of("unit", Map.of("id", 42L)));
    Principal p = principal(claims);
    assertEquals(Optional.of("agents"), p.claim("kubernetes.io.namespace"));
    assertEquals(Optional.of("sql-bot"), p.claim("kubernetes.io.serviceaccount.name"));
    assertEquals(Optional.of("acme"), p.claim("https://gatehouse.dev/tenant"));
    assertEquals(Optional.of(42L), p.claim("org.unit.id"));
    assertEquals(Optional.empty(), p.claim("org.unit.id.more"));
    assertEquals(Optional.empty(), p.claim("missing"));
    assertEquals(Optional.empty(), p.claim(""));
  }

  @Test
  void flatClaimWinsOverNestedOneOfTheSameSpelling() {
    Map<String, Object> claims = Map.of("a.b", "flat", "a", Map.of("b", "nested"));
    assertEquals(Optional.of("flat"), principal(claims).claim("a.b"));
  }

  @Test
  void toStringLeavesClaimValuesOut() {
    String text = principal(Map.of("email", "ceo@example.com")).toString();
    assertTrue(text.contains("system:serviceaccount:agents:sql-bot"));
    assertFalse(text.contains("ceo@example.com"));
  }
}
