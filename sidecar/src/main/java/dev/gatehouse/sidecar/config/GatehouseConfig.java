package dev.gatehouse.sidecar.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The whole sidecar configuration (SPEC §4), parsed and validated once at start.
 *
 * <p>Every value here has passed validation: durations are positive, addresses parse,
 * secrets are resolved. Nothing downstream re-checks them.
 *
 * @param source the file this configuration came from, or {@code null} for the built-in demo
 */
public record GatehouseConfig(
    Path source,
    ListenConfig listen,
    AdminConfig admin,
    IdentityConfig identity,
    Map<String, DatasourceConfig> datasources,
    AuditConfig audit,
    ApprovalsConfig approvals,
    PolicySource policy) {

  public GatehouseConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(identity, "identity");
    datasources = Map.copyOf(datasources);
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(approvals, "approvals");
    Objects.requireNonNull(policy, "policy");
  }
}
