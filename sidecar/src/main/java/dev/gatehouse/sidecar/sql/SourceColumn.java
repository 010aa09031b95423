package dev.gatehouse.sidecar.sql;

/**
 * A column of a real table that a value may come from; the building block that column lineage
 * (issue #5) grows from.
 *
 * @param table the table
 * @param column the canonical column name, or {@link ColumnUse#WHOLE_ROW} for the whole row
 */
record SourceColumn(TableName table, String column) {}
