package dev.gatehouse.sidecar.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one statement does, as far as the policy needs to know (SPEC §5).
 *
 * <p><b>When {@link #notUnderstood()} is present, every other field except the text, span and
 * fingerprint is empty and must be read as "unknown", never as "nothing"</b>: the policy denies
 * the statement with SQLState 42601 and that reason.
 *
 * <p>The analysis is computed from the statement's cache key, in which simple literals are
 * replaced by placeholders, so no field depends on a literal's value.
 *
 * @param text the statement exactly as it appears in the request, without the separating
 *     semicolon and without surrounding whitespace and comments: what the executor runs
 * @param start offset of {@code text} in the request
 * @param end offset just after {@code text} in the request
 * @param kinds what the statement does; a data-modifying CTE or EXPLAIN ANALYZE adds the kinds of
 *     what it runs. See {@link StatementKind}.
 * @param tablesRead real tables (and views) the statement reads or otherwise references without
 *     changing them, including those only in subqueries, CTE bodies, EXPLAIN, LOCK and DESCRIBE;
 *     CTE names are not tables. An unqualified {@code pg_*} name in PostgreSQL appears twice,
 *     under {@code pg_catalog} and the default schema.
 * @param tablesWritten tables whose rows, definition or privileges the statement changes:
 *     INSERT/UPDATE/DELETE/MERGE targets, SELECT … INTO and CREATE TABLE … AS targets, the object
 *     of CREATE, ALTER, DROP, TRUNCATE, COMMENT, RENAME and GRANT
 * @param columns every use of a real table's column, attributed to its table(s) and clause
 * @param functions every function and procedure called, in FROM or in expressions
 * @param dangerous catalogue hits: calls and forms that act outside the data; the policy denies
 *     the statement unless a rule names each one
 * @param tablesWithoutWhere tables that a SELECT, UPDATE or DELETE reads or changes with no
 *     restricting WHERE (and every TRUNCATE target); see {@link #withoutWhere()}
 * @param hasLimit whether the outermost query (or UPDATE/DELETE) caps its rows with a literal
 *     LIMIT, FETCH FIRST or TOP; {@code LIMIT ?}, {@code LIMIT ALL} and percentages do not count
 * @param lineage where each column of the statement's result comes from: the select list of a
 *     query, the RETURNING list of INSERT/UPDATE/DELETE; {@link ResultLineage#NONE} for
 *     statements without a result set (including {@code SELECT … INTO}, EXPLAIN, SHOW, CALL,
 *     whose results carry no table data the analysis can follow); computed from the cache key,
 *     so never dependent on literal values
 * @param fingerprint a hash of the statement's cache key: equal for statements that differ only
 *     in simple literals, comments and whitespace (for audit, rate limits and grouping)
 * @param notUnderstood why the statement could not be analysed with certainty, if it could not
 * @param parsed the handle the rewrite step uses to get a parse tree of {@code text}
 */
public record StatementAnalysis(
    String text,
    int start,
    int end,
    Set<StatementKind> kinds,
    Set<TableName> tablesRead,
    Set<TableName> tablesWritten,
    List<ColumnUse> columns,
    Set<FunctionName> functions,
    Set<DangerousUse> dangerous,
    Set<TableName> tablesWithoutWhere,
    boolean hasLimit,
    ResultLineage lineage,
    String fingerprint,
    Optional<String> notUnderstood,
    ParsedStatement parsed) {

  public StatementAnalysis {
    Objects.requireNonNull(text, "text");
    kinds = Set.copyOf(kinds);
    tablesRead = Set.copyOf(tablesRead);
    tablesWritten = Set.copyOf(tablesWritten);
    columns = List.copyOf(columns);
    functions = Set.copyOf(functions);
    dangerous = Set.copyOf(dangerous);
    tablesWithoutWhere = Set.copyOf(tablesWithoutWhere);
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(notUnderstood, "notUnderstood");
    Objects.requireNonNull(parsed, "parsed");
  }

  /**
   * The plainest read of {@code table} a principal could send: {@code SELECT column FROM table
   * WHERE <restricting> LIMIT 1} (no column at all when {@code column} is null). The sidecar
   * asks the policy about it before it shows a table or column in {@code DatabaseMetaData}: if
   * even this read would be denied, the agent may read nothing of it, and its name stays hidden.
   * Built directly rather than parsed, so a name no SQL text could carry still gets a verdict.
   *
   * @param table the table, canonical
   * @param column the column, canonical, or {@code null} for the table alone
   */
  public static StatementAnalysis plainRead(TableName table, String column) {
    String text = "SELECT " + (column == null ? "1" : column) + " FROM " + table.qualified()
        + " (metadata visibility)";
    List<ColumnUse> columns = column == null ? List.of()
        : List.of(new ColumnUse(Set.of(table), column, ColumnUsage.PROJECTION));
    return new StatementAnalysis(text, 0, text.length(), Set.of(StatementKind.SELECT),
        Set.of(table), Set.of(), columns, Set.of(), Set.of(), Set.of(), true, ResultLineage.NONE,
        "", Optional.empty(), ParsedStatement.none(text, null));
  }

  public boolean understood() {
    return notUnderstood.isEmpty();
  }

  /** Every table the statement touches, read or written. */
  public Set<TableName> tables() {
    Set<TableName> all = new HashSet<>(tablesRead);
    all.addAll(tablesWritten);
    return all;
  }

  /**
   * True when a SELECT, UPDATE or DELETE in the statement touches a table without a restricting
   * WHERE: no WHERE, or one that mentions none of the table's columns ({@code WHERE 1=1}), or an
   * OR with such a branch ({@code WHERE id = 5 OR true}). See {@code tablesWithoutWhere}.
   */
  public boolean withoutWhere() {
    return !tablesWithoutWhere.isEmpty();
  }

  /** The policy's {@code without_where} for one table. */
  public boolean withoutWhere(TableName table) {
    return tablesWithoutWhere.contains(table);
  }

  /** True when a catalogue entry of that name was hit (case-insensitive). */
  public boolean isDangerous(String name) {
    for (DangerousUse d : dangerous) {
      if (d.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
