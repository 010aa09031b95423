package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertRefused;
import static dev.gatehouse.sidecar.auth.Tokens.AUDIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys fetched over real HTTP from an IdP on loopback: discovery, caching, rotation, the rate
 * limit on refreshes, and surviving an outage on cached keys.
 */
class RemoteKeysTest {
  static final Instant NOW = TokenVerifierTest.NOW;
  static final JwksFetchPolicy POLICY = new JwksFetchPolicy(
      Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(5),
      Duration.ofSeconds(30), Duration.ofHours(1), 64 * 1024);

  final MutableClock clock = new MutableClock(NOW);
  IdpStub idp;

  @BeforeEach
  void startIdp() throws Exception {
    idp = new IdpStub();
    idp.keys = new JWKSet(TestKeys.RSA_A.toPublicJWK());
  }

  @AfterEach
  void stopIdp() {
    idp.close();
  }

  TokenVerifier discovering(String issuer, JwksFetchPolicy policy) {
    return verifier(issuer, null, policy);
  }

  TokenVerifier discovering() {
    return discovering(idp.issuer, POLICY);
  }

  TokenVerifier verifier(String issuer, URI jwksUri, JwksFetchPolicy policy) {
    IssuerConfig config = new IssuerConfig(
        issuer, List.of(AUDIENCE), jwksUri, null, "groups", IssuerConfig.DEFAULT_ALGORITHMS);
    return new TokenVerifier(
        new IdentityConfig(List.of(config), Duration.ofMinutes(5), Duration.ofSeconds(30)),
        Map.of(), clock, policy, null);
  }

  /** A fresh token (unique jti, so never a cache hit) issued just now by the stub's issuer. */
  String token(JWK key) {
    return token(key, key.getKeyID());
  }

  String token(JWK key, String kid) {
    Instant now = clock.instant();
    JWTClaimsSet claims = Tokens.validClaims(now)
        .issuer(idp.issuer).jwtID(UUID.randomUUID().toString()).build();
    return Tokens.sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
  }

