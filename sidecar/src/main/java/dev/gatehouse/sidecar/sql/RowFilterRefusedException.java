package dev.gatehouse.sidecar.sql;

/**
 * The row-filter rewrite cannot make a statement see only the rows its filters admit, so the
 * statement must not run (SPEC §5: fail closed). The message says why, for the agent; it never
 * holds a literal or a claim value. Checked, so no caller can forget that a filtered statement
 * may be refused.
 */
public final class RowFilterRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  RowFilterRefusedException(String reason) {
    super(reason, null, false, false);
  }
}
