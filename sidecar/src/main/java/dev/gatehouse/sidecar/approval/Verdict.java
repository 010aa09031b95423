package dev.gatehouse.sidecar.approval;

/**
 * How a held statement's wait ended.
 *
 * @param outcome approved, denied, timed out or withdrawn
 * @param reviewer the reviewer's subject (approved, denied), else {@code null}
 * @param reason the reviewer's reason, or why the wait ended
 */
public record Verdict(Outcome outcome, String reviewer, String reason) {
  /** How a wait ended. */
  public enum Outcome {
    APPROVED,
    DENIED,
    TIMED_OUT,
    WITHDRAWN
  }

  public String word() {
    return outcome.name().toLowerCase(java.util.Locale.ROOT);
  }
}
