package dev.gatehouse.sidecar.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole sidecar configuration (SPEC §4), parsed and validated once at start.
 *
 * <p>Every value here has passed validation: durations are positive, addresses parse,
 * secrets are resolved. Nothing downstream re-checks them.
 *
 * @param source the file this configuration came from, or {@code null} for the built-in demo
 * @param warnings things that work but deserve a second look (a password written in clear
 *     text, say); {@code check} and {@code serve} print them, the sidecar runs regardless
 */
public record GatehouseConfig(
    Path source,
    ListenConfig listen,
    AdminConfig admin,
    IdentityConfig identity,
    Map<String, DatasourceConfig> datasources,
    AuditConfig audit,
    ApprovalsConfig approvals,
    PolicySource policy,
    List<ConfigProblem> warnings) {

  public GatehouseConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(identity, "identity");
    // keep the order they were written in: messages and the demo list them that way
    datasources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(datasources));
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(approvals, "approvals");
    Objects.requireNonNull(policy, "policy");
    warnings = List.copyOf(warnings);
  }

  /** A configuration built in code (the demo, tests): nothing to warn about. */
  public GatehouseConfig(
      Path source,
      ListenConfig listen,
      AdminConfig admin,
      IdentityConfig identity,
      Map<String, DatasourceConfig> datasources,
      AuditConfig audit,
      ApprovalsConfig approvals,
      PolicySource policy) {
    this(source, listen, admin, identity, datasources, audit, approvals, policy, List.of());
  }
}
