package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The analysis of a statement's key text, without the text itself: what the cache holds and
 * every statement sharing the key shares. See {@link StatementAnalysis} for the fields.
 *
 * @param parseable whether {@link ParsedStatement#tree()} can give a JSqlParser tree for it
 *     (false for forms recognised without the parser, such as BEGIN or EXPLAIN ANALYZE)
 */
record StatementShape(
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
    boolean parseable) {

  StatementShape {
    kinds = Set.copyOf(kinds);
    tablesRead = Set.copyOf(tablesRead);
    tablesWritten = Set.copyOf(tablesWritten);
    columns = List.copyOf(columns);
    functions = Set.copyOf(functions);
    dangerous = Set.copyOf(dangerous);
    tablesWithoutWhere = Set.copyOf(tablesWithoutWhere);
  }

  static StatementShape understood(Findings f, String fingerprint, boolean parseable) {
    return new StatementShape(f.kinds, f.read, f.written, f.columnUses(), f.functions,
        Set.copyOf(f.dangers.values()), f.withoutWhere, f.hasLimit, f.lineage, fingerprint,
        Optional.empty(), parseable);
  }

  static StatementShape notUnderstood(String reason, String fingerprint) {
    return new StatementShape(Set.of(), Set.of(), Set.of(), List.of(), Set.of(), Set.of(),
        Set.of(), false, ResultLineage.NONE, fingerprint, Optional.of(reason), false);
  }

  /** Rough size in chars, for the cache weigher. */
  int weight(int keyLength) {
    return keyLength + 64 * (1 + tablesRead.size() + tablesWritten.size() + columns.size()
        + functions.size() + dangerous.size() + lineage.weight());
  }
}
