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
  private final Map<ColumnKey, Set<TableName>> columns = new LinkedHashMap<>();
  boolean hasLimit;

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
   * Records that the values of {@code sources} are used as {@code usage}: one use per column
   * name, listing every table it may belong to.
   */
  void use(Set<SourceColumn> sources, ColumnUsage usage) {
    if (sources.isEmpty()) {
      return;
    }
    Map<String, Set<TableName>> byColumn = new LinkedHashMap<>();
    for (SourceColumn s : sources) {
      byColumn.computeIfAbsent(s.column(), c -> new LinkedHashSet<>()).add(s.table());
    }
    for (Map.Entry<String, Set<TableName>> e : byColumn.entrySet()) {
      Set<TableName> tables = Set.copyOf(e.getValue());
      columns.putIfAbsent(new ColumnKey(e.getKey(), usage, tables), tables);
    }
  }

  List<ColumnUse> columnUses() {
    List<ColumnUse> uses = new ArrayList<>(columns.size());
    for (ColumnKey key : columns.keySet()) {
      uses.add(new ColumnUse(key.tables(), key.column(), key.usage()));
    }
    return uses;
  }
}
