package dev.gatehouse.sidecar.exec;

import dev.gatehouse.sidecar.GatehouseException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns backend {@link SQLException}s into what the agent sees: the database's own SQLState and
 * message. (Scrubbing masked values out of these messages happens in the masking layer.)
 */
public final class BackendErrors {
  private BackendErrors() {}

  public static GatehouseException translate(String context, SQLException e) {
    return translate(null, context, e);
  }

  /**
   * As {@link #translate(String, SQLException)}, naming the datasource when the connection to it
   * was lost: an agent (or its operator) behind several datasources must know which one broke.
   *
   * @param datasource the datasource's name, or {@code null}
   */
  public static GatehouseException translate(String datasource, String context, SQLException e) {
    if (isFetchMemoryExceeded(e)) {
      // PostgreSQL's driver gave up a fetch at the sidecar's limit (Backend.fetchMemory); its
      // state says "connection" (08S01), but the database is fine and the agent can do something
      return new GatehouseException(FETCH_MEMORY_EXCEEDED,
          "the rows of this result are too large for the sidecar to fetch: " + e.getMessage()
              + ". Select fewer or narrower columns (a substring of a large value), or fewer"
              + " rows at a time (Statement.setFetchSize)",
          null, e.getErrorCode(), e);
    }
    if (isConnectionLoss(e)) {
      String which =
          datasource == null
              ? "the database connection"
              : "the connection to datasource " + datasource;
      return new GatehouseException(
          GatehouseException.CONNECTION_LOST,
          which + " was lost" + (context == null ? "" : " (" + context + ")")
              + ": " + e.getMessage(),
          null,
          e.getErrorCode(),
          e);
    }
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      state = "HY000";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new GatehouseException(state, msg, null, e.getErrorCode(), e);
  }

  /** SQLState of a result whose rows would not fit the sidecar's fetch memory. */
  static final String FETCH_MEMORY_EXCEEDED = "54000";

  /**
   * PostgreSQL's driver refusing to buffer more than {@code maxResultBuffer} bytes. Its message
   * is the only sign (the state is a connection state, 08S01), and pgjdbc translates its
   * messages into the JVM's language: matching the property's name, which a translation keeps,
   * rather than the English sentence. A message that matches neither still fails closed, as a
   * lost connection (08006).
   */
  static boolean isFetchMemoryExceeded(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("maxResultBuffer");
  }

  /** Whether {@code e} means the backend connection is gone (class 08 or its JDBC types). */
  static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"));
  }
}
