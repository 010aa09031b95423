package dev.gatehouse.sidecar.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** TEMPORARY stub until the auth branch lands; replaced wholesale by it. */
public record Principal(
    String subject,
    String issuer,
    Set<String> groups,
    Set<String> scopes,
    Map<String, Object> claims,
    Instant expiresAt) {
  public String id() {
    return issuer + "#" + subject;
  }
}
