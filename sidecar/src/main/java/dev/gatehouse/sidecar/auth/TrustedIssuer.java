package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.AuthenticationException.quoted;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import java.security.Key;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured issuer: its accepted algorithms and audiences, where its keys come from and how
 * its groups are found. Checks the signature of a token from this issuer and turns its claims
 * into a {@link Principal}; the token's lifetime is checked by the caller, for cache hits too.
 */
final class TrustedIssuer {
  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  private final String issuer;
  private final Set<String> audiences;
  private final Set<JWSAlgorithm> algorithms;
  private final String groupsClaim;
  private final JWKSource<SecurityContext> keys;
  private final String keysOrigin;

  /**
   * @param keysOrigin where the keys come from, for messages ("jwks_uri https://…")
   */
  TrustedIssuer(
      String issuer,
      Collection<String> audiences,
      Set<JWSAlgorithm> algorithms,
      String groupsClaim,
      JWKSource<SecurityContext> keys,
      String keysOrigin) {
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.algorithms = Set.copyOf(algorithms);
    this.groupsClaim = groupsClaim;
    this.keys = keys;
    this.keysOrigin = keysOrigin;
  }

  String issuer() {
    return issuer;
  }

  JWKSource<SecurityContext> keys() {
    return keys;
  }

  /** Checks the signature of {@code token}, then reads its claims. */
  VerifiedToken verify(SignedJWT token, JWTClaimsSet claims) throws AuthenticationException {
    checkSignature(token);
    return readClaims(claims);
  }

  private void checkSignature(SignedJWT token) throws AuthenticationException {
    JWSHeader header = token.getHeader();
    JWSAlgorithm algorithm = header.getAlgorithm();
    if (!algorithms.contains(algorithm)) {
      throw new AuthenticationException(
          Reason.ALGORITHM_NOT_ALLOWED,
          "token algorithm " + quoted(algorithm.getName()) + " is not accepted for issuer "
              + issuer + " (accepted: " + names(algorithms) + ")");
    }
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(VerificationKeys.matcherFor(header)), null);
    } catch (KeySourceException e) {
      throw new AuthenticationException(
          Reason.KEYS_UNAVAILABLE, "can't check the token: " + e.getMessage());
    }
    String kid = header.getKeyID();
    if (candidates.isEmpty()) {
      String what =
          kid == null
              ? "token names no key (kid) and issuer " + issuer + " has no key"
              : "unknown key: issuer " + issuer + " has no key with kid " + quoted(kid);
      throw new AuthenticationException(
          Reason.UNKNOWN_KEY,
          what + " for " + algorithm.getName() + " (keys from " + keysOrigin + ")");
    }
    if (kid == null && candidates.size() > 1) {
      // Refuse rather than try every key: which key signed a token must not be a guess.
      throw new AuthenticationException(
          Reason.AMBIGUOUS_KEY,
          "token names no key (kid) and issuer " + issuer + " has " + candidates.size()
              + " keys that could have signed it; the token must name its key");
    }
    for (Key key : KeyConverter.toJavaKeys(candidates)) {
      if (key instanceof PublicKey && verifies(token, header, key)) {
        return;
      }
    }
    throw new AuthenticationException(
        Reason.BAD_SIGNATURE,
        "token signature does not verify with the key " + (kid == null ? "" : quoted(kid) + " ")
            + "of issuer " + issuer + ": it was altered or signed with another key");
  }

  private static boolean verifies(SignedJWT token, JWSHeader header, Key key) {
    try {
      return token.verify(VERIFIERS.createJWSVerifier(header, key));
    } catch (JOSEException e) {
      return false; // the key can't check this algorithm: not the signer
    }
  }

  private VerifiedToken readClaims(JWTClaimsSet claims) throws AuthenticationException {
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      throw new AuthenticationException(
          Reason.MISSING_CLAIM, "token has no expiry (exp); only tokens that expire are accepted");
    }
    Date issued = claims.getIssueTime();
    if (issued == null) {
      throw new AuthenticationException(
          Reason.MISSING_CLAIM,
          "token has no issue time (iat); it is needed to enforce max_token_age");
    }
    checkAudience(claims.getAudience());
    String subject = claims.getSubject();
    if (subject == null || subject.isEmpty()) {
      throw new AuthenticationException(Reason.MISSING_CLAIM, "token has no subject (sub)");
    }
    Map<String, Object> json = claims.toJSONObject();
    Set<String> groups = ClaimNames.read(json, groupsClaim, "groups claim " + groupsClaim);
    Set<String> scopes = ClaimNames.scopes(json);
    Date notBefore = claims.getNotBeforeTime();
    Instant notBeforeInstant = notBefore == null ? null : notBefore.toInstant();
    Lifetime lifetime = new Lifetime(issued.toInstant(), notBeforeInstant, expiry.toInstant());
    Principal principal =
        new Principal(subject, issuer, groups, scopes, json, expiry.toInstant());
    return new VerifiedToken(principal, lifetime);
  }

  private void checkAudience(List<String> tokenAudiences) throws AuthenticationException {
    if (tokenAudiences.isEmpty()) {
      throw new AuthenticationException(
          Reason.MISSING_CLAIM,
          "token has no audience (aud); for issuer " + issuer + " it must name one of "
              + audiences);
    }
    for (String audience : tokenAudiences) {
      if (audiences.contains(audience)) {
        return;
      }
    }
    throw new AuthenticationException(
        Reason.WRONG_AUDIENCE,
        "token audience " + quoted(tokenAudiences) + " is not accepted; for issuer " + issuer
            + " it must name one of " + audiences);
  }

  private static String names(Set<JWSAlgorithm> algorithms) {
    return String.join(", ", algorithms.stream().map(JWSAlgorithm::getName).sorted().toList());
  }
}
