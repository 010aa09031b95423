package dev.gatehouse.sidecar.auth;

import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a token may be used: from {@code nbf} (and {@code iat}) until {@code exp}, and never longer
 * than {@code max_token_age} after {@code iat} — the "five-minute credential window" that holds
 * even for a token issued with a long expiry (SPEC §4).
 *
 * <p>Checked when a token is first verified and again on every cache hit, so a session whose
 * token expires fails at its next statement.
 *
 * @param notBefore {@code nbf}, or {@code null} if absent
 */
record Lifetime(Instant issuedAt, Instant notBefore, Instant expiresAt) {

  /**
   * @param skew tolerated difference between the IdP's clock and ours, in the token's favour
   * @throws AuthenticationException if the token may not be used at {@code now}
   */
  void check(Instant now, Duration skew, Duration maxAge) throws AuthenticationException {
    if (now.isAfter(expiresAt.plus(skew))) {
      throw new AuthenticationException(
          Reason.EXPIRED,
          "token expired at " + show(expiresAt) + " (it is now " + show(now)
              + "); get a fresh token from the identity provider");
    }
    if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
      throw new AuthenticationException(
          Reason.NOT_YET_VALID,
          "token is not valid before " + show(notBefore) + " (it is now " + show(now)
              + ", clock skew allowed " + skew.toSeconds() + "s); check the clocks");
    }
    if (now.plus(skew).isBefore(issuedAt)) {
      throw new AuthenticationException(
          Reason.ISSUED_IN_FUTURE,
          "token claims to be issued at " + show(issuedAt) + ", in the future (it is now "
              + show(now) + ", clock skew allowed " + skew.toSeconds() + "s); check the clocks");
    }
    if (now.isAfter(issuedAt.plus(maxAge).plus(skew))) {
      throw new AuthenticationException(
          Reason.TOO_OLD,
          "token was issued at " + show(issuedAt) + ", more than max_token_age "
              + showDuration(maxAge) + " ago (it is now " + show(now)
              + "); tokens must be fresh even if not expired: get a new one");
    }
  }

  /** The moment after which {@link #check} fails whatever else happens. */
  Instant usableUntil(Duration skew, Duration maxAge) {
    Instant byAge = issuedAt.plus(maxAge);
    return (byAge.isBefore(expiresAt) ? byAge : expiresAt).plus(skew);
  }

  private static String show(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String showDuration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
