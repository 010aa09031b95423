package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigLoader;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.policytest.OfflineSidecar;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where {@code check} and {@code explain} take the policy from: a sidecar configuration (its
 * datasources and policy), or policy files alone judged in one dialect.
 */
final class PolicyOptions {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "h2",
      description = "with --policy: the SQL dialect names resolve in: h2, postgresql or mariadb"
          + " (default: ${DEFAULT-VALUE})")
  String dialect;

  @Option(names = "--default-schema", paramLabel = "SCHEMA",
      description = "with --policy: the schema unqualified names resolve to (default: PUBLIC"
          + " for h2, public for postgresql; the database name for mariadb)")
  String defaultSchema;

  /** Exactly one of the two. */
  static final class Source {
    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "the sidecar configuration (YAML)")
    Path config;

    @Option(names = "--policy", paramLabel = "FILE", arity = "1..*", required = true,
        description = "policy files without a configuration; several make one policy")
    List<Path> policyFiles;
  }

  /** Loaded configuration, or {@code null} with {@code --policy}. */
  GatehouseConfig config() throws ConfigException {
    return source.config == null ? null : new ConfigLoader().load(source.config);
  }

  /**
   * The offline sidecar for the configuration or the policy files.
   *
   * @param datasources with {@code --policy}: the datasource names to compile for (empty: every
   *     name the policy mentions, and one more for rules that name none)
   */
  OfflineSidecar load(GatehouseConfig config, Set<String> datasources) throws ConfigException {
    if (config != null) {
      return OfflineSidecar.of(config);
    }
    return OfflineSidecar.of(source.policyFiles, dialect(), defaultSchema, datasources);
  }

  List<Path> policyFiles() {
    return source.policyFiles == null ? List.of() : source.policyFiles;
  }

  /** The dialect named with {@code --dialect}. */
  Dialect dialect() {
    for (Dialect d : List.of(Dialect.H2, Dialect.POSTGRESQL, Dialect.MARIADB)) {
      if (d.name().equalsIgnoreCase(dialect)) {
        return d;
      }
    }
    throw new IllegalArgumentException("--dialect: expected h2, postgresql or mariadb, got '"
        + dialect + "'");
  }
}
