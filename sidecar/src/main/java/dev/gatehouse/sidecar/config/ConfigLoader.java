package dev.gatehouse.sidecar.config;

import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a configuration file into a {@link GatehouseConfig} (SPEC §4; the user's reference is
 * {@code docs/CONFIGURATION.md}).
 *
 * <p>Everything that can be wrong is found here, at start, with file and line, and all of it in
 * one go: unknown keys (with a "did you mean"), missing keys, wrong types, bad durations,
 * addresses and URLs, files that don't exist, {@code ${env:…}}/{@code ${file:…}} references that
 * don't resolve. A running sidecar never discovers a configuration mistake at the first request.
 *
 * <p>Relative paths resolve against the folder of the configuration file, never against the
 * working directory, so a configuration means the same wherever the sidecar is started.
 */
public final class ConfigLoader {
  static final String DEFAULT_AUDIT_PATH = "audit/gatehouse.jsonl";
  static final int MAX_RECORD_ROWS = 1000;
  static final long MIN_AUDIT_FILE_BYTES = 1024;

  private final Function<String, String> environment;

  /** A loader that resolves {@code ${env:NAME}} from the process environment. */
  public ConfigLoader() {
    this(System::getenv);
  }

  /**
   * @param environment resolves {@code ${env:NAME}}: the variable's value, or {@code null} when
   *     unset (tests pass a map's {@code get})
   */
  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Reads and validates a configuration file.
   *
   * @throws ConfigException listing every problem found, each as {@code file:line: message}
   */
  public GatehouseConfig load(Path file) throws ConfigException {
    return parse(YamlReader.read(file), file);
  }

  /**
   * Validates an already-read configuration tree.
   *
   * @param source the file the tree came from: relative paths resolve against its folder (the
   *     working directory when {@code null})
   * @throws ConfigException listing every problem found
   */
  public GatehouseConfig parse(YamlNode root, Path source) throws ConfigException {
    LoadContext context = new LoadContext(source, environment);
    Problems problems = context.problems();
    if (root instanceof YamlNode.Scalar && ((YamlNode.Scalar) root).text() == null) {
      throw new ConfigException(
          root.location(),
          "the configuration is empty; it needs at least identity, datasources and policy");
    }
    if (!(root instanceof YamlNode.Mapping)) {
      throw new ConfigException(
          root.location(),
          "the configuration must be a mapping of sections (listen, identity, datasources, …),"
              + " got "
              + MappingReader.describe(root));
    }
    MappingReader top = MappingReader.of(root, "", root.location(), context);
    top.allowOnly("listen", "admin", "identity", "datasources", "audit", "approvals", "policy");

    ListenConfig listen = listen(top);
    AdminConfig admin = admin(top, listen);
    IdentityConfig identity = IdentityParser.parse(top);
    Map<String, DatasourceConfig> datasources = DatasourceParser.parse(top);
    AuditConfig audit = audit(top, context);
    ApprovalsConfig approvals = approvals(top);
    PolicySource policy = policy(top);

    problems.throwIfAny();
    return new GatehouseConfig(
        source,
        listen,
        admin,
        identity,
        datasources,
        audit,
        approvals,
        policy,
        problems.warnings());
  }

  private static ListenConfig listen(MappingReader top) {
    MappingReader listen = top.mapping("listen");
    if (listen == null) {
      return ListenConfig.loopback(ListenConfig.DEFAULT_PORT);
    }
    listen.allowOnly("address", "socket");
    HostPort address = address(listen, new HostPort("127.0.0.1", ListenConfig.DEFAULT_PORT));
    Path socket = listen.path("socket", null);
    return address == null ? null : new ListenConfig(address.host(), address.port(), socket);
  }

  /** {@code admin} absent: no admin port. {@code admin: {}}: the default {@code 127.0.0.1:7434}. */
  private static AdminConfig admin(MappingReader top, ListenConfig listen) {
    MappingReader admin = top.mapping("admin");
    if (admin == null) {
      return null;
    }
    admin.allowOnly("address");
    HostPort address = address(admin, new HostPort("127.0.0.1", AdminConfig.DEFAULT_PORT));
    if (address == null) {
      return null;
    }
    if (listen != null && clash(address, new HostPort(listen.host(), listen.port()))) {
      admin
          .problems()
          .error(
              admin.locationOf("address"),
              "admin.address: uses the same port as listen.address ("
                  + listen.port()
                  + "); the two need different ports");
    }
    return new AdminConfig(address.host(), address.port());
  }

