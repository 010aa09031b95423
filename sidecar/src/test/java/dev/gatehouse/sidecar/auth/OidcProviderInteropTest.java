package dev.gatehouse.sidecar.auth;

import static dev.gatehouse.sidecar.auth.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.sidecar.auth.AuthenticationException.Reason;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with a real OpenID provider (mock-oauth2-server, on loopback): its discovery
 * document, its JWKS and tokens from its token endpoint, verified exactly as a production
 * sidecar would, with discovery from the issuer URL alone.
 */
class OidcProviderInteropTest {
  MockOAuth2Server server;
  String issuer;
  MutableClock clock;

  @BeforeEach
  void startProvider() throws Exception {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    issuer = server.issuerUrl("agents").toString();
    clock = new MutableClock(Instant.now());
  }

  @AfterEach
  void stopProvider() {
    server.shutdown();
  }

  TokenVerifier verifier() {
    IssuerConfig trusted = new IssuerConfig(
        issuer, List.of("gatehouse"), null, null, "groups", IssuerConfig.DEFAULT_ALGORITHMS);
    return new TokenVerifier(
        new IdentityConfig(List.of(trusted), Duration.ofMinutes(5), Duration.ofSeconds(30)),
        clock);
  }

  @Test
  void verifiesATokenFromTheProviderFoundByDiscovery() throws Exception {
    String token = server.issueToken("agents", "agent-7", "gatehouse",
        Map.of("groups", List.of("agents", "readers"), "tenant", "acme")).serialize();
    Principal principal = verifier().verify(token);
    assertEquals("agent-7", principal.subject());
    assertEquals(issuer, principal.issuer());
    assertEquals(Set.of("agents", "readers"), principal.groups());
    assertEquals(Optional.of("acme"), principal.claim("tenant"));
  }

  @Test
  void verifiesAnAccessTokenFromTheTokenEndpoint() throws Exception {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(
        "agents", "sql-bot", "JWT", List.of("gatehouse"), Map.of("groups", List.of("agents")),
        300));
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            server.tokenEndpointUrl("agents").toString()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            "grant_type=client_credentials&client_id=sql-bot&client_secret=s3cret"
                + "&scope=gatehouse"))
        .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    String accessToken =
        JSONObjectUtils.getString(JSONObjectUtils.parse(response.body()), "access_token");

    Principal principal = verifier().verify(accessToken);
    assertEquals("sql-bot", principal.subject());
    assertTrue(principal.matches("group:agents"));
  }

  @Test
  void refusesTheProvidersTokenForAnotherAudience() {
    String token = server.issueToken("agents", "agent-7", "billing-api", Map.of()).serialize();
    assertRefused(verifier(), token, Reason.WRONG_AUDIENCE, "'[billing-api]'");
  }

  @Test
  void refusesATokenFromAnotherIssuerOfTheSameProvider() {
    String token = server.issueToken("admins", "agent-7", "gatehouse", Map.of()).serialize();
    assertRefused(verifier(), token, Reason.UNTRUSTED_ISSUER, "/admins' is not trusted");
  }

  @Test
  void refusesTheProvidersTokenOnceExpired() throws Exception {
    String token = server.issueToken("agents", "agent-7", "gatehouse", Map.of(), 120L)
        .serialize();
    TokenVerifier verifier = verifier();
    assertEquals("agent-7", verifier.verify(token).subject());
    clock.advance(Duration.ofMinutes(3));
    assertRefused(verifier, token, Reason.EXPIRED, "token expired at");
  }
}
