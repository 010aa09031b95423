package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertRefused;
import static dev.gatehouse.sidecar.auth.Tokens.AUDIENCE;
import static dev.gatehouse.sidecar.auth.Tokens.ISSUER;
import static dev.gatehouse.sidecar.auth.Tokens.header;
import static dev.gatehouse.sidecar.auth.Tokens.sign;
import static dev.gatehouse.sidecar.auth.Tokens.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token rules of SPEC §4/§6, one real signed token per rule. Every refusal is checked for
 * its reason, the words that tell the agent what was wrong, and for not echoing the token.
 */
class TokenVerifierTest {
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  /** Trusted: RSA A and B, EC P-256 and P-384. Not trusted: RSA_UNTRUSTED. */
  static final JWKSet TRUSTED_KEYS =
      new JWKSet(
          List.of(
              TestKeys.RSA_A.toPublicJWK(),
              TestKeys.RSA_B.toPublicJWK(),
              TestKeys.EC_P256.toPublicJWK(),
              TestKeys.EC_P384.toPublicJWK()));

  final MutableClock clock = new MutableClock(NOW);

  static IssuerConfig issuer(String name) {
    return new IssuerConfig(
        name, List.of(AUDIENCE), null, null, "groups", IssuerConfig.DEFAULT_ALGORITHMS);
  }

  TokenVerifier verifier(IssuerConfig issuer, JWKSet keys, Duration maxAge) {
    IdentityConfig config = new IdentityConfig(List.of(issuer), maxAge, Duration.ofSeconds(30));
    return TokenVerifier.withKeys(config, Map.of(issuer.issuer(), keys), clock);
  }

  TokenVerifier verifier() {
    return verifier(issuer(ISSUER), TRUSTED_KEYS, Duration.ofMinutes(5));
  }

  static JWTClaimsSet claims() {
    return validClaims(NOW).build();
  }

  static JWTClaimsSet claims(String name, Object value) {
    return validClaims(NOW).claim(name, value).build();
  }

  // --- what passes ---

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS512", "PS256", "PS384"})
  void acceptsRsaAndRsaPssSignatures(String algorithm) throws Exception {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID("rsa-a").build();
    Principal principal = verifier().verify(sign(TestKeys.RSA_A, header, claims()));
    assertEquals("agent-7", principal.subject());
    assertEquals(ISSUER, principal.issuer());
  }

  @Test
  void acceptsEcSignaturesOnTheirCurve() throws Exception {
    assertEquals("agent-7", verifier().verify(sign(TestKeys.EC_P256, claims())).subject());
    assertEquals("agent-7", verifier().verify(sign(TestKeys.EC_P384, claims())).subject());
  }

