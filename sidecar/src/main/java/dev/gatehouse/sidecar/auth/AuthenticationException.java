package dev.gatehouse.sidecar.auth;

/** TEMPORARY stub until the auth branch lands. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