  @Test
  void discoversTheJwksUriAndFetchesKeysOnce() throws Exception {
    TokenVerifier verifier = discovering();
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());
    assertEquals(1, idp.discoveryRequests.get());
    assertEquals(1, idp.jwksRequests.get());
  }

  @Test
  void usesConfiguredJwksUriWithoutDiscovery() throws Exception {
    TokenVerifier verifier = verifier(idp.issuer, idp.jwksUri(), POLICY);
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());
    assertEquals(0, idp.discoveryRequests.get());
    assertEquals(1, idp.jwksRequests.get());
  }

  @Test
  void discoveryStripsTheIssuersTrailingSlashAndComparesItExactly() throws Exception {
    try (IdpStub slashed = new IdpStub("/")) {
      slashed.keys = new JWKSet(TestKeys.RSA_A.toPublicJWK());
      TokenVerifier verifier = discovering(slashed.issuer, POLICY);
      JWTClaimsSet claims = Tokens.validClaims(NOW).issuer(slashed.issuer).build();
      assertEquals(slashed.issuer,
          verifier.verify(Tokens.sign(TestKeys.RSA_A, claims)).issuer());
      assertEquals(1, slashed.discoveryRequests.get());
    }
  }

  @Test
  void refusesADiscoveryDocumentForAnotherIssuer() {
    idp.announcedIssuer = "https://evil.test/realms/test";
    assertRefused(discovering(), token(TestKeys.RSA_A), Reason.KEYS_UNAVAILABLE,
        "can't check the token", "is for issuer https://evil.test/realms/test, not " + idp.issuer);
    assertEquals(0, idp.jwksRequests.get());
  }

  @Test
  void refusesAPlainHttpJwksUriOffLoopbackFromDiscovery() {
    idp.announcedJwksUri = "http://idp.example.com/certs";
    assertRefused(discovering(), token(TestKeys.RSA_A), Reason.KEYS_UNAVAILABLE,
        "must be fetched over https");
  }

  @Test
  void picksUpRotatedKeysAtTheFirstTokenNamingTheNewKey() throws Exception {
    TokenVerifier verifier = discovering();
    String cachedOldToken = token(TestKeys.RSA_A);
    verifier.verify(cachedOldToken);

    idp.keys = new JWKSet(TestKeys.RSA_B.toPublicJWK()); // A retired, B introduced
    clock.advance(Duration.ofSeconds(31));
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_B)).subject());
    assertEquals(2, idp.jwksRequests.get());

    // A new token signed by the retired key is refused without another fetch.
    assertRefused(verifier, token(TestKeys.RSA_A), Reason.UNKNOWN_KEY, "unknown key", "'rsa-a'");
    assertEquals(2, idp.jwksRequests.get());
    // A token verified before the rotation stays valid until it expires (at most max_token_age).
    assertEquals("agent-7", verifier.verify(cachedOldToken).subject());
  }

  @Test
  void unknownKidTriggersAtMostOneFetchPerInterval() throws Exception {
    TokenVerifier verifier = discovering();
    verifier.verify(token(TestKeys.RSA_A));
    assertEquals(1, idp.jwksRequests.get());

    idp.keys = new JWKSet(List.of(TestKeys.RSA_A.toPublicJWK(), TestKeys.RSA_B.toPublicJWK()));
    clock.advance(Duration.ofSeconds(10));
    String tokenB = token(TestKeys.RSA_B);
    assertRefused(verifier, tokenB, Reason.UNKNOWN_KEY, "'rsa-b'");
    assertEquals(1, idp.jwksRequests.get(), "fetched again within the refresh interval");

    clock.advance(Duration.ofSeconds(21));
    assertEquals("agent-7", verifier.verify(tokenB).subject());
    assertEquals(2, idp.jwksRequests.get());
  }

  @Test
  void aStormOfMadeUpKidsCausesOneFetch() throws Exception {
    TokenVerifier verifier = discovering();
    verifier.verify(token(TestKeys.RSA_A));
    clock.advance(Duration.ofSeconds(31));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reason>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String forged = token(TestKeys.RSA_UNTRUSTED, "made-up-" + i);
        results.add(pool.submit(() -> {
          try {
            verifier.verify(forged);
            return null;
          } catch (AuthenticationException e) {
            return e.reason();
          }
        }));
      }
      for (Future<Reason> result : results) {
        assertEquals(Reason.UNKNOWN_KEY, result.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, idp.jwksRequests.get(), "initial fetch plus one rate-limited refresh");
  }

  @Test
  void cachedTokensNeverTouchTheIdp() throws Exception {
    TokenVerifier verifier = discovering();
    String token = token(TestKeys.RSA_A);
    verifier.verify(token);
    clock.advance(Duration.ofMinutes(4)); // keys still fresh, token still young enough
    for (int i = 0; i < 100; i++) {
      verifier.verify(token);
    }
    assertEquals(1, idp.jwksRequests.get());
  }

  @Test
  void refetchesKeysOnceTheirTtlHasPassed() throws Exception {
    TokenVerifier verifier = discovering();
    verifier.verify(token(TestKeys.RSA_A));
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    verifier.verify(token(TestKeys.RSA_A));
    assertEquals(2, idp.jwksRequests.get());
    assertEquals(1, idp.discoveryRequests.get(), "the discovered jwks_uri is remembered");
  }

  @Test
  void idpOutageKeepsCachedKeysWorkingForTheGracePeriod() throws Exception {
    TokenVerifier verifier = discovering();
    verifier.verify(token(TestKeys.RSA_A));
    idp.stop();

    clock.advance(Duration.ofMinutes(20)); // keys past their TTL, IdP unreachable
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());
    clock.advance(Duration.ofMinutes(44)); // 64 min: still within TTL + grace (65 min)
    assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());

    clock.advance(Duration.ofMinutes(2)); // past TTL + grace
    assertRefused(verifier, token(TestKeys.RSA_A), Reason.KEYS_UNAVAILABLE,
        "the keys of issuer " + idp.issuer + " could not be fetched", "are too old");
  }

  @Test
  void failingIdpIsRetriedAtMostOncePerInterval() throws Exception {
    TokenVerifier verifier = discovering();
    verifier.verify(token(TestKeys.RSA_A));
    idp.status = 503;
    clock.advance(Duration.ofMinutes(6));
    int before = idp.jwksRequests.get() + idp.discoveryRequests.get();
    for (int i = 0; i < 20; i++) {
      assertEquals("agent-7", verifier.verify(token(TestKeys.RSA_A)).subject());
    }
    assertEquals(before + 1, idp.jwksRequests.get() + idp.discoveryRequests.get());
    clock.advance(Duration.ofSeconds(31));
    verifier.verify(token(TestKeys.RSA_A));
    assertEquals(before + 2, idp.jwksRequests.get() + idp.discoveryRequests.get());
  }

  @Test
  void idpDownAtStartRefusesThenRecovers() throws Exception {
    idp.status = 503;
    TokenVerifier verifier = discovering();
    String token = token(TestKeys.RSA_A);
    assertRefused(verifier, token, Reason.KEYS_UNAVAILABLE, "answered HTTP 503");
    idp.status = 200;
    assertRefused(verifier, token, Reason.KEYS_UNAVAILABLE, "could not be fetched");
    clock.advance(Duration.ofSeconds(31));
    assertEquals("agent-7", verifier.verify(token).subject());
  }

  @Test
  void prefetchReportsUnreachableIssuersAndIsQuietOtherwise() {
    assertEquals(List.of(), discovering().prefetchKeys());
    idp.stop();
    List<String> problems = discovering().prefetchKeys();
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains(idp.issuer), problems.get(0));
  }

  @Test
  void refusesAnOversizedJwksResponse() {
    List<JWK> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(TestKeys.withKid(TestKeys.RSA_A, "k" + i).toPublicJWK());
    }
    idp.keys = new JWKSet(many);
    JwksFetchPolicy small = new JwksFetchPolicy(Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1), 4096);
    assertRefused(discovering(idp.issuer, small), token(TestKeys.RSA_A, "k1"),
        Reason.KEYS_UNAVAILABLE, "answered more than 4096 bytes");
  }

  @Test
  void refusesAJwksThatIsNotJson() {
    idp.jwksBodyOverride = "<html>login required</html>";
    assertRefused(discovering(), token(TestKeys.RSA_A), Reason.KEYS_UNAVAILABLE, "is not valid");
  }
}
