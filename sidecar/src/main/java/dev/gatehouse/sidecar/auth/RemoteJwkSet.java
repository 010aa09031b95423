package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of one issuer, fetched over HTTP from its {@code jwks_uri} (configured, or found in
 * its OpenID discovery document) and cached.
 *
 * <ul>
 *   <li>Keys are fetched at first use and again once older than {@link JwksFetchPolicy#cacheTtl}.
 *   <li>A token naming a key that isn't in the cache triggers a fetch, so a rotation at the IdP
 *       is picked up at once.
 *   <li>Whatever the trigger, an issuer is fetched at most once per {@link
 *       JwksFetchPolicy#minRefreshInterval}; concurrent callers share one fetch.
 *   <li>If the IdP can't be reached, the keys already fetched keep working for {@link
 *       JwksFetchPolicy#outageGrace} past their TTL, and every failed fetch is logged as an error.
 * </ul>
 *
 * <p>Fetching happens on the calling thread: only a token that isn't in the verifier's cache and
 * arrives when the keys are stale or unknown waits for it, and timeouts bound the wait.
 */
final class RemoteJwkSet implements JWKSource<SecurityContext> {
  private static final Logger log = LoggerFactory.getLogger(RemoteJwkSet.class);
  private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  private static final Pattern LOOPBACK_IPV4 =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final String issuer;
  private final URI configuredJwksUri;
  private final HttpClient http;
  private final Clock clock;
  private final JwksFetchPolicy policy;
  private final Object fetchLock = new Object();

  private volatile Fetched current;
  private volatile URI discoveredJwksUri;
  private volatile Instant lastAttempt;
  private volatile String lastFailure;

  /** Keys as fetched at one moment. */
  private record Fetched(JWKSet keys, Instant at) {}

  /**
   * @param jwksUri where the keys are; {@code null} to discover it from
   *     {@code {issuer}/.well-known/openid-configuration}
   */
  RemoteJwkSet(String issuer, URI jwksUri, HttpClient http, Clock clock, JwksFetchPolicy policy) {
    this.issuer = issuer;
    this.configuredJwksUri = jwksUri;
    this.http = http;
    this.clock = clock;
    this.policy = policy;
    requireSecureTransport(jwksUri != null ? jwksUri : discoveryUri(issuer));
  }

  /** The discovery document of {@code issuer} (OpenID Connect Discovery 1.0 §4). */
  static URI discoveryUri(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    try {
      return URI.create(base + DISCOVERY_PATH);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "issuer " + issuer + " is not a URL, so its keys can't be discovered;"
              + " configure jwks_uri or jwks_file", e);
    }
  }

  /**
   * Keys fetched over plain HTTP could be replaced by anyone on the path, who could then mint
   * tokens for any principal: only loopback (a local proxy, tests) may use http.
   */
  static void requireSecureTransport(URI uri) {
    String scheme = uri.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      return;
    }
    if ("http".equalsIgnoreCase(scheme) && isLoopback(uri.getHost())) {
      return;
    }
    throw new IllegalArgumentException(
        "keys must be fetched over https (plain http only from a loopback address): " + uri);
  }

  /** A loopback address written as such; "127.example.com" is a name, not a loopback address. */
  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    return host.equalsIgnoreCase("localhost")
        || LOOPBACK_IPV4.matcher(host).matches()
        || host.equals("[::1]")
        || host.equals("::1");
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    Fetched keys = currentKeys();
    List<JWK> found = selector.select(keys.keys());
    if (found.isEmpty()) {
      // Perhaps the IdP rotated its keys: look again, unless we just did.
      Fetched refreshed = fetchUnlessRecent(keys, "a token names a key not in the cache");
      if (refreshed != null) {
        found = selector.select(refreshed.keys());
      }
    }
    return found;
  }

  /**
   * Fetches the keys now (subject to the rate limit), for a start-up check.
   *
   * @return {@code null} when keys are available, else what went wrong
   */
  String prefetch() {
    try {
      currentKeys();
      return null;
    } catch (KeySourceException e) {
      return e.getMessage();
    }
  }

  private Fetched currentKeys() throws KeySourceException {
    Fetched seen = current;
    Instant now = clock.instant();
    if (seen != null && now.isBefore(seen.at().plus(policy.cacheTtl()))) {
      return seen;
    }
    Fetched refreshed = fetchUnlessRecent(seen, seen == null ? "first use" : "cached keys expired");
    if (refreshed != null) {
      return refreshed;
    }
    Fetched stale = current;
    if (stale != null
        && now.isBefore(stale.at().plus(policy.cacheTtl()).plus(policy.outageGrace()))) {
      return stale;
    }
    throw new KeySourceException(
        "the keys of issuer "
            + issuer
            + " could not be fetched"
            + (lastFailure == null ? "" : " (" + lastFailure + ")")
            + (stale == null ? "" : "; the last keys, fetched at " + stale.at() + ", are too old")
            + "; the sidecar will retry");
  }

  /**
   * Fetches the keys unless another thread has done so since {@code seen} was read, or a fetch
   * was attempted within the rate limit.
   *
   * @return the new keys, or {@code null} if nothing was fetched
   */
  private Fetched fetchUnlessRecent(Fetched seen, String why) {
    synchronized (fetchLock) {
      Fetched now = current;
      if (now != seen) {
        return now;
      }
      Instant at = clock.instant();
      Instant last = lastAttempt;
      if (last != null && at.isBefore(last.plus(policy.minRefreshInterval()))) {
        return null;
      }
      lastAttempt = at;
      try {
        JWKSet keys = fetch();
        Fetched fetched = new Fetched(keys, at);
        current = fetched;
        lastFailure = null;
        log.info(
            "identity: fetched {} key(s) of issuer {} ({}): {}",
            keys.getKeys().size(), issuer, why, keyIds(keys));
        return fetched;
      } catch (IOException | ParseException | RuntimeException e) {
        discoveredJwksUri = null;
        lastFailure = e.getMessage();
        logFailure(seen, e);
        return null;
      }
    }
  }

  private void logFailure(Fetched stale, Exception e) {
    if (stale == null) {
      log.error("identity: can't fetch the keys of issuer {}: {}; its tokens are refused"
          + " until a fetch succeeds", issuer, e.getMessage());
    } else {
      log.error(
          "identity: can't refresh the keys of issuer {}: {}; still trusting the keys fetched at {}"
              + " until {} — fix the IdP or the network before then",
          issuer, e.getMessage(), stale.at(),
          stale.at().plus(policy.cacheTtl()).plus(policy.outageGrace()));
    }
  }

  private JWKSet fetch() throws IOException, ParseException {
    URI jwksUri = configuredJwksUri != null ? configuredJwksUri : discoverJwksUri();
    JWKSet keys;
    try {
      keys = JWKSet.parse(get(jwksUri));
    } catch (ParseException e) {
      throw new ParseException("the JWKS at " + jwksUri + " is not valid: " + e.getMessage(), 0);
    }
    JWKSet usable = VerificationKeys.usable(keys, jwksUri.toString());
    if (usable.isEmpty()) {
      log.warn("identity: the JWKS at {} holds no usable signing key", jwksUri);
    }
    return usable;
  }

  private URI discoverJwksUri() throws IOException, ParseException {
    URI known = discoveredJwksUri;
    if (known != null) {
      return known;
    }
    URI discovery = discoveryUri(issuer);
    Map<String, Object> document = JSONObjectUtils.parse(get(discovery));
    String announced = JSONObjectUtils.getString(document, "issuer");
    if (!issuer.equals(announced)) {
      // OpenID Connect Discovery §4.3: a document for another issuer must not be used.
      throw new IOException(
          "the discovery document at " + discovery + " is for issuer " + announced
              + ", not " + issuer);
    }
    URI jwksUri = JSONObjectUtils.getURI(document, "jwks_uri");
    if (jwksUri == null || !jwksUri.isAbsolute()) {
      throw new IOException("the discovery document at " + discovery + " has no absolute jwks_uri");
    }
    try {
      requireSecureTransport(jwksUri);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    discoveredJwksUri = jwksUri;
    return jwksUri;
  }

  private String get(URI uri) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(policy.requestTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (IOException e) {
      throw new IOException("GET " + uri + " failed: " + describe(e), e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(policy.maxResponseBytes() + 1);
      if (bytes.length > policy.maxResponseBytes()) {
        throw new IOException(
            "GET " + uri + " answered more than " + policy.maxResponseBytes() + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static List<String> keyIds(JWKSet keys) {
    return keys.getKeys().stream().map(JWK::getKeyID).toList();
  }
}
