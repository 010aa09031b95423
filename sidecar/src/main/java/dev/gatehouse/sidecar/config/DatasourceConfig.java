package dev.gatehouse.sidecar.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One backend database. The credential lives here and nowhere else.
 *
 * @param name the name agents use in {@code jdbc:gatehouse://host:port/NAME}
 * @param url the backend JDBC URL
 * @param username backend user (may be null when the URL carries it, as for H2 demos)
 * @param password resolved backend password; never logged, never sent to a driver
 * @param defaultSchema schema unqualified names resolve to (dialect default when null)
 * @param dialect which SQL dialect to analyse with; {@link Dialect#AUTO} derives it from the URL
 * @param pool connection pool settings
 * @param initScripts SQL scripts run once when the pool starts (demo and test seeding)
 * @param properties extra backend driver properties
 * @param maskingKey the secret the {@code hash} masking method is keyed with ({@code
 *     masking_key}); {@code null} for a random key per start
 */
public record DatasourceConfig(
    String name,
    String url,
    String username,
    Secret password,
    String defaultSchema,
    Dialect dialect,
    PoolConfig pool,
    List<String> initScripts,
    Map<String, String> properties,
    Secret maskingKey) {

  private static final Pattern URL_SECRETS =
      Pattern.compile("(?i)(//[^/:@]*:)[^/@]*(@)|((?:password|passwd|pwd)=)[^&;]*");

  public DatasourceConfig {
    initScripts = List.copyOf(initScripts);
    properties = Map.copyOf(properties);
  }

  /** A datasource without a masking key (hashes keyed randomly per start). */
  public DatasourceConfig(String name, String url, String username, Secret password,
      String defaultSchema, Dialect dialect, PoolConfig pool, List<String> initScripts,
      Map<String, String> properties) {
    this(name, url, username, password, defaultSchema, dialect, pool, initScripts, properties,
        null);
  }

  /**
   * Leaves out what may be a credential: the password, a password inside the URL and the values
   * of driver properties ({@code sslpassword}, tokens …). A record's generated {@code toString}
   * would print them into the first log line or exception that mentions the datasource.
   */
  @Override
  public String toString() {
    return "DatasourceConfig[name="
        + name
        + ", url="
        + URL_SECRETS.matcher(url).replaceAll("$1$3***$2")
        + ", username="
        + username
        + ", password="
        + password
        + ", defaultSchema="
        + defaultSchema
        + ", dialect="
        + dialect
        + ", pool="
        + pool
        + ", initScripts="
        + initScripts
        + ", properties="
        + new TreeSet<>(properties.keySet())
        + " (values hidden)]";
  }

  /** SQL dialect of a backend. */
  public enum Dialect {
    AUTO,
    H2,
    POSTGRESQL,
    MARIADB;

    /** The dialect a JDBC URL implies, or {@code null} when it implies none we know. */
    public static Dialect fromUrl(String url) {
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
        return MARIADB;
      }
      return null;
    }
  }

  /**
   * Pool sizing.
   *
   * @param maxSize most backend connections this datasource opens
   * @param connectionTimeout how long a session waits for a free backend connection; 5 s by
   *     default, below the driver's default {@code connect_timeout} (10 s), so an agent
   *     connecting while the database is down hears "datasource … is unavailable" from the
   *     sidecar instead of giving up on the sidecar first
   */
  public record PoolConfig(int maxSize, Duration connectionTimeout) {
    public static final PoolConfig DEFAULT = new PoolConfig(16, Duration.ofSeconds(5));
  }
}
