package dev.gatehouse.sidecar.sql;

/**
 * A column of a real table that a value may come from; the building block that column lineage
 * (issue #5) grows from.
 *
 * @param table the table
 * @param column the canonical column name, or {@link ColumnUse#WHOLE_ROW} for the whole row
 */
public record SourceColumn(TableName table, String column) {
  /** True for the whole row of {@code table} ({@code t.*}, {@code row_to_json(t)}). */
  public boolean wholeRow() {
    return ColumnUse.WHOLE_ROW.equals(column);
  }
}
