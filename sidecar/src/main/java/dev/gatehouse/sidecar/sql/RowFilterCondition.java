package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A row filter's condition ({@code tenant_id = :claims.tenant}) compiled by
 * {@link RowFilters#compile} for one analyzer: checked once, and kept as text pieces with a slot
 * for the filtered table's name and a slot per claim, so a rewrite renders it without parsing.
 * Immutable; compile it when the policy loads.
 */
public final class RowFilterCondition {
  /** One piece of the rendered condition. */
  sealed interface Piece permits Text, Qualifier, Claim {}

  /** SQL text, copied as it is. */
  record Text(String sql) implements Piece {}

  /** Where the filtered table's alias (or name) qualifies a column. */
  record Qualifier() implements Piece {}

  /** A claim's value, bound as a parameter. */
  record Claim(String path) implements Piece {}

  private static final String FALSE = "1 = 0";

  private final String where;
  private final SqlAnalyzer analyzer;
  private final List<Piece> pieces;
  private final List<String> claims;
  private final Set<String> columns;
  private final Set<FunctionName> functions;

  RowFilterCondition(String where, SqlAnalyzer analyzer, List<Piece> pieces, List<String> claims,
      Set<String> columns, Set<FunctionName> functions) {
    this.where = Objects.requireNonNull(where, "where");
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.pieces = List.copyOf(pieces);
    this.claims = List.copyOf(claims);
    this.columns = Set.copyOf(columns);
    this.functions = Set.copyOf(functions);
  }

  /** The condition as the policy wrote it. */
  public String where() {
    return where;
  }

  /** The claim paths it needs, in order of appearance (a path may repeat). */
  public List<String> claims() {
    return claims;
  }

  SqlAnalyzer analyzer() {
    return analyzer;
  }

  /** The filtered table's columns it reads, canonical. */
  Set<String> columns() {
    return columns;
  }

  Set<FunctionName> functions() {
    return functions;
  }

  /**
   * Appends the condition with its columns qualified by {@code qualifier}, recording a claim
   * parameter for each {@code ?} it adds.
   */
  void render(String qualifier, StringBuilder out, List<Rewritten.Parameter> parameters) {
    for (Piece p : pieces) {
      if (p instanceof Text t) {
        out.append(t.sql());
      } else if (p instanceof Qualifier) {
        out.append(qualifier);
      } else {
        out.append('?');
        parameters.add(new Rewritten.ClaimParameter(((Claim) p).path()));
      }
    }
  }

  /** The condition of a principal that lacks a claim a filter needs: no row qualifies. */
  static void renderFalse(StringBuilder out) {
    out.append(FALSE);
  }

  @Override
  public String toString() {
    return "RowFilterCondition[" + where + "]";
  }
}
