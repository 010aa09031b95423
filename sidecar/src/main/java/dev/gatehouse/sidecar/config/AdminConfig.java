package dev.gatehouse.sidecar.config;

/**
 * Where the reviewers' API (approvals) listens. {@code null} in {@link GatehouseConfig} when
 * absent: then no admin port is opened and approval-gated statements can only time out.
 */
public record AdminConfig(String host, int port) {
  public static final int DEFAULT_PORT = 7434;
}
