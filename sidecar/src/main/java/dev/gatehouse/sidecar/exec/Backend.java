package dev.gatehouse.sidecar.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend database: its connection pool, its dialect and the facts the driver answers
 * locally. The credential is handed to the pool here and goes nowhere else.
 */
public final class Backend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Backend.class);

  private final DatasourceConfig config;
  private final Dialect dialect;
  private final HikariDataSource pool;
  /** Ends the transactions of plain queries after their results went out (see finishLater). */
  private final ExecutorService finisher;
  private volatile Map<String, String> databaseInfo;
  private final TableColumns tableColumns = new TableColumns(this);
  /** When idle connections were last retired after a lost one (see {@link #failure}). */
  private final AtomicLong lastRetiredNanos =
      new AtomicLong(System.nanoTime() - RETIRE_PAUSE_NANOS);

  /** At most one retirement of idle connections (and its log line) per this interval. */
  private static final long RETIRE_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** While the database stays unreachable, the log says so at most once per this interval. */
  private static final long UNAVAILABLE_LOG_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(30);
  /** When the current outage began (0: the last borrow succeeded). */
  private volatile long unavailableSinceNanos;
  private final AtomicLong lastUnavailableLogNanos = new AtomicLong();

  /**
   * Rows the first fetch of a streamed result asks for, before the width of its rows is known
   * (see {@link ResultSetEncoder#adaptFetchSize}). Eight rows of up to two megabytes each fit
   * the smallest fetch memory; a result of up to seven rows still ends with its first fetch.
   */
  private static final int FIRST_FETCH_ROWS = 8;
  private static final long MIN_FETCH_MEMORY = 16L << 20;
  private static final long MAX_FETCH_MEMORY = 256L << 20;

  /** What one statement's fetch may hold in the sidecar's heap (see {@link #fetchMemory}). */
  private final long fetchMemoryBytes;

  private Backend(DatasourceConfig config, Dialect dialect, HikariDataSource pool,
      ExecutorService finisher, long fetchMemoryBytes) {
    this.config = config;
    this.dialect = dialect;
    this.pool = pool;
    this.finisher = finisher;
    this.fetchMemoryBytes = fetchMemoryBytes;
  }

  /**
   * What one statement's fetch from the database may hold in the sidecar's heap: an eighth of
   * the heap, between 16 and 256 MB. PostgreSQL's driver enforces it ({@code maxResultBuffer},
   * unless the datasource's {@code properties} set their own): a fetch that would hold more
   * fails the statement instead of the sidecar running out of memory for every agent. Adapted
   * fetches aim at half of it (see {@link #fetchBudgetBytes}).
   */
  static long fetchMemory(long maxHeapBytes) {
    return Math.max(MIN_FETCH_MEMORY, Math.min(MAX_FETCH_MEMORY, maxHeapBytes / 8));
  }

  /** The memory adapted fetches aim at (see {@link ResultSetEncoder#adaptFetchSize}). */
  long fetchBudgetBytes() {
    return fetchMemoryBytes / 2;
  }

  /**
   * Whether the backend driver holds a whole fetch of rows ahead of the reader, so its fetch
   * size must follow the width of the rows. H2 runs lazily in this JVM and reads row by row.
   */
  boolean fetchesAhead() {
    return dialect == Dialect.POSTGRESQL || dialect == Dialect.MARIADB;
  }

  /** The first fetch of a statement given {@code fetchSize}: small where the driver fetches ahead. */
  int firstFetch(int fetchSize) {
    return fetchesAhead() ? Math.min(fetchSize, FIRST_FETCH_ROWS) : fetchSize;
  }

  /**
   * Creates the pool. The pool connects lazily, so a database that is down at start does not
   * stop the sidecar; sessions fail with 08001 until it is back.
   */
  public static Backend start(DatasourceConfig config) {
    // At most one task per borrowed connection, so the pool's size bounds the threads.
    return start(config, Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "gatehouse-finish-" + config.name());
      t.setDaemon(true);
      return t;
    }));
  }

  /** {@link #start(DatasourceConfig)} with the executor {@link #finishLater} runs its work on. */
  static Backend start(DatasourceConfig config, ExecutorService finisher) {
    Dialect dialect = config.dialect();
    if (dialect == null || dialect == Dialect.AUTO) {
      dialect = Dialect.fromUrl(config.url());
    }
    if (dialect == null) {
      throw new IllegalArgumentException(
          "datasource " + config.name() + ": cannot tell the SQL dialect from its URL");
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("gatehouse-" + config.name());
    hikari.setJdbcUrl(config.url());
    if (config.username() != null) {
      hikari.setUsername(config.username());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password().reveal());
    }
    hikari.setMaximumPoolSize(config.pool().maxSize());
    hikari.setMinimumIdle(Math.min(2, config.pool().maxSize()));
    hikari.setConnectionTimeout(config.pool().connectionTimeout().toMillis());
    // Do not fail the whole sidecar when one database is down at start.
    hikari.setInitializationFailTimeout(-1);
    hikari.setAutoCommit(true);
    config.properties().forEach(hikari::addDataSourceProperty);
    long fetchMemory = fetchMemory(Runtime.getRuntime().maxMemory());
    if (dialect == Dialect.POSTGRESQL && !config.properties().containsKey("maxResultBuffer")) {
      hikari.addDataSourceProperty("maxResultBuffer", String.valueOf(fetchMemory));
    }
    Backend backend =
        new Backend(config, dialect, new HikariDataSource(hikari), finisher, fetchMemory);
    backend.runInitScripts();
    return backend;
  }

  private void runInitScripts() {
    if (config.initScripts().isEmpty()) {
      return;
    }
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String script : config.initScripts()) {
        String sql =
            script.startsWith("classpath:")
                ? readClasspath(script.substring("classpath:".length()))
                : Files.readString(Path.of(script));
        for (String piece : ScriptSplitter.split(sql)) {
          s.execute(piece);
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "datasource " + config.name() + ": init script failed: " + e.getMessage(), e);
    }
  }

  private static String readClasspath(String resource) throws IOException {
    try (var in = Backend.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no classpath resource " + resource);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Borrows a backend connection.
   *
   * @throws GatehouseException 08001 when the database cannot be reached in time
   */
  public Connection borrow() {
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      throw unavailable(
          "no backend connection within "
              + config.pool().connectionTimeout().toMillis()
              + " ms ("
              + rootMessage(e)
              + ")",
          e);
    } catch (SQLException e) {
      throw unavailable(rootMessage(e), e);
    }
    if (unavailableSinceNanos != 0) {
      unavailableSinceNanos = 0;
      log.info("datasource {} is reachable again", config.name());
    }
    return c;
  }

  /**
   * The 08001 an agent gets while the database cannot be reached, and the operator's log line:
   * the first failure of an outage and then one every {@link #UNAVAILABLE_LOG_PAUSE_NANOS}, not
   * one per statement.
   */
  private GatehouseException unavailable(String why, SQLException e) {
    long now = System.nanoTime();
    long since = unavailableSinceNanos;
    long last = lastUnavailableLogNanos.get();
    if (since == 0 || now - last >= UNAVAILABLE_LOG_PAUSE_NANOS) {
      if (lastUnavailableLogNanos.compareAndSet(last, now)) {
        log.warn("datasource {} is unavailable: {}; its statements fail with 08001 until it is"
            + " back", config.name(), why);
      }
    }
    if (since == 0) {
      unavailableSinceNanos = now;
    }
    return new GatehouseException(
        GatehouseException.CONNECTION_FAILED,
        "datasource " + config.name() + " is unavailable: " + why,
        null,
        0,
        e);
  }

  /**
   * Runs {@code work} on a connection that no statement needs any more (it ends the connection's
   * transaction and gives it back to the pool) on another thread, so that the statement's
   * result is not held back for a round trip to the database. Runs it here when the backend is
   * closing.
   */
  void finishLater(Runnable work) {
    try {
      finisher.execute(work);
    } catch (RejectedExecutionException closing) {
      work.run();
    }
  }

  /**
   * Closes a borrowed connection for good instead of returning it to the pool (see {@link
   * BackendSession.Lease#taint}); the pool opens a fresh one when it needs one.
   */
  void evict(Connection c) {
    if (c == null) {
      return;
    }
    try {
      pool.evictConnection(c);
    } catch (RuntimeException e) {
      log.debug("evicting a connection of datasource {} failed: {}", config.name(), e.toString());
      try {
        c.close();
      } catch (SQLException ignored) {
        // the pool validates connections before it lends them again
      }
    }
  }

  /**
   * What the agent sees of a failed backend call ({@link BackendErrors}), naming this datasource
   * when the connection was lost.
   *
   * <p>A lost connection rarely goes alone: when the database restarts or the network between
   * drops, every pooled connection is dead, and HikariCP does not test a connection used in the
   * last half second before lending it again. Left alone, each dead idle connection would fail
   * one more agent statement. So the first loss retires all idle connections at once (in-use ones
   * when they come back); the pool then opens fresh ones as sessions need them.
   */
  GatehouseException failure(String context, SQLException e) {
    GatehouseException g = BackendErrors.translate(config.name(), context, e);
    // a fetch over the sidecar's memory limit breaks only its own connection (the pool drops
    // it); the database is fine, so the other connections stay
    if (BackendErrors.isConnectionLoss(e) && !BackendErrors.isFetchMemoryExceeded(e)) {
      retireConnections(e);
    }
    return g;
  }

  private void retireConnections(SQLException cause) {
    long last = lastRetiredNanos.get();
    long now = System.nanoTime();
    if (now - last < RETIRE_PAUSE_NANOS || !lastRetiredNanos.compareAndSet(last, now)) {
      return; // a burst of failures from one outage: retire (and log) once
    }
    log.warn("datasource {}: a backend connection was lost ({}); closing the pool's idle"
        + " connections, new ones are opened as sessions need them",
        config.name(), rootMessage(cause));
    var bean = pool.getHikariPoolMXBean();
    if (bean != null) {
      bean.softEvictConnections();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Scalar DatabaseMetaData answers, gathered once (see {@link DatabaseInfoCollector}). */
  public Map<String, String> databaseInfo() {
    Map<String, String> info = databaseInfo;
    if (info == null) {
      try (Connection c = borrow()) {
        info = DatabaseInfoCollector.collect(c.getMetaData());
        databaseInfo = info;
      } catch (SQLException e) {
        throw new GatehouseException(
            GatehouseException.CONNECTION_FAILED,
            "datasource " + config.name() + ": cannot read database metadata: " + e.getMessage(),
            null,
            e.getErrorCode(),
            e);
      }
    }
    return info;
  }

  public String name() {
    return config.name();
  }

  /** The columns of this database's tables, cached (for {@code *} in masking lineage). */
  public TableColumns tableColumns() {
    return tableColumns;
  }

  public Dialect dialect() {
    return dialect;
  }

  public DatasourceConfig config() {
    return config;
  }

  @Override
  public void close() {
    log.debug("closing pool of datasource {}", config.name());
    finisher.shutdown();
    try {
      // let connections being finished get back to the pool, which then closes them
      if (!finisher.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("datasource {}: backend connections still ending their transactions at close",
            config.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }
}
