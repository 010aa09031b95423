package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A development signing key and the tokens it signs, so the quickstart and the embedded demo work
 * without an identity provider (SPEC §3 {@code keygen}, {@code token}).
 *
 * <p>Not for production: whoever holds the key file can mint any principal. A production
 * sidecar trusts the keys its IdP publishes (see docs/IDENTITY.md).
 *
 * <pre>{@code
 * DevKeys keys = DevKeys.generate();
 * TokenVerifier verifier = keys.verifier(Clock.systemUTC());
 * String token = keys.token("agent-1").groups("agents").claim("tenant", "acme").mint();
 * }</pre>
 */
public final class DevKeys {
  /** The issuer of development tokens. */
  public static final String DEFAULT_ISSUER = "https://gatehouse.dev/demo";

  /** The audience of development tokens, and the one Gatehouse's examples accept. */
  public static final String DEFAULT_AUDIENCE = "gatehouse";

  /** Development tokens live this long unless told otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private static final String WARNING =
      "development signing key written by gatehouse keygen: anyone holding this file can mint"
          + " tokens for any principal; never use it in production";

  /** Claims a caller can't set as extra claims: they are set by {@link TokenBuilder} itself. */
  private static final Set<String> RESERVED_CLAIMS =
      Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

  private final JWK signingKey;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;

