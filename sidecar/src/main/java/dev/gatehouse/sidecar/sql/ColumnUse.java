package dev.gatehouse.sidecar.sql;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One use of a column of a real table.
 *
 * <p>A reference is attributed to tables as far as the statement itself tells: a qualifier or a
 * single-table scope makes it exact; an unqualified column in a scope with several tables (or
 * a correlated subquery, or a {@code *} subquery) could belong to any of them, and all are
 * listed. References through aliases, subqueries and CTEs are followed to the real tables.
 * Consumers must treat a use as touching every listed table.
 *
 * @param tables the tables the column may belong to; one when the reference is unambiguous
 * @param column the column name in canonical case, or {@code "*"} for the whole row
 *     ({@code SELECT *}, {@code t.*}, {@code row_to_json(t)})
 * @param usage where the column is used
 * @param equalityOnly for {@link ColumnUsage#PREDICATE}, {@link ColumnUsage#JOIN} and
 *     {@link ColumnUsage#GROUPING} (never for others): true when every use of the column there
 *     compares the column itself (or a pass-through of it: an alias, a derived table's or CTE's
 *     column, a cast to unbounded text) by equality, and nothing more. Equality is {@code =},
 *     {@code IN (…)} and {@code = ANY (SELECT …)} at the top of a condition or under AND/OR,
 *     {@code IS [NOT] NULL}, {@code JOIN … USING} and NATURAL, {@code GROUP BY} / window
 *     {@code PARTITION BY} / {@code DISTINCT ON} the bare column, the argument of
 *     {@code count(…)}, and the select list of a subquery under IN, {@code =} or EXISTS. Not
 *     equality: {@code <>}, NOT, {@code NOT IN}, ranges, BETWEEN, LIKE and regular expressions,
 *     IS DISTINCT FROM, any function or operator of the column, CASE, and every ORDER BY (the
 *     order reveals the values). Under {@code predicates: equality} only equality-only uses of
 *     a masked column are allowed (issue #5).
 */
public record ColumnUse(Set<TableName> tables, String column, ColumnUsage usage,
    boolean equalityOnly) {
  /** The column name of whole-row uses. */
  public static final String WHOLE_ROW = "*";

  private static final Set<ColumnUsage> EQUALITY_USAGES =
      EnumSet.of(ColumnUsage.PREDICATE, ColumnUsage.JOIN, ColumnUsage.GROUPING);

  /** A use in any form (not equality-only). */
  public ColumnUse(Set<TableName> tables, String column, ColumnUsage usage) {
    this(tables, column, usage, false);
  }

  public ColumnUse {
    equalityOnly &= EQUALITY_USAGES.contains(usage);
    tables = Set.copyOf(tables);
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(usage, "usage");
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a column use needs at least one table");
    }
  }

  /** True when the statement does not say which one of several tables the column belongs to. */
  public boolean ambiguous() {
    return tables.size() > 1;
  }

  /**
   * True when this use may touch {@code column} of {@code table} (canonical names, as
   * {@link NameResolver#column(String)} gives them): the table is a candidate and the use names
   * the column or the whole row.
   */
  public boolean touches(TableName table, String column) {
    return tables.contains(table) && (this.column.equals(column) || wholeRow());
  }

  /** True for {@code *}, {@code t.*} and whole-row references. */
  public boolean wholeRow() {
    return WHOLE_ROW.equals(column);
  }
}
