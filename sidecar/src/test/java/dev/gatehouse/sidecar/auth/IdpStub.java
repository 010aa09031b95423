package dev.gatehouse.sidecar.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OpenID provider on 127.0.0.1: a discovery document and a JWKS that tests can rotate,
 * break or take down, counting every request.
 */
final class IdpStub implements AutoCloseable {
  static final String REALM_PATH = "/realms/test";
  static final String JWKS_PATH = REALM_PATH + "/protocol/openid-connect/certs";

  private final HttpServer server;
  final String issuer;
  final AtomicInteger discoveryRequests = new AtomicInteger();
  final AtomicInteger jwksRequests = new AtomicInteger();
  volatile JWKSet keys = new JWKSet();
  volatile String announcedIssuer;
  volatile String announcedJwksUri;
  volatile String jwksBodyOverride;
  volatile int status = 200;

  IdpStub() throws IOException {
    this("");
  }

  /** @param issuerSuffix appended to the issuer URL, e.g. "/" for a trailing slash */
  IdpStub(String issuerSuffix) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    issuer = base + REALM_PATH + issuerSuffix;
    announcedIssuer = issuer;
    announcedJwksUri = base + JWKS_PATH;
    server.createContext(REALM_PATH + "/.well-known/openid-configuration", this::discovery);
    server.createContext(JWKS_PATH, this::jwks);
    server.start();
  }

  URI jwksUri() {
    return URI.create(announcedJwksUri);
  }

  private void discovery(HttpExchange exchange) throws IOException {
    discoveryRequests.incrementAndGet();
    respond(exchange, "{\"issuer\":\"" + announcedIssuer + "\",\"jwks_uri\":\""
        + announcedJwksUri + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
  }

  private void jwks(HttpExchange exchange) throws IOException {
    jwksRequests.incrementAndGet();
    String override = jwksBodyOverride;
    respond(exchange, override != null ? override : keys.toString(true));
  }

  private void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int code = status;
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, code == 200 ? bytes.length : -1);
    if (code == 200) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  /** Takes the IdP off the network: connections are refused from now on. */
  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
