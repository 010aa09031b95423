package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What may verify a token: the public RSA and EC keys of a JWKS, nothing else.
 *
 * <p>Keys are sanitised where they enter (file, HTTP, in-memory), not where they are used:
 * private parts are dropped (a development JWKS with the private key may be pointed at), secret
 * ({@code oct}) keys are dropped so an HMAC algorithm can never find a key to be confused with,
 * encryption keys are dropped, and RSA keys shorter than 2048 bits are refused.
 */
final class VerificationKeys {
  private static final Logger log = LoggerFactory.getLogger(VerificationKeys.class);

  /** The only algorithms the sidecar will ever verify, whatever the configuration says. */
  static final Set<JWSAlgorithm> SUPPORTED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
          JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
          JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private static final int MIN_RSA_BITS = 2048;

  private VerificationKeys() {}

  /**
   * The usable verification keys of {@code keys}.
   *
   * @param origin where the keys came from, for log lines
   */
  static JWKSet usable(JWKSet keys, String origin) {
    List<JWK> usable = new ArrayList<>();
    for (JWK key : keys.getKeys()) {
      String unusable = whyUnusable(key);
      if (unusable == null) {
        usable.add(key.toPublicJWK());
      } else {
        log.warn("identity: ignoring key {} from {}: {}", key.getKeyID(), origin, unusable);
      }
    }
    return new JWKSet(usable);
  }

  private static String whyUnusable(JWK key) {
    if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())) {
      return "key type " + key.getKeyType() + " is not RSA or EC";
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return "its use is " + key.getKeyUse().identifier() + ", not sig";
    }
    if (key.getAlgorithm() != null
        && !SUPPORTED_ALGORITHMS.contains(JWSAlgorithm.parse(key.getAlgorithm().getName()))) {
      return "its algorithm " + key.getAlgorithm() + " is not an accepted signature algorithm";
    }
    if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
      return "RSA key of " + rsa.size() + " bits is shorter than " + MIN_RSA_BITS;
    }
    return null;
  }

  /**
   * The keys that may have signed a token with this header: right type (and curve), the
   * header's {@code kid} if it names one, meant for signatures, for this algorithm or for any.
   * Like nimbus' {@code JWKMatcher.forJWSHeader}, plus the EC curve, so an ES384 token is never
   * even tried against a P-256 key.
   */
  static JWKMatcher matcherFor(JWSHeader header) {
    JWSAlgorithm algorithm = header.getAlgorithm();
    JWKMatcher.Builder matcher =
        new JWKMatcher.Builder()
            .keyType(KeyType.forAlgorithm(algorithm))
            .keyID(header.getKeyID())
            .keyUses(KeyUse.SIGNATURE, null)
            .algorithms(algorithm, null)
            .x509CertSHA256Thumbprint(header.getX509CertSHA256Thumbprint());
    if (JWSAlgorithm.Family.EC.contains(algorithm)) {
      matcher.curves(Curve.forJWSAlgorithm(algorithm));
    }
    return matcher.build();
  }
}
