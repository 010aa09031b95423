package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertRefused;
import static dev.gatehouse.sidecar.auth.Tokens.AUDIENCE;
import static dev.gatehouse.sidecar.auth.Tokens.ISSUER;
import static dev.gatehouse.sidecar.auth.Tokens.sign;
import static dev.gatehouse.sidecar.auth.Tokens.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a verified token becomes a principal: groups from the configured path, scopes, claims. */
class PrincipalClaimsTest {
  static final Instant NOW = TokenVerifierTest.NOW;
  final MutableClock clock = new MutableClock(NOW);

  Principal verify(String groupsClaim, JWTClaimsSet claims) throws AuthenticationException {
    return verifier(groupsClaim).verify(sign(TestKeys.RSA_A, claims));
  }

  TokenVerifier verifier(String groupsClaim) {
    IssuerConfig issuer = new IssuerConfig(
        ISSUER, List.of(AUDIENCE), null, null, groupsClaim, IssuerConfig.DEFAULT_ALGORITHMS);
    IdentityConfig config =
        new IdentityConfig(List.of(issuer), Duration.ofMinutes(5), Duration.ofSeconds(30));
    return TokenVerifier.withKeys(
        config, Map.of(ISSUER, new JWKSet(TestKeys.RSA_A.toPublicJWK())), clock);
  }

  @Test
  void principalCarriesSubjectIssuerGroupsClaimsAndExpiry() throws Exception {
    Principal p = verify("groups", validClaims(NOW).build());
    assertEquals("agent-7", p.subject());
    assertEquals(ISSUER, p.issuer());
    assertEquals(Set.of("agents", "readers"), p.groups());
    assertEquals(Optional.of("acme"), p.claim("tenant"));
    assertEquals(Optional.of(NOW.plusSeconds(600).getEpochSecond()), p.claim("exp"));
    assertEquals(NOW.plusSeconds(600), p.expiresAt());
    assertEquals(ISSUER + "#agent-7", p.id());
    assertThrows(UnsupportedOperationException.class, () -> p.claims().put("tenant", "evil"));
  }

  @Test
  void groupsFromNestedKeycloakPath() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("groups", null)
        .claim("realm_access", Map.of("roles", List.of("agents", "offline_access"))).build();
    Principal p = verify("realm_access.roles", claims);
    assertEquals(Set.of("agents", "offline_access"), p.groups());
  }

  @Test
  void groupsFromCognitoClaimName() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("cognito:groups", List.of("analysts")).build();
    assertEquals(Set.of("analysts"), verify("cognito:groups", claims).groups());
  }

  @Test
  void groupsFromKubernetesNamespaceUnderADottedClaimName() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("groups", null)
        .claim("kubernetes.io", Map.of("namespace", "agents",
            "serviceaccount", Map.of("name", "sql-bot", "uid", "1234")))
        .build();
    Principal p = verify("kubernetes.io.namespace", claims);
    assertEquals(Set.of("agents"), p.groups());
    assertEquals(true, p.matches("group:agents"));
  }

  @Test
  void groupsFromSpaceSeparatedString() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("groups", " agents  readers\tdba ").build();
    assertEquals(Set.of("agents", "readers", "dba"), verify("groups", claims).groups());
  }

  @Test
  void absentGroupsClaimMeansNoGroups() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("groups", null).build();
    assertEquals(Set.of(), verify("groups", claims).groups());
  }

  @Test
  void refusesGroupsThatAreNotNames() {
    TokenVerifier verifier = verifier("groups");
    assertRefused(verifier, sign(TestKeys.RSA_A, validClaims(NOW).claim("groups", 7).build()),
        Reason.INVALID_CLAIM, "groups claim groups is neither a list of names nor a text");
    assertRefused(verifier,
        sign(TestKeys.RSA_A, validClaims(NOW).claim("groups", List.of("agents", 1)).build()),
        Reason.INVALID_CLAIM, "holds a value that is not text");
    assertRefused(verifier,
        sign(TestKeys.RSA_A,
            validClaims(NOW).claim("groups", Map.of("name", "agents")).build()),
        Reason.INVALID_CLAIM, "groups claim");
  }

  @Test
  void scopesFromScopeStringAndScpList() throws Exception {
    JWTClaimsSet claims = validClaims(NOW)
        .claim("scope", "openid orders.read")
        .claim("scp", List.of("orders.write"))
        .build();
    Principal p = verify("groups", claims);
    assertEquals(Set.of("openid", "orders.read", "orders.write"), p.scopes());
    assertEquals(true, p.matches("scope:orders.write"));
  }

  @Test
  void scopesFromEntraStyleScpString() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).claim("scp", "Gatehouse.Query Gatehouse.Admin").build();
    assertEquals(Set.of("Gatehouse.Admin", "Gatehouse.Query"), verify("groups", claims).scopes());
  }

  @Test
  void numericSubjectIsTakenAsText() throws Exception {
    String payload = validClaims(NOW).build().toString()
        .replace("\"sub\":\"agent-7\"", "\"sub\":12345");
    assertEquals(true, payload.contains("\"sub\":12345"));
    String token = Tokens.signRaw(TestKeys.RSA_A, payload);
    assertEquals("12345", verifier("groups").verify(token).subject());
  }

  @Test
  void refusesDuplicateClaimNames() {
    // Two iss members: which one would a policy see? Refuse instead of guessing.
    String payload = validClaims(NOW).build().toString()
        .replace("{", "{\"iss\":\"https://evil.test\",");
    String token = Tokens.signRaw(TestKeys.RSA_A, payload);
    assertRefused(verifier("groups"), token, Reason.MALFORMED, "not a well-formed JWT");
  }
}
