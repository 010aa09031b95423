package dev.gatehouse.sidecar.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the walk over one statement has found so far; becomes a {@link StatementShape}. */
final class Findings {
  final Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
  final Set<TableName> read = new LinkedHashSet<>();
  final Set<TableName> written = new LinkedHashSet<>();
  final Set<FunctionName> functions = new LinkedHashSet<>();
  final Map<String, DangerousUse> dangers = new LinkedHashMap<>();
  final Set<TableName> withoutWhere = new LinkedHashSet<>();
  private final Map<ColumnKey, boolean[]> columns = new LinkedHashMap<>();
  boolean hasLimit;
  /** The lineage of the statement's result; set by the walk of a query or RETURNING. */
  ResultLineage lineage = ResultLineage.NONE;

  private record ColumnKey(String column, ColumnUsage usage, Set<TableName> tables) {}

  void kind(StatementKind kind) {
    kinds.add(kind);
  }

  void read(Collection<TableName> tables) {
    read.addAll(tables);
  }

  void written(Collection<TableName> tables) {
    written.addAll(tables);
  }

  void danger(DangerousUse use) {
    dangers.putIfAbsent(use.name(), use);
  }

  /**
   * Records that the values of {@code sources} are used as {@code usage}, in any form: one use
   * per column name, listing every table it may belong to.
   */
  void use(Set<SourceColumn> sources, ColumnUsage usage) {
    use(sources, usage, false);
  }

  /**
   * As {@link #use(Set, ColumnUsage)}; {@code equalityOnly} when the values are only compared by
   * equality or grouped on here. A column counts as equality-only in a usage only if every one
   * of its uses there is.
   */
  void use(Set<SourceColumn> sources, ColumnUsage usage, boolean equalityOnly) {
    if (sources.isEmpty()) {
      return;
    }
    Map<String, Set<TableName>> byColumn = new LinkedHashMap<>();
    for (SourceColumn s : sources) {
      byColumn.computeIfAbsent(s.column(), c -> new LinkedHashSet<>()).add(s.table());
    }
    for (Map.Entry<String, Set<TableName>> e : byColumn.entrySet()) {
      Set<TableName> tables = Set.copyOf(e.getValue());
      boolean[] equality = columns.computeIfAbsent(new ColumnKey(e.getKey(), usage, tables),
          k -> new boolean[] {true});
      equality[0] &= equalityOnly;
    }
  }

  List<ColumnUse> columnUses() {
    List<ColumnUse> uses = new ArrayList<>(columns.size());
    for (Map.Entry<ColumnKey, boolean[]> e : columns.entrySet()) {
      ColumnKey key = e.getKey();
      uses.add(new ColumnUse(key.tables(), key.column(), key.usage(), e.getValue()[0]));
    }
    return uses;
  }
}
