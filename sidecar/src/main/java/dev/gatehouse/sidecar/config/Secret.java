package dev.gatehouse.sidecar.config;

/**
 * A resolved secret value. Its {@link #toString()} never reveals the value, so a secret can't
 * leak through a log line or an exception message by accident.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return value == null ? null : new Secret(value);
  }

  /** The secret itself; call only where it is handed to the backend driver. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
