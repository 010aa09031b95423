package dev.gatehouse.sidecar.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;

/** Assertions on refused tokens: the reason, the words of the message, and no token in it. */
final class Refusals {
  private Refusals() {}

  static AuthenticationException assertRefused(
      TokenVerifier verifier, String token, Reason reason, String... messageFragments) {
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> verifier.verify(token));
    String message = e.getMessage();
    assertEquals(reason, e.reason(), () -> "wrong reason; message: " + message);
    assertEquals("28000", e.sqlState());
    for (String fragment : messageFragments) {
      assertTrue(
          message.contains(fragment), () -> "message '" + message + "' lacks '" + fragment + "'");
    }
    assertNoTokenIn(message, token);
    return e;
  }

  /** Neither the token nor any sizeable piece of it appears in {@code message}. */
  static void assertNoTokenIn(String message, String token) {
    if (token == null || token.isBlank()) {
      return;
    }
    assertFalse(message.contains(token.strip()), "message contains the token: " + message);
    for (String part : token.strip().split("\\.")) {
      if (part.length() >= 12) {
        for (int i = 0; i + 12 <= part.length(); i += 6) {
          String window = part.substring(i, i + 12);
          assertFalse(message.contains(window), () -> "message contains token text: " + message);
        }
      }
    }
  }
}
