package dev.gatehouse.sidecar.auth;

import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Principal} from claims given by hand, reading them exactly as the verifier
 * reads a token's claims (groups from the issuer's groups claim, scopes from {@code scope} and
 * {@code scp}, every claim kept) but without any signature, audience or lifetime check.
 *
 * <p>For {@code explain} and policy tests (SPEC §3, §7), which ask "what would the sidecar decide
 * for a token with these claims?". Never use it on a request path: nothing here proves who is
 * asking.
 */
public final class TokenClaims {
  /** How long a principal without {@code exp} is taken to be valid; policies never look at it. */
  private static final Duration ASSUMED_LIFETIME = Duration.ofHours(1);

  private TokenClaims() {}

  /**
   * The principal a verified token with these claims would stand for.
   *
   * @param claims the token's claims as JSON values (strings, numbers, booleans, lists, maps)
   * @param identity the sidecar's trusted issuers: {@code iss} must name one of them (the first
   *     is assumed when {@code iss} is absent) and its groups claim is read; {@code null} reads
   *     claims as the development issuer's tokens ({@code groups}, {@link DevKeys#DEFAULT_ISSUER})
   * @throws AuthenticationException when the verifier would refuse these claims too: no
   *     {@code sub}, an issuer that is not trusted, groups or scopes of the wrong shape
   */
  public static Principal principal(Map<String, Object> claims, IdentityConfig identity)
      throws AuthenticationException {
    Map<String, Object> json = new LinkedHashMap<>(claims);
    if (!(json.get("sub") instanceof String subject) || subject.isEmpty()) {
      throw new AuthenticationException(Reason.MISSING_CLAIM, "token has no subject (sub)");
    }
    IssuerConfig issuer = issuer(json.get("iss"), identity);
    String groupsClaim = issuer.groupsClaim() == null || issuer.groupsClaim().isBlank()
        ? IssuerConfig.DEFAULT_GROUPS_CLAIM : issuer.groupsClaim();
    Set<String> groups = ClaimNames.read(json, groupsClaim, "groups claim " + groupsClaim);
    Set<String> scopes = ClaimNames.scopes(json);
    Instant expiresAt = json.get("exp") instanceof Number exp
        ? Instant.ofEpochSecond(exp.longValue())
        : Instant.now().plus(ASSUMED_LIFETIME);
    return new Principal(subject, issuer.issuer(), groups, scopes, json, expiresAt);
  }

  private static IssuerConfig issuer(Object iss, IdentityConfig identity)
      throws AuthenticationException {
    if (identity == null || identity.issuers().isEmpty()) {
      String name = iss instanceof String text ? text : DevKeys.DEFAULT_ISSUER;
      return new IssuerConfig(name, List.of(DevKeys.DEFAULT_AUDIENCE), null, null,
          IssuerConfig.DEFAULT_GROUPS_CLAIM, IssuerConfig.DEFAULT_ALGORITHMS);
    }
    if (iss == null) {
      return identity.issuers().get(0);
    }
    for (IssuerConfig candidate : identity.issuers()) {
      if (candidate.issuer().equals(iss)) {
        return candidate;
      }
    }
    List<String> trusted = identity.issuers().stream().map(IssuerConfig::issuer).toList();
    throw new AuthenticationException(Reason.UNTRUSTED_ISSUER, "token issuer "
        + AuthenticationException.quoted(iss) + " is not trusted; trusted issuers are " + trusted
        + " (compared exactly, trailing slash included)");
  }
}
