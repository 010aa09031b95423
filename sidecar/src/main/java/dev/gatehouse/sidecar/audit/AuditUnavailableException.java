package dev.gatehouse.sidecar.audit;

/**
 * The audit record could not be written (disk full, file removed or replaced, permissions, log
 * closed). The caller must fail the statement closed: a statement whose record is not on disk
 * must not hand its result to the agent (SPEC §8).
 */
public final class AuditUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message) {
    super(message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
