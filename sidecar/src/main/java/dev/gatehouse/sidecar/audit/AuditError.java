package dev.gatehouse.sidecar.audit;

import java.util.Objects;

/**
 * The error a statement ended with, as the agent saw it: {@code {"message": …, "sql_state": …}}.
 *
 * <p>The message must already be scrubbed of masked values by the caller (SPEC §5: masked
 * originals never reach the audit log).
 */
public record AuditError(String sqlState, String message) {
  public AuditError {
    Objects.requireNonNull(sqlState, "sqlState");
    Objects.requireNonNull(message, "message");
  }
}
