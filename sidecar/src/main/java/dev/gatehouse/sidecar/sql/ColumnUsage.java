package dev.gatehouse.sidecar.sql;

/** Where in a statement a column is used; masking and predicate rules care about the difference. */
public enum ColumnUsage {
  /** Its value leaves the database: select list, RETURNING, scalar subqueries in them. */
  PROJECTION,
  /** It decides which rows qualify: WHERE, HAVING, FILTER (WHERE …), subqueries used there. */
  PREDICATE,
  /** It relates two tables: JOIN … ON, USING, NATURAL. */
  JOIN,
  /** ORDER BY, including window ORDER BY, and ordinal ORDER BY positions. */
  ORDERING,
  /** GROUP BY, window PARTITION BY, DISTINCT ON. */
  GROUPING,
  /** It is written: INSERT column list, UPDATE SET target, MERGE targets. */
  WRITE_TARGET,
  /** Its value is written somewhere: INSERT … SELECT, UPDATE SET values, CREATE TABLE AS. */
  WRITE_SOURCE,
  /** Any other place: LIMIT expressions, table-function and CALL arguments, SET values. */
  OTHER
}
