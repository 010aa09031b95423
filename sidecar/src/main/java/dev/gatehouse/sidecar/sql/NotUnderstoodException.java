package dev.gatehouse.sidecar.sql;

/**
 * Thrown inside the analysis when a statement cannot be analysed with certainty. It never
 * leaves the package: {@link SqlAnalyzer} turns it into a {@link StatementAnalysis} whose
 * {@code notUnderstood} reason the policy answers with SQLState 42601 (SPEC §5, "fail closed").
 *
 * <p>It carries no stack trace: it is control flow on a hot path, and the reason says it all.
 */
final class NotUnderstoodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean cacheable;

  NotUnderstoodException(String reason) {
    this(reason, true);
  }

  /**
   * @param cacheable false when the outcome depends on the moment (a time budget ran out under
   *     load), so the same text may be understood on another try and must not be cached
   */
  NotUnderstoodException(String reason, boolean cacheable) {
    super(reason, null, false, false);
    this.cacheable = cacheable;
  }

  /** The reason as the agent will read it, without the "not understood" prefix. */
  String reason() {
    return getMessage();
  }

  boolean cacheable() {
    return cacheable;
  }
}
