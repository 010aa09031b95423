package dev.gatehouse.sidecar.exec;

/**
 * What a statement does, as far as running it on the backend is concerned: whether its result
 * should stream in a transaction of its own in auto-commit (see {@link
 * BackendSession#lease(QueryKind)}), and whether that transaction's commit may finish
 * after the result has been delivered.
 */
public enum QueryKind {
  /** Writes, DDL, or anything else that is not only a query: runs as the session says. */
  OTHER,
  /**
   * Only reads, but calls functions (which may write, take advisory locks, use sequences): its
   * own transaction commits before the agent sees the end of its result, as auto-commit would.
   */
  QUERY,
  /**
   * Only reads tables and calls no function: its own transaction changes nothing, so nothing the
   * agent does next depends on when it commits, and the commit finishes in the background.
   */
  PLAIN_QUERY
}
