package dev.gatehouse.sidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One trusted token issuer. At most one of {@code jwksUri} and {@code jwksFile} is set; when
 * neither is, the verifier discovers {@code jwks_uri} from the issuer's {@code
 * /.well-known/openid-configuration}.
 *
 * <p>The constructor refuses what would weaken token checks whoever builds the record (the
 * loader, the demo, a test): no audience, both key sources, or an algorithm outside {@link
 * #DEFAULT_ALGORITHMS} ({@code none} and the HMAC {@code HS*} family in particular: with a
 * shared secret, whoever can verify a token can forge one).
 *
 * @param issuer the exact {@code iss} value
 * @param audiences accepted {@code aud} values; a token must name at least one
 * @param jwksUri where the issuer publishes its keys (fetched and cached)
 * @param jwksFile a local JWKS file (development, air-gapped setups)
 * @param groupsClaim dotted path of the claim holding the groups, e.g. {@code realm_access.roles}
 *     (default {@code groups})
 * @param algorithms accepted JWS algorithms (default and upper bound: RS256..RS512,
 *     PS256..PS512, ES256..ES512)
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
    // an empty list means "the default allow-list", as an absent key does in the file
    algorithms = algorithms.isEmpty() ? DEFAULT_ALGORITHMS : List.copyOf(algorithms);
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("issuer " + issuer + ": at least one audience is needed");
    }
    if (jwksUri != null && jwksFile != null) {
      throw new IllegalArgumentException("issuer " + issuer + ": jwksUri and jwksFile both set");
    }
    if (!DEFAULT_ALGORITHMS.containsAll(algorithms)) {
      throw new IllegalArgumentException(
          "issuer "
              + issuer
              + ": algorithms must be among "
              + DEFAULT_ALGORITHMS
              + ", got "
              + algorithms);
    }
  }
}
