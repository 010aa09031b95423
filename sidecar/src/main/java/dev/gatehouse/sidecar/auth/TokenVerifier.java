package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.AuthenticationException.quoted;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a token comes from a trusted issuer and may be used now, and who it stands for
 * (SPEC §2, §4 {@code identity}, §6). Called on every RPC, not only the first, so a token that
 * expires mid-session fails the next statement.
 *
 * <p>What a token must be, in the order it is checked:
 *
 * <ol>
 *   <li>present and at most {@value #MAX_TOKEN_LENGTH} characters (checked before any parsing);
 *   <li>a compact JWS: not {@code alg: none}, not encrypted;
 *   <li>with a header that brings no key material of its own ({@code jwk}, {@code jku},
 *       {@code x5u}, {@code x5c}), marks nothing critical ({@code crit}), is not nested
 *       ({@code cty}) and, if it has a {@code typ}, says {@code JWT} or {@code at+jwt};
 *   <li>from a configured issuer, compared exactly;
 *   <li>signed with an algorithm in that issuer's allow-list — only RSA, RSA-PSS and EC
 *       algorithms can be configured, so a public key is never used as an HMAC secret;
 *   <li>signed by a key of that issuer, chosen by {@code kid} (a token without {@code kid} is
 *       accepted only if exactly one key could have signed it);
 *   <li>with {@code exp}, {@code iat}, {@code sub} and an {@code aud} the issuer accepts;
 *   <li>used between {@code nbf}/{@code iat} and {@code exp}, and no later than
 *       {@code max_token_age} after {@code iat}, all with {@code clock_skew} tolerance.
 * </ol>
 *
 * <p>A verified token is cached until it can no longer pass, so the hot path is one cache
 * lookup and a few comparisons of instants; the lifetime rules are checked again on every hit.
 *
 * <p>Thread-safe. Every refusal is an {@link AuthenticationException} whose message never
 * contains the token.
 */
public final class TokenVerifier implements AutoCloseable {
  /** Tokens longer than this are refused before they are parsed. */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;

  /** Total weight (≈ characters) of the cache of verified tokens: bounds its memory. */
  private static final long CACHE_MAX_WEIGHT = 32L * 1024 * 1024;

  /** What a cache entry costs besides its token: the principal and its claims. */
  private static final int CACHE_ENTRY_OVERHEAD = 1024;

  private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

  private final Map<String, TrustedIssuer> issuers;
  private final Clock clock;
  private final Duration clockSkew;
  private final Duration maxTokenAge;
  private final Cache<String, VerifiedToken> verified;
  private volatile boolean closed;

  /** A verifier for {@code config}, on the system clock. */
  public TokenVerifier(IdentityConfig config) {
    this(config, Clock.systemUTC());
  }

  /**
   * A verifier for {@code config}.
   *
   * @throws IllegalArgumentException if the configuration can't be used: no issuers, an issuer
   *     twice, an issuer without audiences, an algorithm outside RSA/RSA-PSS/EC, a
   *     {@code jwks_file} that can't be read or holds no usable key, plain-http key URLs
   */
  public TokenVerifier(IdentityConfig config, Clock clock) {
    this(config, Map.of(), clock, JwksFetchPolicy.DEFAULT, null);
  }

  /**
   * A verifier that trusts the given keys for the named issuers instead of fetching or reading
   * them, e.g. the in-memory key of the embedded demo ({@link DevKeys#verifier}). Issuers not in
   * {@code keysByIssuer} get their keys as configured.
   */
  public static TokenVerifier withKeys(
      IdentityConfig config, Map<String, JWKSet> keysByIssuer, Clock clock) {
    return new TokenVerifier(config, keysByIssuer, clock, JwksFetchPolicy.DEFAULT, null);
  }

  /**
   * The full constructor, for tests that shorten fetch intervals or bring their own client.
   *
   * @param http for fetching keys; {@code null} to build one when an issuer needs it
   */
  TokenVerifier(
      IdentityConfig config,
      Map<String, JWKSet> keysByIssuer,
      Clock clock,
      JwksFetchPolicy fetchPolicy,
      HttpClient http) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clockSkew =
        Objects.requireNonNullElse(config.clockSkew(), IdentityConfig.DEFAULT_CLOCK_SKEW);
    this.maxTokenAge =
        Objects.requireNonNullElse(config.maxTokenAge(), IdentityConfig.DEFAULT_MAX_TOKEN_AGE);
    if (clockSkew.isNegative() || maxTokenAge.isNegative() || maxTokenAge.isZero()) {
      throw new IllegalArgumentException(
          "identity: clock_skew must not be negative and max_token_age must be positive");
    }
    if (config.issuers().isEmpty()) {
      throw new IllegalArgumentException(
          "identity: no issuers are configured; no token could pass");
    }
    Map<String, TrustedIssuer> byName = new LinkedHashMap<>();
    HttpClient client = http;
    for (IssuerConfig issuer : config.issuers()) {
      if (byName.containsKey(issuer.issuer())) {
        throw new IllegalArgumentException(
            "identity: issuer " + issuer.issuer() + " is configured twice");
      }
      JWKSet pinned = keysByIssuer.get(issuer.issuer());
      if (client == null && pinned == null && issuer.jwksFile() == null) {
        client = newHttpClient(fetchPolicy);
      }
      byName.put(issuer.issuer(), trust(issuer, pinned, client, clock, fetchPolicy));
    }
    this.issuers = Map.copyOf(byName);
    this.verified =
        Caffeine.newBuilder()
            .maximumWeight(CACHE_MAX_WEIGHT)
            .weigher((String token, VerifiedToken v) -> token.length() + CACHE_ENTRY_OVERHEAD)
            .expireAfter(Expiry.creating((String token, VerifiedToken v) -> timeLeft(v)))
            .build();
  }

  /**
   * Verifies {@code token} and returns whom it stands for.
   *
   * @throws AuthenticationException if the token is refused; its message says why (and never
   *     contains the token); the caller maps it to SQLState
   *     {@value AuthenticationException#SQL_STATE}
   */
  public Principal verify(String token) throws AuthenticationException {
    if (closed) {
      throw new IllegalStateException("this token verifier is closed");
    }
    if (token == null || token.isBlank()) {
      throw new AuthenticationException(
          Reason.MISSING,
          "no token presented; give one with the token or token_file URL key, a JWT as the"
              + " password, or GATEHOUSE_TOKEN");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new AuthenticationException(
          Reason.OVERSIZED,
          "token is " + token.length() + " characters long; at most " + MAX_TOKEN_LENGTH
              + " are accepted");
    }
    String compact = token.strip();
    Instant now = clock.instant();
    VerifiedToken hit = verified.getIfPresent(compact);
    if (hit != null) {
      try {
        hit.lifetime().check(now, clockSkew, maxTokenAge);
      } catch (AuthenticationException e) {
        verified.invalidate(compact);
        throw e;
      }
      return hit.principal();
    }
    VerifiedToken fresh = verifyUncached(compact, now);
    verified.put(compact, fresh);
    return fresh.principal();
  }

  /**
   * Fetches now the keys of every issuer that publishes them over HTTP, rather than at its first
   * token, so a wrong URL or an unreachable IdP shows at start. Never throws: an issuer whose
   * keys can't be fetched yet is retried when tokens arrive.
   *
   * @return one line per issuer whose keys could not be fetched; empty when all were
   */
  public List<String> prefetchKeys() {
    List<String> problems = new ArrayList<>();
    for (TrustedIssuer issuer : issuers.values()) {
      if (issuer.keys() instanceof RemoteJwkSet remote) {
        String problem = remote.prefetch();
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    return problems;
  }

  /** How many verified tokens are cached; for tests. */
  long cachedTokenCount() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** Forgets every verified token; later calls to {@link #verify} fail. */
  @Override
  public void close() {
    closed = true;
    verified.invalidateAll();
  }

  private VerifiedToken verifyUncached(String token, Instant now) throws AuthenticationException {
    SignedJWT jwt = parse(token);
    checkHeader(jwt.getHeader());
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw malformed(
          "its claims are not a JSON object with claims of the right types"
              + " (iss, sub: text; aud: text or list; exp, nbf, iat: numbers)");
    }
    String issuerName = claims.getIssuer();
    if (issuerName == null) {
      throw new AuthenticationException(Reason.MISSING_CLAIM, "token has no issuer (iss)");
    }
    TrustedIssuer issuer = issuers.get(issuerName);
    if (issuer == null) {
      throw new AuthenticationException(
          Reason.UNTRUSTED_ISSUER,
          "token issuer " + quoted(issuerName) + " is not trusted; trusted issuers are "
              + issuers.keySet() + " (compared exactly, trailing slash included)");
    }
    VerifiedToken result = issuer.verify(jwt, claims);
    result.lifetime().check(now, clockSkew, maxTokenAge);
    return result;
  }

  private static SignedJWT parse(String token) throws AuthenticationException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      if (declaresNoAlgorithm(token)) {
        throw unsigned();
      }
      throw malformed("expected three base64url parts, header.payload.signature, with JSON inside");
    }
    if (jwt instanceof PlainJWT) {
      throw unsigned();
    }
    if (jwt instanceof EncryptedJWT) {
      throw new AuthenticationException(
          Reason.ENCRYPTED, "token is encrypted (JWE); only signed tokens (JWS) are accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw malformed("it is not a signed JWT");
    }
    if ("none".equalsIgnoreCase(signed.getHeader().getAlgorithm().getName())) {
      throw unsigned();
    }
    return signed;
  }

  /** Whether a token nimbus could not parse says {@code alg: none}, for a precise message. */
  private static boolean declaresNoAlgorithm(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      Map<String, Object> header =
          JSONObjectUtils.parse(new Base64URL(token.substring(0, dot)).decodeToString());
      Object algorithm = header.get("alg");
      return algorithm instanceof String name && name.equalsIgnoreCase("none");
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Refuses headers that would let the token choose how it is checked. Nimbus would ignore
   * {@code jwk}/{@code jku}/{@code x5u}/{@code x5c} when keys come from a key source, but a token
   * that brings its own key is an attack or a misconfigured issuer, and saying so helps both.
   */
  private static void checkHeader(JWSHeader header) throws AuthenticationException {
    List<String> ownKeys = new ArrayList<>();
    if (header.getJWK() != null) {
      ownKeys.add("jwk");
    }
    if (header.getJWKURL() != null) {
      ownKeys.add("jku");
    }
    if (header.getX509CertURL() != null) {
      ownKeys.add("x5u");
    }
    if (header.getX509CertChain() != null) {
      ownKeys.add("x5c");
    }
    if (!ownKeys.isEmpty()) {
      throw new AuthenticationException(
          Reason.HEADER_NOT_ALLOWED,
          "token header carries key material of its own " + ownKeys
              + "; keys are taken only from the issuer's configured JWKS");
    }
    Set<String> critical = header.getCriticalParams();
    if (critical != null && !critical.isEmpty()) {
      throw new AuthenticationException(
          Reason.HEADER_NOT_ALLOWED,
          "token header marks " + quoted(new LinkedHashSet<>(critical))
              + " as critical (crit); no critical header parameters are understood here");
    }
    if (header.getContentType() != null) {
      throw new AuthenticationException(
          Reason.HEADER_NOT_ALLOWED, "nested tokens (header cty) are not accepted");
    }
    JOSEObjectType type = header.getType();
    if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw new AuthenticationException(
          Reason.HEADER_NOT_ALLOWED,
          "token type (typ) " + quoted(type.getType())
              + " is not an access token; expected JWT or at+jwt");
    }
  }

  private Duration timeLeft(VerifiedToken token) {
    Duration left =
        Duration.between(clock.instant(), token.lifetime().usableUntil(clockSkew, maxTokenAge));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static TrustedIssuer trust(
      IssuerConfig config,
      JWKSet pinned,
      HttpClient http,
      Clock clock,
      JwksFetchPolicy fetchPolicy) {
    String name = config.issuer();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("identity: an issuer has no issuer URL");
    }
    if (config.audiences().isEmpty()) {
      throw new IllegalArgumentException(
          "identity: issuer " + name + " accepts no audience; name the audience tokens for"
              + " Gatehouse carry (e.g. gatehouse), or tokens minted for any other service of"
              + " the IdP would be accepted here");
    }
    if (config.jwksUri() != null && config.jwksFile() != null) {
      throw new IllegalArgumentException(
          "identity: issuer " + name + " has both jwks_uri and jwks_file; choose one");
    }
    String groupsClaim =
        config.groupsClaim() == null || config.groupsClaim().isBlank()
            ? IssuerConfig.DEFAULT_GROUPS_CLAIM
            : config.groupsClaim();
    JWKSource<SecurityContext> keys;
    String origin;
    if (pinned != null) {
      keys = new ImmutableJWKSet<>(VerificationKeys.usable(pinned, "in-memory keys"));
      origin = "in-memory keys";
    } else if (config.jwksFile() != null) {
      keys = new ImmutableJWKSet<>(readJwksFile(name, config.jwksFile()));
      origin = "jwks_file " + config.jwksFile();
    } else {
      keys = new RemoteJwkSet(name, config.jwksUri(), http, clock, fetchPolicy);
      origin =
          config.jwksUri() != null
              ? "jwks_uri " + config.jwksUri()
              : "the jwks_uri of " + RemoteJwkSet.discoveryUri(name);
    }
    return new TrustedIssuer(
        name, config.audiences(), algorithms(config), groupsClaim, keys, origin);
  }

  private static Set<JWSAlgorithm> algorithms(IssuerConfig config) {
    List<String> names =
        config.algorithms().isEmpty() ? IssuerConfig.DEFAULT_ALGORITHMS : config.algorithms();
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
      if (!VerificationKeys.SUPPORTED_ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(
            "identity: issuer " + config.issuer() + ": algorithm " + name + " can't be accepted;"
                + " only RSA (RS256-RS512), RSA-PSS (PS256-PS512) and EC (ES256-ES512) signatures"
                + " are, so a public key can never double as an HMAC secret");
      }
      algorithms.add(algorithm);
    }
    return algorithms;
  }

  private static JWKSet readJwksFile(String issuer, Path file) {
    JWKSet keys;
    try {
      keys = JWKSet.load(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "identity: issuer " + issuer + ": can't read jwks_file " + file + ": " + e.getMessage(),
          e);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "identity: issuer " + issuer + ": jwks_file " + file + " is not a JWKS (a JSON object"
              + " with a \"keys\" list): " + e.getMessage(),
          e);
    }
    JWKSet usable = VerificationKeys.usable(keys, "jwks_file " + file);
    if (usable.isEmpty()) {
      throw new IllegalArgumentException(
          "identity: issuer " + issuer + ": jwks_file " + file
              + " holds no usable public RSA or EC signing key");
    }
    return usable;
  }

  private static HttpClient newHttpClient(JwksFetchPolicy policy) {
    return HttpClient.newBuilder()
        .connectTimeout(policy.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  private static AuthenticationException malformed(String detail) {
    return new AuthenticationException(
        Reason.MALFORMED, "token is not a well-formed JWT: " + detail);
  }

  private static AuthenticationException unsigned() {
    return new AuthenticationException(
        Reason.UNSIGNED, "token is unsigned (alg: none); only signed tokens are accepted");
  }
}
