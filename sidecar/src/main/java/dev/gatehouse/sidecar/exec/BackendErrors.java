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
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"))) {
      return new GatehouseException(
          GatehouseException.CONNECTION_LOST,
          "the database connection was lost" + (context == null ? "" : " (" + context + ")")
              + ": " + e.getMessage(),
          null,
          e.getErrorCode(),
          e);
    }
    if (state == null || state.length() != 5) {
      state = "HY000";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new GatehouseException(state, msg, null, e.getErrorCode(), e);
  }
}
