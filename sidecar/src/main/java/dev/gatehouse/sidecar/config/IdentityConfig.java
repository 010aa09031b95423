package dev.gatehouse.sidecar.config;

import java.time.Duration;
import java.util.List;

/**
 * Which tokens the sidecar trusts (SPEC §4 {@code identity}).
 *
 * @param issuers trusted issuers; a token from any other issuer is refused
 * @param maxTokenAge a token whose {@code iat} is older than this is refused even if not expired
 * @param clockSkew tolerance applied to {@code exp}, {@code nbf} and {@code iat}
 */
public record IdentityConfig(List<IssuerConfig> issuers, Duration maxTokenAge, Duration clockSkew) {
  public static final Duration DEFAULT_MAX_TOKEN_AGE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  public IdentityConfig {
    issuers = List.copyOf(issuers);
  }
}
