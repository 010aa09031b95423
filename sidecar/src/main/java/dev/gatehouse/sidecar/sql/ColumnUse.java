package dev.gatehouse.sidecar.sql;

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
 */
public record ColumnUse(Set<TableName> tables, String column, ColumnUsage usage) {
  /** The column name of whole-row uses. */
  public static final String WHOLE_ROW = "*";

  public ColumnUse {
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
