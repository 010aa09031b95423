package dev.gatehouse.sidecar.auth;

/** TEMPORARY stub until the auth branch lands. */
public final class TokenVerifier implements AutoCloseable {
  public TokenVerifier(dev.gatehouse.sidecar.config.IdentityConfig config) {}

  public Principal verify(String token) throws AuthenticationException {
    throw new AuthenticationException("identity not built yet");
  }

  @Override
  public void close() {}
}
