package dev.gatehouse.sidecar.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a query produces: named columns, plus whole tables whose columns it passes through
 * unnamed ({@code SELECT *}, {@code t.*}), plus sources of columns we cannot name at all (a
 * table function's output). Used to resolve references to derived tables and CTEs.
 *
 * @param columns the columns, in order
 * @param starTables tables expanded by {@code *} whose column names are unknown without metadata
 * @param opaque true when any column name may exist (table functions); such columns derive from
 *     {@code opaqueSources}
 * @param opaqueSources what the unnamed columns of an opaque output derive from
 */
record QueryOutput(List<OutputColumn> columns, Set<TableName> starTables, boolean opaque,
    Set<SourceColumn> opaqueSources) {

  QueryOutput {
    columns = List.copyOf(columns);
    starTables = Set.copyOf(starTables);
    opaqueSources = Set.copyOf(opaqueSources);
  }

  static QueryOutput opaque(Set<SourceColumn> sources) {
    return new QueryOutput(List.of(), Set.of(), true, sources);
  }

  /** True when the output has unnamed columns, so positions and names are unknown. */
  boolean hasUnknownColumns() {
    return !starTables.isEmpty() || opaque;
  }

  /** Every source any column of this output may derive from (the whole-row view). */
  Set<SourceColumn> allSources() {
    Set<SourceColumn> all = new HashSet<>(opaqueSources);
    for (OutputColumn c : columns) {
      all.addAll(c.sources());
    }
    for (TableName t : starTables) {
      all.add(new SourceColumn(t, ColumnUse.WHOLE_ROW));
    }
    return all;
  }

  /**
   * The output with its columns renamed by a column alias list ({@code AS x(a, b)}). When the
   * names or positions are unknown, the renamed columns may derive from anything in it.
   */
  QueryOutput renamed(List<String> names) {
    List<OutputColumn> renamed = new ArrayList<>(names.size());
    if (!hasUnknownColumns() && names.size() <= columns.size()) {
      for (int i = 0; i < names.size(); i++) {
        renamed.add(new OutputColumn(names.get(i), columns.get(i).sources()));
      }
      for (int i = names.size(); i < columns.size(); i++) {
        renamed.add(columns.get(i));
      }
      return new QueryOutput(renamed, Set.of(), false, Set.of());
    }
    Set<SourceColumn> all = allSources();
    for (String name : names) {
      renamed.add(new OutputColumn(name, all));
    }
    return new QueryOutput(renamed, Set.of(), true, all);
  }
}
