package dev.gatehouse.sidecar.auth;

import java.util.Objects;

/**
 * A token was refused. The message is written for the agent (and the person or model behind
 * it): it says what was wrong — expired at …, audience …, unknown key — and never contains the
 * token or any part of it, so it may be shown to the caller and written to the audit log as is.
 *
 * <p>The caller maps every instance to SQLState {@value #SQL_STATE} (SPEC §6).
 *
 * <p>No stack trace is captured: refusals are expected, can be provoked by anyone who can reach
 * the sidecar, and the message alone says where they came from.
 */
public final class AuthenticationException extends Exception {
  /** The SQLState of every identity failure (SPEC §6). */
  public static final String SQL_STATE = "28000";

  private static final int MAX_QUOTED = 120;

  /** Why a token was refused, for the audit log and metrics. */
  public enum Reason {
    /** No token at all, or an empty one. */
    MISSING,
    /** Longer than the verifier accepts; refused before parsing. */
    OVERSIZED,
    /** Not a compact JWS, or its header or claims are not valid JSON of the expected types. */
    MALFORMED,
    /** {@code alg: none}. */
    UNSIGNED,
    /** A JWE; the sidecar accepts signed tokens only. */
    ENCRYPTED,
    /** An algorithm outside the issuer's allow-list (e.g. HMAC). */
    ALGORITHM_NOT_ALLOWED,
    /**
     * A refused header: key material ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}),
     * {@code crit}, {@code cty}, or a {@code typ} that is not a JWT.
     */
    HEADER_NOT_ALLOWED,
    /** {@code iss} is not a configured issuer. */
    UNTRUSTED_ISSUER,
    /** No key of the issuer matches the token's {@code kid} (and algorithm). */
    UNKNOWN_KEY,
    /** The token names no key and the issuer publishes several that would fit. */
    AMBIGUOUS_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** The issuer's keys could not be obtained (IdP unreachable past the grace period). */
    KEYS_UNAVAILABLE,
    /** {@code exp} has passed. */
    EXPIRED,
    /** {@code nbf} is in the future. */
    NOT_YET_VALID,
    /** {@code iat} is in the future. */
    ISSUED_IN_FUTURE,
    /** {@code iat} is older than {@code max_token_age}. */
    TOO_OLD,
    /** {@code aud} names none of the issuer's accepted audiences. */
    WRONG_AUDIENCE,
    /**
     * A required claim ({@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}) is absent.
     */
    MISSING_CLAIM,
    /** A claim is present but has the wrong shape (e.g. groups that are not strings). */
    INVALID_CLAIM
  }

  private final Reason reason;

  AuthenticationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the token was refused. */
  public Reason reason() {
    return reason;
  }

  /** The SQLState the agent sees: always {@value #SQL_STATE}. */
  public String sqlState() {
    return SQL_STATE;
  }

  /**
   * A value taken from a token (issuer, audience, key id), made safe to put into a message:
   * quoted, control characters replaced and cut to a readable length, so a hostile token can't
   * forge log lines or flood the message.
   */
  static String quoted(Object value) {
    if (value == null) {
      return "(none)";
    }
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 8).append('\'');
    for (int i = 0; i < text.length(); i++) {
      if (i == MAX_QUOTED) {
        out.append("…");
        break;
      }
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.append('\'').toString();
  }
}
