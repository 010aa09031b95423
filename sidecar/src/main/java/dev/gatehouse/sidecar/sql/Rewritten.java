package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Objects;

/**
 * A statement rewritten for the row filters in force (SPEC §5 {@code row_filters}), and how to
 * bind its parameters.
 *
 * @param sql the statement to run instead of the agent's; the agent's own text when no filter
 *     applies to it
 * @param parameters one entry per {@code ?} of {@code sql}, in order: either one of the agent's
 *     parameters or a claim whose value the caller binds. Claim values are never part of
 *     {@code sql}.
 */
public record Rewritten(String sql, List<Parameter> parameters) {
  public Rewritten {
    Objects.requireNonNull(sql, "sql");
    parameters = List.copyOf(parameters);
  }

  /** What one {@code ?} of the rewritten statement is bound to. */
  public sealed interface Parameter permits AgentParameter, ClaimParameter {}

  /**
   * The agent's own parameter.
   *
   * @param index its position among the {@code ?} of the original statement, from 0
   */
  public record AgentParameter(int index) implements Parameter {}

  /**
   * A claim of the principal's token.
   *
   * @param path the claim path as the filter wrote it ({@code tenant} for
   *     {@code :claims.tenant}, {@code org.id} for {@code :claims.org.id})
   */
  public record ClaimParameter(String path) implements Parameter {}
}
