package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development key and tokens the quickstart and the embedded demo run on. */
class DevKeysTest {
  @TempDir Path dir;

  @Test
  void inMemoryKeysMintTokensTheirVerifierAccepts() throws Exception {
    DevKeys keys = DevKeys.generate();
    String token = keys.token("agent-1").groups("agents").claim("tenant", "acme").mint();
    Principal principal = keys.verifier(Clock.systemUTC()).verify(token);
    assertEquals("agent-1", principal.subject());
    assertEquals(DevKeys.DEFAULT_ISSUER, principal.issuer());
    assertEquals(Set.of("agents"), principal.groups());
    assertEquals(Optional.of("acme"), principal.claim("tenant"));
    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals("ES256", jwt.getHeader().getAlgorithm().getName());
    assertEquals(keys.keyId(), jwt.getHeader().getKeyID());
    assertEquals(List.of(DevKeys.DEFAULT_AUDIENCE), jwt.getJWTClaimsSet().getAudience());
  }

  @Test
  void anotherKeyIsNotTrusted() {
    DevKeys mine = DevKeys.generate();
    DevKeys theirs = DevKeys.generate();
    assertRefused(mine.verifier(Clock.systemUTC()), theirs.token("agent-1").mint(),
        Reason.UNKNOWN_KEY, "unknown key");
  }

  @Test
  void ttlBoundsTheToken() throws Exception {
    DevKeys keys = DevKeys.generate();
    MutableClock clock = new MutableClock(TokenVerifierTest.NOW);
    String token =
        keys.token("agent-1").issuedAt(TokenVerifierTest.NOW).ttl(Duration.ofMinutes(1)).mint();
    TokenVerifier verifier = keys.verifier(clock);
    verifier.verify(token);
    clock.advance(Duration.ofSeconds(91));
    assertRefused(verifier, token, Reason.EXPIRED, "token expired at 2025-03-01T12:01:00Z");
  }

  @Test
  void mintTakesGroupsClaimsAndTtl() throws Exception {
    DevKeys keys = DevKeys.generate();
    String token = keys.mint("agent-2", List.of("a", "b"), Map.of("tenant", "t1", "level", 3),
        Duration.ofMinutes(2));
    Principal principal = keys.verifier(Clock.systemUTC()).verify(token);
    assertEquals(Set.of("a", "b"), principal.groups());
    assertEquals(Optional.of(3L), principal.claim("level"));
    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals(120, (jwt.getJWTClaimsSet().getExpirationTime().getTime()
        - jwt.getJWTClaimsSet().getIssueTime().getTime()) / 1000);
  }

  @Test
  void refusesToSetRegisteredClaimsAsExtras() {
    DevKeys.TokenBuilder builder = DevKeys.generate().token("agent-1");
    for (String reserved : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti")) {
      assertThrows(IllegalArgumentException.class, () -> builder.claim(reserved, "x"));
    }
  }

  @Test
  void privateJwksIsOwnerOnlyMarkedAndNeverOverwritten() throws Exception {
    DevKeys keys = DevKeys.generate();
    Path file = dir.resolve("jwks.json");
    keys.writePrivateJwks(file);
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String json = Files.readString(file);
    assertTrue(json.contains("never use it in production"), json);
    assertTrue(json.contains("\"d\""), "the private part is there");
    assertThrows(FileAlreadyExistsException.class, () -> DevKeys.generate().writePrivateJwks(file));
    assertEquals(json, Files.readString(file));
  }

  @Test
  void writtenKeysRoundTripThroughFiles() throws Exception {
    DevKeys keys = DevKeys.generate();
    Path privateFile = dir.resolve("jwks.json");
    Path publicFile = dir.resolve("jwks.public.json");
    keys.writePrivateJwks(privateFile);
    keys.writePublicJwks(publicFile);
    assertFalse(Files.readString(publicFile).contains("\"d\""), "no private part in public file");
    assertTrue(JWKSet.load(publicFile.toFile()).getKeys().get(0).getKeyID().equals(keys.keyId()));

    DevKeys loaded = DevKeys.load(privateFile);
    assertEquals(keys.keyId(), loaded.keyId());
    TokenVerifier fromFile = new TokenVerifier(new IdentityConfig(
        List.of(keys.issuerConfig(publicFile)), Duration.ofMinutes(5), Duration.ofSeconds(30)));
    assertEquals("agent-3", fromFile.verify(loaded.token("agent-3").mint()).subject());
  }

  @Test
  void loadingThePublicFileExplainsTheMistake() throws Exception {
    Path publicFile = dir.resolve("jwks.public.json");
    DevKeys.generate().writePublicJwks(publicFile);
    IOException e = assertThrows(IOException.class, () -> DevKeys.load(publicFile));
    assertTrue(e.getMessage().contains("holds no private signing key"), e.getMessage());
  }
}
