package dev.gatehouse.sidecar.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a query produces, in order: named or computed columns, and whole tables whose columns it
 * passes through unnamed ({@code SELECT *}, {@code t.*}), plus, when {@link #opaque()}, columns
 * we cannot name or count at all (a table function's output). Used to resolve references to
 * derived tables and CTEs, and as the lineage of a statement's result ({@link #lineage()}).
 */
final class QueryOutput {
  /** One entry of an output: a column, or all columns of a real table. */
  sealed interface Entry permits OutputColumn, Star {}

  /** {@code *} or {@code t.*} over a real table: its columns, in the table's order, directly. */
  record Star(TableName table) implements Entry {}

  private final List<Entry> entries;
  private final List<OutputColumn> columns;
  private final Set<TableName> starTables;
  private final boolean opaque;
  private final Set<SourceColumn> opaqueSources;

  /**
   * @param entries the output's entries in order
   * @param opaque true when any column name may exist and the number and order of the columns
   *     are unknown (table functions, shapes we cannot line up); such columns derive from
   *     {@code opaqueSources}
   * @param opaqueSources what the unknown columns of an opaque output derive from
   */
  QueryOutput(List<? extends Entry> entries, boolean opaque, Set<SourceColumn> opaqueSources) {
    this.entries = List.copyOf(entries);
    List<OutputColumn> named = new ArrayList<>(entries.size());
    Set<TableName> stars = new LinkedHashSet<>();
    for (Entry e : entries) {
      if (e instanceof OutputColumn) {
        named.add((OutputColumn) e);
      } else {
        stars.add(((Star) e).table());
      }
    }
    this.columns = List.copyOf(named);
    this.starTables = Set.copyOf(stars);
    this.opaque = opaque;
    this.opaqueSources = Set.copyOf(opaqueSources);
  }

  /** An output of only these columns. */
  static QueryOutput of(List<OutputColumn> columns) {
    return new QueryOutput(columns, false, Set.of());
  }

  static QueryOutput opaque(Set<SourceColumn> sources) {
    return new QueryOutput(List.of(), true, sources);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The columns, in order, without the stars. */
  List<OutputColumn> columns() {
    return columns;
  }

  /** Tables expanded by {@code *} whose column names are unknown without metadata. */
  Set<TableName> starTables() {
    return starTables;
  }

  boolean opaque() {
    return opaque;
  }

  Set<SourceColumn> opaqueSources() {
    return opaqueSources;
  }

  /** True when the output has unnamed columns, so positions and names are unknown. */
  boolean hasUnknownColumns() {
    return !starTables.isEmpty() || opaque;
  }

  /** Every source any column of this output may derive from (the whole-row view). */
  Set<SourceColumn> allSources() {
    Set<SourceColumn> all = new LinkedHashSet<>(opaqueSources);
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
        OutputColumn c = columns.get(i);
        renamed.add(new OutputColumn(names.get(i), c.sources(), c.derivation()));
      }
      renamed.addAll(columns.subList(names.size(), columns.size()));
      return of(renamed);
    }
    Set<SourceColumn> all = allSources();
    for (String name : names) {
      renamed.add(new OutputColumn(name, all, Derivation.DERIVED));
    }
    return new QueryOutput(renamed, true, all);
  }

  /** This output as the lineage of a statement's result. */
  ResultLineage lineage() {
    if (opaque) {
      return new ResultLineage(List.of(), true, allSources());
    }
    List<ResultLineage.Item> items = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (e instanceof OutputColumn) {
        items.add(new ResultLineage.Item.Column(((OutputColumn) e).lineage()));
      } else {
        items.add(new ResultLineage.Item.Star(((Star) e).table()));
      }
    }
    return new ResultLineage(items, false, Set.of());
  }
}
