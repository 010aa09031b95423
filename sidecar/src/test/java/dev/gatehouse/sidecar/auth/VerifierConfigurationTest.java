package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Tokens.AUDIENCE;
import static dev.gatehouse.sidecar.auth.Tokens.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration the verifier can't honour is refused when it is built, never at a request. */
class VerifierConfigurationTest {
  final MutableClock clock = new MutableClock(TokenVerifierTest.NOW);
  @TempDir Path dir;

  static IssuerConfig issuer(URI jwksUri, Path jwksFile, List<String> algorithms) {
    return new IssuerConfig(ISSUER, List.of(AUDIENCE), jwksUri, jwksFile, "groups", algorithms);
  }

  TokenVerifier build(IssuerConfig... issuers) {
    return new TokenVerifier(
        new IdentityConfig(List.of(issuers), Duration.ofMinutes(5), Duration.ofSeconds(30)),
        clock);
  }

  String refusal(IssuerConfig... issuers) {
    return assertThrows(IllegalArgumentException.class, () -> build(issuers)).getMessage();
  }

  Path publicJwks() throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, TokenVerifierTest.TRUSTED_KEYS.toString(true));
    return file;
  }

  @Test
  void readsKeysFromAJwksFile() throws Exception {
    TokenVerifier verifier = build(issuer(null, publicJwks(), List.of()));
    String token = Tokens.sign(TestKeys.EC_P256, Tokens.validClaims(clock.instant()).build());
    assertEquals("agent-7", verifier.verify(token).subject());
  }

  @Test
  void usesOnlyThePublicHalfOfAJwksFileWithPrivateKeys() throws Exception {
    Path file = dir.resolve("private.json");
    Files.writeString(file, new JWKSet(TestKeys.RSA_A).toString(false));
    TokenVerifier verifier = build(issuer(null, file, List.of()));
    String token = Tokens.sign(TestKeys.RSA_A, Tokens.validClaims(clock.instant()).build());
    assertEquals("agent-7", verifier.verify(token).subject());
  }

  @Test
  void refusesAMissingJwksFile() {
    String message = refusal(issuer(null, dir.resolve("absent.json"), List.of()));
    assertTrue(message.contains("can't read jwks_file " + dir.resolve("absent.json")), message);
  }

  @Test
  void refusesAJwksFileThatIsNotAJwks() throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, "{\"issuer\":\"https://idp.test\"}");
    String message = refusal(issuer(null, file, List.of()));
    assertTrue(message.contains("is not a JWKS"), message);
  }

  @Test
  void refusesAJwksFileWithOnlySecretKeys() throws Exception {
    OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("hmac").generate();
    Path file = dir.resolve("keys.json");
    Files.writeString(file, new JWKSet(secret).toString(false));
    String message = refusal(issuer(null, file, List.of()));
    assertTrue(message.contains("holds no usable public RSA or EC signing key"), message);
  }

  // The configuration record itself refuses these, before any verifier exists; the verifier's
  // own checks stay behind it as a second line.
  @Test
  void refusesHmacAndNoneInTheAlgorithmList() {
    for (String algorithm : List.of("HS256", "HS512", "none", "EdDSA", "RS1")) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () -> issuer(URI.create("https://idp.test/jwks"), null, List.of("RS256", algorithm)));
      assertTrue(e.getMessage().contains(algorithm), e.getMessage());
    }
  }

  @Test
  void refusesAnIssuerWithoutAudiences() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new IssuerConfig(ISSUER, List.of(),
            URI.create("https://idp.test/jwks"), null, "groups", List.of()));
    assertTrue(e.getMessage().contains("audience"), e.getMessage());
  }

  @Test
  void refusesAnIssuerConfiguredTwice() {
    IssuerConfig one = issuer(URI.create("https://idp.test/jwks"), null, List.of());
    assertTrue(refusal(one, one).contains("configured twice"));
  }

  @Test
  void refusesNoIssuersAtAll() {
    assertTrue(refusal().contains("no issuers are configured"));
  }

  @Test
  void refusesBothJwksUriAndJwksFile() throws Exception {
    Path file = publicJwks();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> issuer(URI.create("https://idp.test/jwks"), file, List.of()));
    assertTrue(e.getMessage().contains("jwksUri and jwksFile"), e.getMessage());
  }

  @Test
  void refusesPlainHttpKeysOffLoopback() {
    assertTrue(refusal(issuer(URI.create("http://idp.test/jwks"), null, List.of()))
        .contains("must be fetched over https"));
    IssuerConfig discoveredOverHttp = new IssuerConfig("http://idp.test/realms/a",
        List.of(AUDIENCE), null, null, "groups", List.of());
    assertTrue(refusal(discoveredOverHttp).contains("must be fetched over https"));
    // a name that merely starts like a loopback address is not one
    assertTrue(refusal(issuer(URI.create("http://127.0.0.1.evil.test/jwks"), null, List.of()))
        .contains("must be fetched over https"));
    assertTrue(refusal(issuer(URI.create("http://127.attacker.test/jwks"), null, List.of()))
        .contains("must be fetched over https"));
  }

  @Test
  void acceptsHttpsAndLoopbackKeyUrlsWithoutFetchingAtConstruction() {
    // Building must not need the IdP: it may start after the sidecar.
    build(issuer(URI.create("https://idp.invalid/jwks"), null, List.of()));
    build(issuer(URI.create("http://127.0.0.1:9/jwks"), null, List.of()));
    build(issuer(URI.create("http://localhost:9/jwks"), null, List.of()));
  }
}
