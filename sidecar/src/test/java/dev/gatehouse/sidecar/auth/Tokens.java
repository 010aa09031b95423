package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Builds real signed tokens for tests, including deliberately broken ones. */
final class Tokens {
  static final String ISSUER = "https://idp.test/realms/agents";
  static final String AUDIENCE = "gatehouse";

  private Tokens() {}

  /** Claims of a token that passes at {@code now}: issued a minute ago, valid for ten more. */
  static JWTClaimsSet.Builder validClaims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("agent-7")
        .audience(AUDIENCE)
        .issueTime(Date.from(now.minusSeconds(60)))
        .notBeforeTime(Date.from(now.minusSeconds(60)))
        .expirationTime(Date.from(now.plusSeconds(600)))
        .claim("groups", List.of("agents", "readers"))
        .claim("tenant", "acme");
  }

  /** The standard header for {@code key}: its algorithm, its kid, typ JWT. */
  static JWSHeader.Builder header(JWK key) {
    return new JWSHeader.Builder(algorithmOf(key)).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
  }

  static String sign(JWK key, JWTClaimsSet claims) {
    return sign(key, header(key).build(), claims);
  }

  static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** Signs a payload given as raw JSON, for claims a claims builder would normalise. */
  static String signRaw(JWK key, String payloadJson) {
    JWSObject jws = new JWSObject(header(key).build(), new Payload(payloadJson));
    try {
      jws.sign(signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jws.serialize();
  }

  static JWSSigner signer(JWK key) {
    try {
      if (key instanceof RSAKey rsa) {
        return new RSASSASigner(rsa);
      }
      return new ECDSASigner((ECKey) key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSAlgorithm algorithmOf(JWK key) {
    if (key.getAlgorithm() != null) {
      return JWSAlgorithm.parse(key.getAlgorithm().getName());
    }
    return key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
  }

  /** A compact token from raw JSON header and payload, with the given signature bytes. */
  static String raw(String headerJson, String payloadJson, String signature) {
    return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + signature;
  }

  /** Replaces the payload of {@code token} and keeps its header and signature. */
  static String withPayload(String token, String payloadJson) {
    String[] parts = token.split("\\.");
    return parts[0]
        + "."
        + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }
}
