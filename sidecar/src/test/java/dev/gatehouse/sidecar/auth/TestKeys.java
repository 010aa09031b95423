package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Signing keys generated once per test JVM (RSA generation is slow). Test keys only: they never
 * leave memory.
 */
final class TestKeys {
  static final RSAKey RSA_A = rsa("rsa-a");
  static final RSAKey RSA_B = rsa("rsa-b");
  static final RSAKey RSA_UNTRUSTED = rsa("rsa-c");
  static final ECKey EC_P256 = ec("ec-256", Curve.P_256, JWSAlgorithm.ES256);
  static final ECKey EC_P384 = ec("ec-384", Curve.P_384, JWSAlgorithm.ES384);

  private TestKeys() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid, Curve curve, JWSAlgorithm algorithm) {
    try {
      return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same key material under another key id. */
  static JWK withKid(RSAKey key, String kid) {
    return new RSAKey.Builder(key).keyID(kid).build();
  }
}