  @Test
  void acceptsTokenWithoutKidWhenExactlyOneKeyFits() throws Exception {
    // Two RSA keys but one P-256 key: an ES256 token without kid can only be from that one.
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.EC_P256, header, claims())).subject());
  }

  @Test
  void acceptsTokenSurroundedByWhitespace() throws Exception {
    String token = sign(TestKeys.RSA_A, claims());
    assertEquals("agent-7", verifier().verify("  " + token + "\n").subject());
  }

  @Test
  void acceptsAudienceListNamingGatehouseAmongOthers() throws Exception {
    JWTClaimsSet claims =
        validClaims(NOW).audience(List.of("billing", AUDIENCE, "reports")).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, claims)).subject());
  }

  @Test
  void acceptsTokenJustUnder16KiB() throws Exception {
    String token = sign(TestKeys.RSA_A, claims("padding", "x".repeat(11_700)));
    assertTrue(token.length() > 16_000 && token.length() <= TokenVerifier.MAX_TOKEN_LENGTH,
        () -> "token length " + token.length());
    assertEquals("agent-7", verifier().verify(token).subject());
  }

  // --- the negative set of the issue ---

  @Test
  void refusesUnknownKey() {
    String token = sign(TestKeys.RSA_UNTRUSTED, claims());
    assertRefused(verifier(), token, Reason.UNKNOWN_KEY, "unknown key", "'rsa-c'", ISSUER);
  }

  @Test
  void refusesTamperedPayload() {
    String token = sign(TestKeys.RSA_A, claims());
    JWTClaimsSet promoted =
        validClaims(NOW).subject("root").claim("groups", List.of("dba")).build();
    String tampered = Tokens.withPayload(token, promoted.toString());
    assertRefused(verifier(), tampered, Reason.BAD_SIGNATURE, "signature does not verify",
        "altered");
  }

  @Test
  void refusesTamperedHeader() throws Exception {
    String token = sign(TestKeys.RSA_A, claims());
    String header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-a").build()
        .toBase64URL().toString();
    String tampered = header + token.substring(token.indexOf('.'));
    assertRefused(verifier(), tampered, Reason.BAD_SIGNATURE, "signature does not verify");
  }

  @Test
  void refusesExpiredToken() {
    JWTClaimsSet claims =
        validClaims(NOW).expirationTime(Date.from(NOW.minusSeconds(31))).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.EXPIRED,
        "token expired at 2025-03-01T11:59:29Z", "it is now 2025-03-01T12:00:00Z");
  }

  @Test
  void toleratesExpiryWithinClockSkew() throws Exception {
    JWTClaimsSet claims =
        validClaims(NOW).expirationTime(Date.from(NOW.minusSeconds(29))).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, claims)).subject());
  }

  @Test
  void refusesTokenNotYetValidBeyondSkew() {
    JWTClaimsSet claims = validClaims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(45))).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.NOT_YET_VALID,
        "not valid before 2025-03-01T12:00:45Z", "clock skew allowed 30s");
  }

  @Test
  void acceptsNotBeforeInFutureWithinSkew() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(25))).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, claims)).subject());
  }

  @Test
  void refusesIssuedAtInFutureBeyondSkew() {
    JWTClaimsSet claims = validClaims(NOW).notBeforeTime(null)
        .issueTime(Date.from(NOW.plusSeconds(40))).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.ISSUED_IN_FUTURE,
        "issued at 2025-03-01T12:00:40Z, in the future");
  }

  @Test
  void acceptsIssuedAtInFutureWithinSkew() throws Exception {
    JWTClaimsSet claims = validClaims(NOW).notBeforeTime(null)
        .issueTime(Date.from(NOW.plusSeconds(20))).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, claims)).subject());
  }

  @Test
  void refusesTokenOlderThanMaxTokenAgeEvenIfNotExpired() {
    JWTClaimsSet claims = validClaims(NOW)
        .issueTime(Date.from(NOW.minus(Duration.ofMinutes(6))))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
        .build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.TOO_OLD,
        "issued at 2025-03-01T11:54:00Z", "more than max_token_age 5m ago");
  }

  @Test
  void acceptsTokenAtTheEdgeOfMaxTokenAgePlusSkew() throws Exception {
    JWTClaimsSet claims = validClaims(NOW)
        .issueTime(Date.from(NOW.minus(Duration.ofSeconds(330))))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
        .build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, claims)).subject());
  }

  @Test
  void refusesUntrustedIssuer() {
    JWTClaimsSet claims = validClaims(NOW).issuer("https://evil.test").build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.UNTRUSTED_ISSUER,
        "issuer 'https://evil.test' is not trusted", ISSUER);
  }

  @Test
  void comparesIssuerExactlyTrailingSlashIncluded() throws Exception {
    String withSlash = sign(TestKeys.RSA_A, validClaims(NOW).issuer(ISSUER + "/").build());
    String withoutSlash = sign(TestKeys.RSA_A, claims());
    assertRefused(verifier(), withSlash, Reason.UNTRUSTED_ISSUER, "trailing slash");

    TokenVerifier slashConfigured =
        verifier(issuer(ISSUER + "/"), TRUSTED_KEYS, Duration.ofMinutes(5));
    assertEquals(ISSUER + "/", slashConfigured.verify(withSlash).issuer());
    assertRefused(slashConfigured, withoutSlash, Reason.UNTRUSTED_ISSUER, "not trusted");
  }

  @Test
  void refusesWrongAudience() {
    JWTClaimsSet claims = validClaims(NOW).audience("billing-api").build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.WRONG_AUDIENCE,
        "audience '[billing-api]' is not accepted", "[gatehouse]");
  }

  @Test
  void refusesAudienceListWithoutGatehouse() {
    JWTClaimsSet claims = validClaims(NOW).audience(List.of("billing", "reports")).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.WRONG_AUDIENCE,
        "'[billing, reports]'");
  }

  @Test
  void refusesUnsignedTokenAlgNone() {
    String token = new PlainJWT(claims()).serialize();
    assertRefused(verifier(), token, Reason.UNSIGNED, "unsigned (alg: none)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void refusesAlgNoneInAnySpellingEvenWithASignature(String none) {
    String signature = sign(TestKeys.RSA_A, claims()).split("\\.")[2];
    String token =
        Tokens.raw("{\"alg\":\"" + none + "\",\"kid\":\"rsa-a\"}", claims().toString(), signature);
    assertRefused(verifier(), token, Reason.UNSIGNED, "alg: none");
  }

  @Test
  void refusesHmacSignedWithThePublicKey() throws Exception {
    // The classic key confusion: HS256 with the RSA public key as the HMAC secret.
    byte[] publicKeyBytes = TestKeys.RSA_A.toRSAPublicKey().getEncoded();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-a").build(), claims());
    jwt.sign(new MACSigner(publicKeyBytes));
    assertRefused(verifier(), jwt.serialize(), Reason.ALGORITHM_NOT_ALLOWED,
        "algorithm 'HS256' is not accepted", "RS256");
  }

  @Test
  void refusesHmacSignedWithTheJwkModulus() throws Exception {
    byte[] modulus = TestKeys.RSA_A.getModulus().decode();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).keyID("rsa-a").build(), claims());
    jwt.sign(new MACSigner(modulus));
    assertRefused(verifier(), jwt.serialize(), Reason.ALGORITHM_NOT_ALLOWED, "'HS512'");
  }

  @ParameterizedTest
  @CsvSource({
    "iss, token has no issuer (iss)",
    "sub, token has no subject (sub)",
    "aud, token has no audience (aud)",
    "exp, token has no expiry (exp)",
    "iat, token has no issue time (iat)"
  })
  void refusesTokenMissingARequiredClaim(String claim, String message) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder(claims()).claim(claim, null).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, claims), Reason.MISSING_CLAIM, message);
  }

  @Test
  void refusesEmptySubject() {
    assertRefused(verifier(), sign(TestKeys.RSA_A, validClaims(NOW).subject("").build()),
        Reason.MISSING_CLAIM, "no subject");
  }

  @Test
  void refusesClaimsOfTheWrongType() {
    String token = sign(TestKeys.RSA_A, claims());
    String payload = claims().toString().replaceFirst("\"exp\":\\d+", "\"exp\":\"tomorrow\"");
    String forged = Tokens.raw("{\"alg\":\"RS256\",\"kid\":\"rsa-a\"}", payload,
        token.split("\\.")[2]);
    assertRefused(verifier(), forged, Reason.MALFORMED, "claims of the right types");
  }

  @Test
  void refusesOversizedTokenBeforeParsing() {
    String token = "e".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1);
    assertRefused(verifier(), token, Reason.OVERSIZED, "16385 characters", "at most 16384");
  }

  @Test
  void refusesOversizedTokenEvenIfValidlySigned() {
    String token = sign(TestKeys.RSA_A, claims("padding", "x".repeat(20_000)));
    assertRefused(verifier(), token, Reason.OVERSIZED, "at most 16384");
  }

  @ParameterizedTest
  @CsvSource({"200, ", "5000, MALFORMED"})
  void survivesDeeplyNestedClaimsOnASmallStack(int depth, Reason expected) throws Exception {
    // 5000 nested arrays still fit in 16 KiB: parsing (nimbus' JSON nesting limit refuses
    // them) and copying claims into the principal must not overflow a worker thread's stack.
    String nested = "[".repeat(depth) + "]".repeat(depth);
    String payload = claims().toString().replaceFirst("\\{", "{\"deep\":" + nested + ",");
    String token = Tokens.signRaw(TestKeys.EC_P256, payload);
    assertTrue(token.length() <= TokenVerifier.MAX_TOKEN_LENGTH, () -> "length " + token.length());
    TokenVerifier verifier = verifier();
    Object[] outcome = new Object[1];
    Thread worker = new Thread(null, () -> {
      try {
        outcome[0] = verifier.verify(token);
      } catch (Throwable t) {
        outcome[0] = t;
      }
    }, "small-stack", 256 * 1024);
    worker.start();
    worker.join();
    if (expected == null) {
      assertTrue(outcome[0] instanceof Principal, () -> "got " + outcome[0]);
    } else {
      assertTrue(outcome[0] instanceof AuthenticationException, () -> "got " + outcome[0]);
      assertEquals(expected, ((AuthenticationException) outcome[0]).reason());
    }
  }

  // --- headers ---

  @Test
  void refusesMissingKidWhenSeveralKeysFit() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, header, claims()), Reason.AMBIGUOUS_KEY,
        "names no key (kid)", "has 2 keys");
  }

  @Test
  void refusesTokenSignedByKeyANamingKeyB() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-b").build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, header, claims()), Reason.BAD_SIGNATURE,
        "does not verify with the key 'rsa-b'");
  }

  @Test
  void refusesCriticalHeaderParameters() {
    JWSHeader header = header(TestKeys.RSA_A)
        .customParam("urn:example:policy", "strict")
        .criticalParams(Set.of("urn:example:policy"))
        .build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, header, claims()), Reason.HEADER_NOT_ALLOWED,
        "'[urn:example:policy]' as critical (crit)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logout+jwt", "secevent+jwt", "dpop+jwt", "JOSE", "JWE", "xyz"})
  void refusesTypesThatAreNotAccessTokens(String type) {
    JWSHeader header = header(TestKeys.RSA_A).type(new JOSEObjectType(type)).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, header, claims()), Reason.HEADER_NOT_ALLOWED,
        "token type (typ) '" + type + "' is not an access token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JWT", "jwt", "at+jwt", "application/at+jwt", "AT+JWT"})
  void acceptsJwtAndAccessTokenTypes(String type) throws Exception {
    JWSHeader header = header(TestKeys.RSA_A).type(new JOSEObjectType(type)).build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, header, claims())).subject());
  }

  @Test
  void acceptsTokenWithoutTyp() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-a").build();
    assertEquals("agent-7", verifier().verify(sign(TestKeys.RSA_A, header, claims())).subject());
  }

  @Test
  void refusesNestedTokens() {
    JWSHeader header = header(TestKeys.RSA_A).contentType("JWT").build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, header, claims()), Reason.HEADER_NOT_ALLOWED,
        "nested tokens");
  }

  @Test
  void refusesEmbeddedJwkEvenSignedByThatKey() {
    // The attacker's own key in the header, token signed with it.
    JWSHeader header =
        header(TestKeys.RSA_UNTRUSTED).jwk(TestKeys.RSA_UNTRUSTED.toPublicJWK()).build();
    assertRefused(verifier(), sign(TestKeys.RSA_UNTRUSTED, header, claims()),
        Reason.HEADER_NOT_ALLOWED, "[jwk]", "configured JWKS");
  }

  @Test
  void refusesJkuAndX5uEvenOnAnOtherwiseValidToken() {
    JWSHeader jku = header(TestKeys.RSA_A).jwkURL(URI.create("https://evil.test/jwks")).build();
    JWSHeader x5u = header(TestKeys.RSA_A).x509CertURL(URI.create("https://evil.test/c")).build();
    JWSHeader x5c =
        header(TestKeys.RSA_A).x509CertChain(List.of(Base64.encode("not a cert"))).build();
    assertRefused(verifier(), sign(TestKeys.RSA_A, jku, claims()), Reason.HEADER_NOT_ALLOWED,
        "[jku]");
    assertRefused(verifier(), sign(TestKeys.RSA_A, x5u, claims()), Reason.HEADER_NOT_ALLOWED,
        "[x5u]");
    assertRefused(verifier(), sign(TestKeys.RSA_A, x5c, claims()), Reason.HEADER_NOT_ALLOWED,
        "[x5c]");
  }

  @Test
  void refusesEncryptedTokens() throws JOSEException {
    EncryptedJWT jwe = new EncryptedJWT(
        new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM), claims());
    jwe.encrypt(new RSAEncrypter(TestKeys.RSA_A.toRSAPublicKey()));
    assertRefused(verifier(), jwe.serialize(), Reason.ENCRYPTED, "encrypted (JWE)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30", "....", "Bearer x.y.z"})
  void refusesMalformedTokens(String token) {
    assertRefused(verifier(), token, Reason.MALFORMED, "not a well-formed JWT");
  }

  @Test
  void refusesMissingToken() {
    assertRefused(verifier(), null, Reason.MISSING, "no token presented", "token_file");
    assertRefused(verifier(), "  ", Reason.MISSING, "no token presented");
  }

  // --- keys and algorithms ---

  @Test
  void refusesAlgorithmOutsideTheIssuersList() {
    IssuerConfig esOnly =
        new IssuerConfig(ISSUER, List.of(AUDIENCE), null, null, "groups", List.of("ES256"));
    TokenVerifier verifier = verifier(esOnly, TRUSTED_KEYS, Duration.ofMinutes(5));
    assertRefused(verifier, sign(TestKeys.RSA_A, claims()), Reason.ALGORITHM_NOT_ALLOWED,
        "'RS256' is not accepted", "(accepted: ES256)");
  }

  @Test
  void refusesEs384TokenAgainstAP256KeyOfTheSameKid() {
    // Same kid on a key of the wrong curve: the matcher must not even try it.
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-256").build();
    assertRefused(verifier(), sign(TestKeys.EC_P384, header, claims()), Reason.UNKNOWN_KEY,
        "no key with kid 'ec-256' for ES384");
  }

  @Test
  void ignoresRsaKeysShorterThan2048Bits() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair pair = generator.generateKeyPair();
    RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("weak").build();
    // nimbus refuses to sign with a weak key, so sign with the JCA directly
    String signingInput = Tokens.raw("{\"alg\":\"RS256\",\"kid\":\"weak\"}",
        claims().toString(), "");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signingInput.substring(0, signingInput.length() - 1)
        .getBytes(StandardCharsets.US_ASCII));
    String token = signingInput + Base64URL.encode(rsa.sign());
    TokenVerifier verifier =
        verifier(issuer(ISSUER), new JWKSet(List.of(weak, TestKeys.RSA_A.toPublicJWK())),
            Duration.ofMinutes(5));
    assertRefused(verifier, token, Reason.UNKNOWN_KEY, "'weak'");
  }

  @Test
  void ignoresKeysMeantForEncryption() {
    RSAKey encryptionKey = new RSAKey.Builder(TestKeys.RSA_B).keyUse(KeyUse.ENCRYPTION).build();
    TokenVerifier verifier = verifier(
        issuer(ISSUER), new JWKSet(encryptionKey.toPublicJWK()), Duration.ofMinutes(5));
    assertRefused(verifier, sign(TestKeys.RSA_B, claims()), Reason.UNKNOWN_KEY, "'rsa-b'");
  }

  // --- the cache ---

  @Test
  void cachedTokenIsRefusedOnceExpired() throws Exception {
    TokenVerifier verifier = verifier(issuer(ISSUER), TRUSTED_KEYS, Duration.ofHours(1));
    String token = sign(TestKeys.RSA_A, claims());
    assertEquals("agent-7", verifier.verify(token).subject());
    assertEquals(1, verifier.cachedTokenCount());
    clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertEquals("agent-7", verifier.verify(token).subject()); // within skew: still cached
    clock.advance(Duration.ofSeconds(2));
    assertRefused(verifier, token, Reason.EXPIRED, "token expired at 2025-03-01T12:10:00Z");
  }

  @Test
  void cachedTokenIsRefusedOnceOlderThanMaxTokenAge() throws Exception {
    TokenVerifier verifier = verifier();
    String token = sign(TestKeys.RSA_A, claims()); // issued a minute ago, expires in 10
    assertEquals("agent-7", verifier.verify(token).subject());
    clock.advance(Duration.ofMinutes(4).plusSeconds(31));
    assertRefused(verifier, token, Reason.TOO_OLD, "max_token_age 5m");
  }

  @Test
  void cacheHitReturnsTheSamePrincipal() throws Exception {
    TokenVerifier verifier = verifier();
    String token = sign(TestKeys.RSA_A, claims());
    Principal first = verifier.verify(token);
    Principal second = verifier.verify(token);
    assertEquals(first, second);
    assertEquals(1, verifier.cachedTokenCount());
  }

  @Test
  void refusedTokensAreNotCached() {
    TokenVerifier verifier = verifier();
    assertRefused(verifier, sign(TestKeys.RSA_UNTRUSTED, claims()), Reason.UNKNOWN_KEY);
    assertEquals(0, verifier.cachedTokenCount());
  }

  @Test
  void closedVerifierRefusesToWork() {
    TokenVerifier verifier = verifier();
    verifier.close();
    assertThrows(IllegalStateException.class,
        () -> verifier.verify(sign(TestKeys.RSA_A, claims())));
  }
}
