package dev.gatehouse.sidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One trusted token issuer. Exactly one of {@code jwksUri} and {@code jwksFile} is set.
 *
 * @param issuer the exact {@code iss} value
 * @param audiences accepted {@code aud} values; a token must name at least one
 * @param jwksUri where the issuer publishes its keys (fetched and cached)
 * @param jwksFile a local JWKS file (development, air-gapped setups)
 * @param groupsClaim dotted path of the claim holding the groups, e.g. {@code realm_access.roles}
 *     (default {@code groups})
 * @param algorithms accepted JWS algorithms (default: RS256..RS512, PS256..PS512, ES256..ES512)
 */
public record IssuerConfig(
    String issuer,
    List<String> audiences,
    URI jwksUri,
    Path jwksFile,
    String groupsClaim,
    List<String> algorithms) {
  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final List<String> DEFAULT_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  public IssuerConfig {
    audiences = List.copyOf(audiences);
    algorithms = List.copyOf(algorithms);
  }
}
