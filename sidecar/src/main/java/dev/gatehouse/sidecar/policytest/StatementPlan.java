package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.mask.ResultMasking;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import java.util.List;
import java.util.Map;

/**
 * What the sidecar does with one statement once it is allowed, besides running it: the text it
 * sends to the database after the row filters, and how each column of the result is masked
 * (SPEC §5 {@code masking:}, {@code row_filters:}). Computed by the server's own code
 * ({@code ActivePolicy}, {@code MaskingView}, {@code ResultMasking}); {@code explain} shows it
 * and {@code test} checks {@code masked:} and {@code rewritten:} against it.
 *
 * @param statement the analysed statement
 * @param rewritten the statement as sent to the database, claim values as {@code ?}; {@code null}
 *     when no row filter applies to it for this principal (it is sent as written)
 * @param rowFilters the row filters applied, in policy order
 * @param refusal why the row filters refuse the statement ({@code rewritten} is then
 *     {@code null}); {@code null} when they do not
 * @param columns the result's columns in order with their masking; empty for a statement without
 *     a result; {@code null} when they are only known from the database (a {@code *} over a table
 *     whose columns were not given, or a result whose shape the analysis cannot follow)
 * @param starMasks when {@code columns} is {@code null}: for each table a {@code *} stands for,
 *     its columns masked for this principal (name → method and rule)
 * @param uncertain the analysis cannot follow the result's columns: every column that may derive
 *     from a masked one is fully redacted
 * @param detects content detectors scan every text value of the result
 */
public record StatementPlan(
    StatementAnalysis statement,
    String rewritten,
    List<String> rowFilters,
    String refusal,
    List<OutputColumn> columns,
    Map<String, Map<String, String>> starMasks,
    boolean uncertain,
    boolean detects) {

  public StatementPlan {
    rowFilters = List.copyOf(rowFilters);
    columns = columns == null ? null : List.copyOf(columns);
    starMasks = Map.copyOf(starMasks);
  }

  /**
   * One column of the result.
   *
   * @param position from 1
   * @param label the label the statement gives it (the alias or column name, in the dialect's
   *     canonical case); {@code null} for an unnamed expression
   * @param masking nothing, the rule's method (a plain pass-through of a masked column), or full
   *     redaction (a value derived from a masked column)
   * @param rule the masking rule, {@code whole row} or {@code uncertain lineage}; {@code null}
   *     when not masked
   * @param method how values are shown: the rule's method ({@code last4}, {@code null}, …), or
   *     {@code redact} for a derived value; {@code null} when not masked
   */
  public record OutputColumn(int position, String label, ResultMasking.Kind masking, String rule,
      String method) {
    public boolean masked() {
      return masking != ResultMasking.Kind.NONE;
    }

    /** The label, or {@code #N} (its position) for an unnamed column. */
    public String name() {
      return label != null ? label : "#" + position;
    }
  }
}
