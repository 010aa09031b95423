package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import dev.gatehouse.sidecar.policy.Effect;
import java.util.List;

/**
 * The {@code expect:} of a case. Only {@code decision} is required; every other part, when
 * written, is checked and can fail the case.
 *
 * @param decision allow, deny or approve
 * @param rule the deciding rule's name; {@link #NO_RULE} when no rule may decide (the default, a
 *     dangerous function, "not understood"); {@code null} when not asserted
 * @param sqlState the SQLState of the refusal ({@code 42501}, {@code 42601}), or {@code null}
 * @param messageContains text the agent's message must contain, or {@code null}
 * @param rows the rows the statement must return on the seed, in order; {@code null} when not
 *     asserted
 * @param masked output columns that must be masked (issue #5); {@code null} when not asserted
 * @param rewritten the SQL after row filters (issue #5); {@code null} when not asserted
 * @param location where {@code expect:} is written
 */
public record Expectation(
    Effect decision,
    String rule,
    String sqlState,
    String messageContains,
    List<List<ExpectedValue>> rows,
    List<String> masked,
    String rewritten,
    Location location) {
  /** {@code rule: none}: the decision must not come from a rule. */
  public static final String NO_RULE = "none";

  public Expectation {
    rows = rows == null ? null : rows.stream().map(List::copyOf).toList();
    masked = masked == null ? null : List.copyOf(masked);
  }

  /**
   * One expected value of a result row, as written in the case file.
   *
   * @param text the text, {@code null} for SQL NULL ({@code ~} or {@code null})
   * @param quoted whether it was quoted: a quoted value compares as text only, an unquoted
   *     number compares by numeric value ({@code 129} equals {@code 129.00})
   */
  public record ExpectedValue(String text, boolean quoted) {
    @Override
    public String toString() {
      return text == null ? "null" : quoted ? "'" + text + "'" : text;
    }
  }
}