  /** Whether binding both would fail: same port on the same host or on a wildcard address. */
  private static boolean clash(HostPort a, HostPort b) {
    Set<String> wildcards = Set.of("0.0.0.0", "::");
    return a.port() != 0
        && a.port() == b.port()
        && (a.host().equals(b.host())
            || wildcards.contains(a.host())
            || wildcards.contains(b.host()));
  }

  private static HostPort address(MappingReader section, HostPort fallback) {
    ScalarValue value = section.text("address");
    if (value == null) {
      return fallback;
    }
    try {
      return HostPort.parse(value.text(), value.shown());
    } catch (IllegalArgumentException e) {
      return section.invalid(value, "address", e.getMessage(), null);
    }
  }

  private static AuditConfig audit(MappingReader top, LoadContext context) {
    Path defaultPath = context.resolve(DEFAULT_AUDIT_PATH);
    MappingReader audit = top.mapping("audit");
    if (audit == null) {
      return new AuditConfig(
          defaultPath, Durability.FSYNC, true, 0, AuditConfig.DEFAULT_MAX_FILE_BYTES, false);
    }
    audit.allowOnly(
        "path", "durability", "redact_literals", "record_rows", "max_file_size", "stdout");
    Path path = audit.path("path", defaultPath);
    if (path != null && Files.isDirectory(path)) {
      audit
          .problems()
          .error(
              audit.locationOf("path"),
              "audit.path: "
                  + path
                  + " is a folder; name the log file, e.g. "
                  + DEFAULT_AUDIT_PATH);
    }
    return new AuditConfig(
        path,
        audit.choice("durability", Durability.FSYNC, Durability.class),
        audit.bool("redact_literals", true),
        audit.integer("record_rows", 0, 0, MAX_RECORD_ROWS),
        maxFileBytes(audit),
        audit.bool("stdout", false));
  }

  private static long maxFileBytes(MappingReader audit) {
    ScalarValue value = audit.text("max_file_size");
    if (value == null) {
      return AuditConfig.DEFAULT_MAX_FILE_BYTES;
    }
    try {
      long bytes = ByteSize.parse(value.text());
      if (bytes < MIN_AUDIT_FILE_BYTES) {
        return audit.invalid(
            value, "max_file_size", "must be at least 1KiB, got " + value.shown(), 0L);
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      return audit.invalid(
          value, "max_file_size", "expected " + e.getMessage() + ", got " + value.shown(), 0L);
    }
  }

  private static ApprovalsConfig approvals(MappingReader top) {
    MappingReader approvals = top.mapping("approvals");
    if (approvals == null) {
      return ApprovalsConfig.DEFAULT;
    }
    approvals.allowOnly("timeout", "webhook");
    Duration timeout = approvals.duration("timeout", ApprovalsConfig.DEFAULT_TIMEOUT, false);
    URI webhook = approvals.url("webhook");
    return new ApprovalsConfig(timeout, webhook);
  }

  /**
   * {@code policy: { files: [...] }} or an inline policy. The inline block is handed on as a
   * tree, unread and without {@code ${…}} substitution: a policy is code, like a policy file, and
   * the policy package owns its meaning.
   */
  private static PolicySource policy(MappingReader top) {
    if (!top.has("policy")) {
      top.problems()
          .error(
              top.locationOf("policy"),
              "no policy: every statement would be denied; add policy.files or an inline policy");
      return null;
    }
    MappingReader policy = top.mapping("policy");
    if (policy == null) {
      return null;
    }
    if (!policy.node().entries().containsKey("files")) {
      if (policy.node().entries().isEmpty()) {
        top.problems()
            .error(
                top.locationOf("policy"),
                "no policy: every statement would be denied; add policy.files or an inline policy");
        return null;
      }
      return new PolicySource(List.of(), policy.node());
    }
    for (YamlNode.Entry entry : policy.node().entries().values()) {
      if (!entry.key().equals("files")) {
        policy
            .problems()
            .error(
                entry.keyLocation(),
                "policy."
                    + entry.key()
                    + ": policy.files can't be mixed with an inline policy; use one or the other");
      }
    }
    return new PolicySource(policyFiles(policy), null);
  }

  private static List<Path> policyFiles(MappingReader policy) {
    String none = "policy.files: name at least one policy file";
    if (!policy.has("files")) {
      policy.problems().error(policy.locationOf("files"), none);
      return List.of();
    }
    YamlNode.Sequence list = policy.list("files");
    if (list == null) {
      return List.of();
    }
    if (list.items().isEmpty()) {
      policy.problems().error(list.location(), none);
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    List<ScalarValue> values = policy.textItems(list, "policy.files");
    for (int i = 0; i < values.size(); i++) {
      Path file = policy.existingFile(values.get(i), "policy.files[" + i + "]");
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }
}
