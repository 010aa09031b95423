package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertNoTokenIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import dev.gatehouse.sidecar.config.IdentityConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random edits of a valid token — a changed, dropped or inserted character anywhere — must
 * never produce a different accepted token: either the verifier refuses with an {@link
 * AuthenticationException} (and nothing else), or the edit was invisible after base64url
 * decoding (the unused low bits of a last character) and the principal is the original one.
 */
class TokenMutationTest {
  static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";

  @Test
  void randomEditsOfAValidTokenAreRefusedOrHarmless() throws Exception {
    MutableClock clock = new MutableClock(TokenVerifierTest.NOW);
    TokenVerifier verifier = TokenVerifier.withKeys(
        new IdentityConfig(List.of(TokenVerifierTest.issuer(Tokens.ISSUER)),
            Duration.ofMinutes(5), Duration.ofSeconds(30)),
        Map.of(Tokens.ISSUER, TokenVerifierTest.TRUSTED_KEYS), clock);
    String original = Tokens.sign(TestKeys.EC_P256, TokenVerifierTest.claims());
    Principal expected = verifier.verify(original);

    Random random = new Random(20250301L); // fixed seed: a failure can be replayed
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      String mutant = mutate(original, random);
      if (mutant.strip().equals(original)) {
        continue;
      }
      try {
        Principal accepted = verifier.verify(mutant);
        assertEquals(expected, accepted, "a mutant was accepted as someone else: " + mutant);
        assertSameBytes(original, mutant.strip());
      } catch (AuthenticationException e) {
        assertNoTokenIn(e.getMessage(), mutant);
        refused++;
      }
    }
    assertTrue(refused > 2500, "only " + refused + " of 3000 mutants were refused");
  }

  private static String mutate(String token, Random random) {
    StringBuilder text = new StringBuilder(token);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(text.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> text.setCharAt(at, c);
        case 1 -> text.deleteCharAt(at);
        default -> text.insert(at, c);
      }
    }
    return text.toString();
  }

  /** An accepted mutant must decode to exactly the signed bytes of the original. */
  private static void assertSameBytes(String original, String mutant) {
    String[] a = original.split("\\.", -1);
    String[] b = mutant.split("\\.", -1);
    assertEquals(a.length, b.length, mutant);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(new Base64URL(a[i]).decode(), new Base64URL(b[i]).decode(), mutant);
    }
  }
}