  private DevKeys(JWK signingKey) {
    this.signingKey = signingKey;
    try {
      if (signingKey instanceof ECKey ec) {
        this.algorithm = JWSAlgorithm.ES256;
        this.signer = new ECDSASigner(ec);
      } else if (signingKey instanceof RSAKey rsa) {
        this.algorithm = JWSAlgorithm.RS256;
        this.signer = new RSASSASigner(rsa);
      } else {
        throw new IllegalArgumentException("a development key must be EC or RSA");
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
    }
  }

  /** A new EC P-256 signing key (ES256), held in memory only. */
  public static DevKeys generate() {
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyIDFromThumbprint(true)
              .generate();
      return new DevKeys(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("this JVM can't generate an EC P-256 key", e);
    }
  }

  /** Wraps an existing private EC (P-256) or RSA key, e.g. one a test generated. */
  public static DevKeys of(JWK privateKey) {
    if (!privateKey.isPrivate()) {
      throw new IllegalArgumentException("a signing key needs its private part");
    }
    if (privateKey instanceof ECKey ec && !Curve.P_256.equals(ec.getCurve())) {
      throw new IllegalArgumentException("a development EC key must be on P-256");
    }
    return new DevKeys(privateKey);
  }

  /**
   * Loads the private key written by {@link #writePrivateJwks} ({@code keygen --out}).
   *
   * @throws IOException if the file can't be read, is not a JWKS or holds no private key
   */
  public static DevKeys load(Path jwksFile) throws IOException {
    JWKSet keys;
    try {
      keys = JWKSet.load(jwksFile.toFile());
    } catch (ParseException e) {
      throw new IOException(jwksFile + " is not a JWKS file: " + e.getMessage(), e);
    }
    for (JWK key : keys.getKeys()) {
      if (key.isPrivate() && (key instanceof ECKey || key instanceof RSAKey)) {
        return of(key);
      }
    }
    throw new IOException(
        jwksFile + " holds no private signing key; give the file keygen wrote with --out,"
            + " not the public one");
  }

  /** The key id ({@code kid}) tokens name. */
  public String keyId() {
    return signingKey.getKeyID();
  }

  /** The public half, as the sidecar should trust it. */
  public JWKSet publicJwkSet() {
    return new JWKSet(signingKey.toPublicJWK());
  }

  /** The trust entry for these keys: issuer {@value #DEFAULT_ISSUER}, audience gatehouse. */
  public IssuerConfig issuerConfig(Path publicJwksFile) {
    return new IssuerConfig(
        DEFAULT_ISSUER,
        List.of(DEFAULT_AUDIENCE),
        null,
        publicJwksFile,
        IssuerConfig.DEFAULT_GROUPS_CLAIM,
        IssuerConfig.DEFAULT_ALGORITHMS);
  }

  /** An identity configuration trusting only these keys, with the default age and skew. */
  public IdentityConfig identityConfig() {
    return new IdentityConfig(
        List.of(issuerConfig(null)),
        IdentityConfig.DEFAULT_MAX_TOKEN_AGE,
        IdentityConfig.DEFAULT_CLOCK_SKEW);
  }

  /** A verifier trusting these keys in memory, for the embedded demo: no file, no network. */
  public TokenVerifier verifier(Clock clock) {
    return TokenVerifier.withKeys(
        identityConfig(), Map.of(DEFAULT_ISSUER, publicJwkSet()), clock);
  }

  /**
   * Writes the private key as a JWKS readable by its owner only (mode 600 where the file system
   * has POSIX permissions). The permission is set as the file is created, so the key is never
   * readable by others, not even for a moment.
   *
   * @throws FileAlreadyExistsException if {@code file} exists: a key is never overwritten by
   *     accident
   */
  public void writePrivateJwks(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("_comment", WARNING);
    json.putAll(new JWKSet(signingKey).toJSONObject(false));
    write(file, JSONObjectUtils.toJSONString(json), true);
  }

  /** Writes the public key as a JWKS, for {@code jwks_file} in the sidecar's configuration. */
  public void writePublicJwks(Path file) throws IOException {
    write(file, publicJwkSet().toString(true), false);
  }

  private static void write(Path file, String json, boolean secret) throws IOException {
    List<OpenOption> options = List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    List<FileAttribute<?>> attributes = new ArrayList<>();
    if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      attributes.add(
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                file, Set.copyOf(options), attributes.toArray(new FileAttribute<?>[0])))) {
      out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Starts a token for {@code subject}, with the defaults of development tokens. */
  public TokenBuilder token(String subject) {
    return new TokenBuilder(subject);
  }

  /** Mints a token with the default issuer, audience and now as issue time. */
  public String mint(
      String subject, Collection<String> groups, Map<String, ?> claims, Duration ttl) {
    TokenBuilder builder = token(subject).groups(groups).ttl(ttl);
    claims.forEach(builder::claim);
    return builder.mint();
  }

  /**
   * The claims of one development token. Defaults: issuer {@value #DEFAULT_ISSUER}, audience
   * {@value #DEFAULT_AUDIENCE}, issued now, valid for {@link #DEFAULT_TTL}, no groups.
   */
  public final class TokenBuilder {
    private final String subject;
    private String issuer = DEFAULT_ISSUER;
    private String audience = DEFAULT_AUDIENCE;
    private List<String> groups = List.of();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Duration ttl = DEFAULT_TTL;
    private Instant issuedAt;

    private TokenBuilder(String subject) {
      if (subject == null || subject.isBlank()) {
        throw new IllegalArgumentException("a token needs a subject");
      }
      this.subject = subject;
    }

    public TokenBuilder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    public TokenBuilder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    public TokenBuilder groups(String... groups) {
      return groups(List.of(groups));
    }

    public TokenBuilder groups(Collection<String> groups) {
      this.groups = List.copyOf(groups);
      return this;
    }

    /**
     * An extra claim such as {@code tenant}: text, number, boolean, list or map.
     *
     * @throws IllegalArgumentException for {@code iss}, {@code sub}, {@code aud}, {@code exp},
     *     {@code nbf}, {@code iat}, {@code jti}: use the builder's own methods
     */
    public TokenBuilder claim(String name, Object value) {
      if (RESERVED_CLAIMS.contains(name)) {
        throw new IllegalArgumentException(
            "claim " + name + " is set by the token builder; use its issuer/audience/ttl options");
      }
      claims.put(name, value);
      return this;
    }

    public TokenBuilder ttl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("a token's ttl must be positive");
      }
      this.ttl = ttl;
      return this;
    }

    /** When the token says it was issued; default now. */
    public TokenBuilder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /** The signed token, in compact form. */
    public String mint() {
      Instant iat = (issuedAt == null ? Instant.now() : issuedAt).truncatedTo(ChronoUnit.SECONDS);
      JWTClaimsSet.Builder body = new JWTClaimsSet.Builder();
      claims.forEach(body::claim);
      body.issuer(issuer)
          .subject(subject)
          .audience(audience)
          .issueTime(Date.from(iat))
          .notBeforeTime(Date.from(iat))
          .expirationTime(Date.from(iat.plus(ttl)))
          .jwtID(UUID.randomUUID().toString());
      if (!groups.isEmpty()) {
        body.claim(IssuerConfig.DEFAULT_GROUPS_CLAIM, groups);
      }
      JWSHeader header =
          new JWSHeader.Builder(algorithm).keyID(keyId()).type(JOSEObjectType.JWT).build();
      SignedJWT jwt = new SignedJWT(header, body.build());
      try {
        jwt.sign(signer);
      } catch (JOSEException e) {
        throw new IllegalStateException("signing a development token failed", e);
      }
      return jwt.serialize();
    }
  }
}
