package dev.gatehouse.sidecar.policy;

import java.time.Duration;

/**
 * {@code limits:} (SPEC §5). Zero means "no limit" for each.
 *
 * @param maxRows most rows any result returns; more are cut and the result marked truncated
 * @param statementTimeout longest a statement may run
 * @param maxSqlLength longest SQL text accepted (characters)
 * @param statementsPerMinute most statements one principal may send per minute
 */
public record Limits(
    long maxRows, Duration statementTimeout, int maxSqlLength, int statementsPerMinute) {
  /** Applied when the policy says nothing: generous, but never unbounded SQL text. */
  public static final Limits DEFAULT = new Limits(0, Duration.ZERO, 100_000, 0);
}
