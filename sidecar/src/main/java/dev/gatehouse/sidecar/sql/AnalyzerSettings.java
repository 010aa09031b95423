package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SqlAnalyzer} reads SQL for one datasource.
 *
 * @param dialect H2, POSTGRESQL or MARIADB (never AUTO)
 * @param catalog the connection's database, written like an SQL identifier ({@code demo} folds,
 *     {@code "demo"} does not); {@code null} when unknown (see {@link NameResolver})
 * @param defaultSchema the schema unqualified names resolve to, written like an SQL identifier;
 *     {@code null} for the dialect default ({@code PUBLIC}, {@code public}); required for MariaDB
 * @param maxSqlLength longer texts are not understood, before any lexing (SPEC §5 limits)
 * @param maxNestingDepth deeper nesting of parentheses, brackets and CASE is not understood,
 *     before parsing
 * @param parseBudget the most time one statement may take to parse; slower ones are not
 *     understood (and not cached, so a retry under less load may succeed)
 * @param cacheMaxWeight the analysis cache's bound, in characters of statement text (roughly
 *     two bytes each, plus the analyses)
 */
public record AnalyzerSettings(
    Dialect dialect,
    String catalog,
    String defaultSchema,
    int maxSqlLength,
    int maxNestingDepth,
    Duration parseBudget,
    long cacheMaxWeight) {

  public static final int DEFAULT_MAX_SQL_LENGTH = 100_000;
  public static final int DEFAULT_MAX_NESTING_DEPTH = 40;
  public static final Duration DEFAULT_PARSE_BUDGET = Duration.ofSeconds(1);
  public static final long DEFAULT_CACHE_MAX_WEIGHT = 8_000_000;

  public AnalyzerSettings {
    Objects.requireNonNull(dialect, "dialect");
    if (dialect == Dialect.AUTO) {
      throw new IllegalArgumentException("the dialect must be resolved (AUTO given)");
    }
    Objects.requireNonNull(parseBudget, "parseBudget");
    if (maxSqlLength <= 0 || maxNestingDepth <= 0 || parseBudget.isNegative()
        || parseBudget.isZero() || cacheMaxWeight < 0) {
      throw new IllegalArgumentException("analyzer limits must be positive");
    }
  }

  /** Default limits for a dialect. */
  public static AnalyzerSettings defaults(Dialect dialect, String catalog, String defaultSchema) {
    return new AnalyzerSettings(dialect, catalog, defaultSchema, DEFAULT_MAX_SQL_LENGTH,
        DEFAULT_MAX_NESTING_DEPTH, DEFAULT_PARSE_BUDGET, DEFAULT_CACHE_MAX_WEIGHT);
  }

  /**
   * Default limits for a configured datasource: the dialect from the configuration or the URL,
   * the catalog (and for MariaDB the default schema) from the URL's database name.
   */
  public static AnalyzerSettings forDatasource(DatasourceConfig datasource) {
    Dialect dialect = datasource.dialect() == null || datasource.dialect() == Dialect.AUTO
        ? Dialect.fromUrl(datasource.url()) : datasource.dialect();
    if (dialect == null) {
      throw new IllegalArgumentException("cannot tell the SQL dialect of " + datasource.name());
    }
    if (dialect == Dialect.H2 && h2CompatibilityMode(datasource.url())) {
      throw new IllegalArgumentException("datasource " + datasource.name() + ": H2 compatibility"
          + " modes (MODE=…) change how SQL text is read; Gatehouse analyses H2's regular mode");
    }
    String database = databaseName(dialect, datasource.url());
    String schema = datasource.defaultSchema();
    if (schema == null && dialect == Dialect.MARIADB) {
      schema = database;
    }
    return defaults(dialect, dialect == Dialect.MARIADB ? null : database, schema);
  }

  /** These settings with another text length limit. */
  public AnalyzerSettings withMaxSqlLength(int length) {
    return new AnalyzerSettings(dialect, catalog, defaultSchema, length, maxNestingDepth,
        parseBudget, cacheMaxWeight);
  }

  /** These settings with another nesting limit. */
  public AnalyzerSettings withMaxNestingDepth(int depth) {
    return new AnalyzerSettings(dialect, catalog, defaultSchema, maxSqlLength, depth,
        parseBudget, cacheMaxWeight);
  }

  /** These settings with another parse time budget. */
  public AnalyzerSettings withParseBudget(Duration budget) {
    return new AnalyzerSettings(dialect, catalog, defaultSchema, maxSqlLength, maxNestingDepth,
        budget, cacheMaxWeight);
  }

  /** These settings with another cache bound. */
  public AnalyzerSettings withCacheMaxWeight(long weight) {
    return new AnalyzerSettings(dialect, catalog, defaultSchema, maxSqlLength, maxNestingDepth,
        parseBudget, weight);
  }

  private static boolean h2CompatibilityMode(String url) {
    for (String setting : url.split(";")) {
      String[] kv = setting.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("MODE")
          && !kv[1].trim().equalsIgnoreCase("REGULAR")) {
        return true;
      }
    }
    return false;
  }

  /** The database named in a JDBC URL, or {@code null} when it names none we can tell. */
  static String databaseName(Dialect dialect, String url) {
    if (url == null) {
      return null;
    }
    String rest;
    if (dialect == Dialect.H2) {
      rest = url.substring(url.indexOf(':', "jdbc:".length()) + 1);
      int semicolon = rest.indexOf(';');
      rest = semicolon < 0 ? rest : rest.substring(0, semicolon);
      int cut = Math.max(rest.lastIndexOf('/'), Math.max(rest.lastIndexOf(':'),
          rest.lastIndexOf('\\')));
      String name = rest.substring(cut + 1);
      return name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*") ? null : name;
    }
    int hosts = url.indexOf("//");
    int slash = hosts < 0 ? url.lastIndexOf(':') : url.indexOf('/', hosts + 2);
    if (slash < 0) {
      return null;
    }
    String name = url.substring(slash + 1);
    int query = name.indexOf('?');
    name = query < 0 ? name : name.substring(0, query);
    return name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_$]*") ? null : name;
  }
}
