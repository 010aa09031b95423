package dev.gatehouse.sidecar.config;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.DatasourceConfig.PoolConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code datasources:} — the backends and the credentials only the sidecar holds. */
final class DatasourceParser {
  /** Names appear in JDBC URLs and audit records; keep them to characters that need no escaping. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  static final int MAX_POOL_SIZE = 1000;

  private DatasourceParser() {}

  /** The datasources by name, or {@code null} after recording why they can't be used. */
  static Map<String, DatasourceConfig> parse(MappingReader root) {
    if (!root.has("datasources")) {
      root.problems()
          .error(
              root.locationOf("datasources"),
              "datasources: missing; add at least one datasource for agents to connect to");
      return null;
    }
    MappingReader datasources = root.mapping("datasources");
    if (datasources == null) {
      return null;
    }
    if (datasources.node().entries().isEmpty()) {
      root.problems()
          .error(
              root.locationOf("datasources"), "datasources: at least one datasource is required");
      return null;
    }
    Map<String, DatasourceConfig> byName = new LinkedHashMap<>();
    for (YamlNode.Entry entry : datasources.node().entries().values()) {
      DatasourceConfig datasource = datasource(entry, datasources.context());
      if (datasource != null) {
        byName.put(datasource.name(), datasource);
      }
    }
    return root.problems().hasErrors() ? null : byName;
  }

  private static DatasourceConfig datasource(YamlNode.Entry entry, LoadContext context) {
    String name = entry.key();
    String path = "datasources." + name;
    if (!NAME.matcher(name).matches()) {
      context
          .problems()
          .error(
              entry.keyLocation(),
              path + ": a datasource name may only use letters, digits, '_', '.' and '-'");
    }
    if (entry.value() instanceof YamlNode.Scalar
        && ((YamlNode.Scalar) entry.value()).text() == null) {
      context.problems().error(entry.keyLocation(), path + ": missing required key 'url'");
      return null;
    }
    MappingReader source = MappingReader.of(entry.value(), path, entry.keyLocation(), context);
    if (source == null) {
      return null;
    }
    source.allowOnly(
        "url",
        "username",
        "password",
        "default_schema",
        "dialect",
        "pool",
        "init_scripts",
        "properties",
        "masking_key");
    ScalarValue url = url(source);
    String username = source.string("username", null);
    Secret password = password(source);
    String defaultSchema = source.string("default_schema", null);
    Dialect dialect = dialect(source, url);
    PoolConfig pool = pool(source);
    List<String> initScripts = initScripts(source);
    Map<String, String> properties = properties(source);
    Secret maskingKey = maskingKey(source);
    if (context.problems().hasErrors()) {
      return null;
    }
    return new DatasourceConfig(
        name,
        url.text(),
        username,
        password,
        defaultSchema,
        dialect,
        pool,
        initScripts,
        properties,
        maskingKey);
  }

  /**
   * The secret the {@code hash} masking method is keyed with; at least 16 characters, and best
   * given as a reference. Without it the sidecar picks a random key at start, so hashes stay
   * stable only until it restarts.
   */
  private static Secret maskingKey(MappingReader source) {
    ScalarValue key = source.text("masking_key");
    if (key == null) {
      return null;
    }
    if (key.text().length() < 16) {
      source.problems().error(key.location(), source.pathOf("masking_key")
          + ": must be at least 16 characters (got " + key.text().length() + ")");
      return null;
    }
    if (!key.referenced()) {
      source.problems().warn(key.location(), source.pathOf("masking_key")
          + ": written in clear text in the configuration file; prefer ${env:NAME} or"
          + " ${file:PATH}");
    }
    return Secret.of(key.text());
  }

  private static ScalarValue url(MappingReader source) {
    ScalarValue url = source.requiredText("url");
    if (url == null) {
      return null;
    }
    // A sidecar pointing at a sidecar would judge statements twice with one credential it
    // doesn't hold; compared case-blind so JDBC:GATEHOUSE: can't slip past.
    if (url.text().toLowerCase(Locale.ROOT).startsWith("jdbc:gatehouse:")) {
      return source.invalid(
          url,
          "url",
          "is a Gatehouse URL; a datasource must point at the real database, not at a sidecar",
          null);
    }
    if (!url.text().startsWith("jdbc:")) {
      return source.invalid(
          url, "url", "expected a JDBC URL starting with 'jdbc:', got " + url.shown(), null);
    }
    if (!url.referenced() && url.text().toLowerCase(Locale.ROOT).contains("password=")) {
      source
          .problems()
          .warn(
              url.location(),
              source.pathOf("url")
                  + ": carries a password in clear text; move it to password: ${env:NAME} or"
                  + " ${file:PATH}");
    }
    return url;
  }

  /**
   * A password written in clear is accepted, since refusing it would only push people to
   * worse workarounds in demos, but it is reported as a warning that {@code check} and {@code
   * serve} print.
   */
  private static Secret password(MappingReader source) {
    ScalarValue password = source.text("password");
    if (password == null) {
      return null;
    }
    if (!password.referenced() && !password.text().isEmpty()) {
      source
          .problems()
          .warn(
              password.location(),
              source.pathOf("password")
                  + ": written in clear text in the configuration file; prefer ${env:NAME} or"
                  + " ${file:PATH}");
    }
    return Secret.of(password.text());
  }

  /** The dialect to analyse with; {@code auto} is resolved here so nothing later guesses. */
  private static Dialect dialect(MappingReader source, ScalarValue url) {
    Dialect dialect = source.choice("dialect", null, Dialect.class);
    if ((source.has("dialect") && dialect != Dialect.AUTO) || url == null) {
      return dialect; // as written, or null when it was not one of the dialects (reported)
    }
    Dialect implied = Dialect.fromUrl(url.text());
    if (implied == null) {
      source
          .problems()
          .error(
              source.has("dialect") ? source.get("dialect").location() : url.location(),
              source.pathOf("dialect")
                  + ": can't tell the SQL dialect from the URL; set dialect to h2, postgresql or"
                  + " mariadb");
    }
    return implied;
  }

  private static PoolConfig pool(MappingReader source) {
    MappingReader pool = source.mapping("pool");
    if (pool == null) {
      return PoolConfig.DEFAULT;
    }
    pool.allowOnly("max_size", "connection_timeout");
    int maxSize = pool.integer("max_size", PoolConfig.DEFAULT.maxSize(), 1, MAX_POOL_SIZE);
    Duration timeout =
        pool.duration("connection_timeout", PoolConfig.DEFAULT.connectionTimeout(), false);
    return new PoolConfig(maxSize, timeout);
  }

  private static List<String> initScripts(MappingReader source) {
    List<String> scripts = new ArrayList<>();
    List<ScalarValue> values = source.textList("init_scripts");
    for (int i = 0; i < values.size(); i++) {
      Path script =
          source.existingFile(values.get(i), source.pathOf("init_scripts") + "[" + i + "]");
      if (script != null) {
        scripts.add(script.toString());
      }
    }
    return scripts;
  }

  private static Map<String, String> properties(MappingReader source) {
    Map<String, String> properties = new LinkedHashMap<>();
    MappingReader mapping = source.mapping("properties");
    if (mapping == null) {
      return properties;
    }
    for (YamlNode.Entry entry : mapping.node().entries().values()) {
      ScalarValue value = mapping.scalar(entry.value(), mapping.pathOf(entry.key()));
      if (value != null) {
        properties.put(entry.key(), value.text());
      }
    }
    return properties;
  }
}
