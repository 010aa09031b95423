package dev.gatehouse.sidecar.config;

/**
 * Where the reviewers' API (approvals) listens. {@code null} in {@link GatehouseConfig} when
 * absent: then no admin port is opened and approval-gated statements can only time out.
 */
public record AdminConfig(String host, int port) {
  public static final int DEFAULT_PORT = 7434;

  public AdminConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }
}
