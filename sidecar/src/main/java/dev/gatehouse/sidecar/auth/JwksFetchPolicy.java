package dev.gatehouse.sidecar.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How keys published over HTTP are fetched and kept.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time allowed for a whole response
 * @param cacheTtl fetched keys are refetched after this long (on the next token that needs them)
 * @param minRefreshInterval at most one fetch per issuer this often, whatever triggers it (an
 *     unknown {@code kid}, expired keys, a failed fetch): a stream of tokens with made-up key ids
 *     can't turn the sidecar into a load generator against the IdP
 * @param outageGrace when fetching fails, keys fetched less than {@code cacheTtl + outageGrace}
 *     ago are still used (and the failure logged as an error); after that every token of the
 *     issuer is refused
 * @param maxResponseBytes a larger discovery document or JWKS is refused
 */
record JwksFetchPolicy(
    Duration connectTimeout,
    Duration requestTimeout,
    Duration cacheTtl,
    Duration minRefreshInterval,
    Duration outageGrace,
    int maxResponseBytes) {

  static final JwksFetchPolicy DEFAULT =
      new JwksFetchPolicy(
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          1024 * 1024);

  JwksFetchPolicy {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
    Objects.requireNonNull(outageGrace, "outageGrace");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }
}
