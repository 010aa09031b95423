package dev.gatehouse.sidecar.sql;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a FROM clause (or a DML target) as name resolution sees it: a real table, or a
 * derived one (subquery, CTE reference, VALUES, table function) described by its
 * {@link QueryOutput}. Identity matters: each FROM entry is its own {@code Relation}, so the
 * WHERE analysis can tell which entries a predicate restricts.
 */
final class Relation {
  /** How the lookup of a column name in this relation turned out. */
  enum Match { NONE, MAYBE, DEFINITE }

  private final String alias;
  private final List<TableName> tables;
  private final QueryOutput output;

  private Relation(String alias, List<TableName> tables, QueryOutput output) {
    this.alias = alias;
    this.tables = tables;
    this.output = output;
  }

  /**
   * A real table.
   *
   * @param candidates the table, or the tables an unqualified name may denote (PostgreSQL's
   *     implicit {@code pg_catalog})
   * @param alias the canonical alias, or {@code null}
   */
  static Relation table(List<TableName> candidates, String alias) {
    return new Relation(alias, List.copyOf(candidates), null);
  }

  /** A derived table; {@code alias} may be {@code null} (PostgreSQL 16 allows that). */
  static Relation derived(String alias, QueryOutput output) {
    return new Relation(alias, List.of(), output);
  }

  boolean isTable() {
    return output == null;
  }

  /** The real tables of a base-table relation (usually one). */
  List<TableName> tables() {
    return tables;
  }

  String alias() {
    return alias;
  }

  /**
   * Whether a column qualifier ({@code c} in {@code c.x}, {@code public.customers} in
   * {@code public.customers.x}) denotes this relation. An aliased relation answers only to its
   * alias, as in PostgreSQL, H2 and MariaDB.
   */
  boolean answersTo(List<String> qualifier, NameResolver names) {
    if (alias != null) {
      return qualifier.size() == 1 && qualifier.get(0).equals(alias);
    }
    if (!isTable()) {
      return false;
    }
    for (TableName t : tables) {
      if (qualifier.size() == 1 && qualifier.get(0).equals(t.table())) {
        return true;
      }
      if (qualifier.size() == 2 && qualifier.get(0).equals(t.schema())
          && qualifier.get(1).equals(t.table())) {
        return true;
      }
      if (qualifier.size() == 3 && qualifier.get(1).equals(t.schema())
          && qualifier.get(2).equals(t.table())) {
        return true;
      }
    }
    return false;
  }

  /** Whether an unqualified name equals this relation's name (a PostgreSQL whole-row reference). */
  boolean isNamed(String name) {
    if (alias != null) {
      return alias.equals(name);
    }
    for (TableName t : tables) {
      if (t.table().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** How certainly this relation has a column of that name. */
  Match match(String column) {
    if (isTable()) {
      return Match.MAYBE;
    }
    for (OutputColumn c : output.columns()) {
      if (column.equals(c.name())) {
        return Match.DEFINITE;
      }
    }
    return output.hasUnknownColumns() ? Match.MAYBE : Match.NONE;
  }

  /** Where the values of a column of this relation may come from. */
  Set<SourceColumn> sourcesOf(String column) {
    Set<SourceColumn> sources = new HashSet<>();
    if (isTable()) {
      for (TableName t : tables) {
        sources.add(new SourceColumn(t, column));
      }
      return sources;
    }
    boolean named = false;
    for (OutputColumn c : output.columns()) {
      if (column.equals(c.name())) {
        sources.addAll(c.sources());
        named = true;
      }
    }
    if (!named) {
      for (TableName t : output.starTables()) {
        sources.add(new SourceColumn(t, column));
      }
      sources.addAll(output.opaqueSources());
    }
    return sources;
  }

  /**
   * How a column of this relation relates to its sources: a real table's column is itself; a
   * derived table's column is what its query made of it; a name only an unknown part of the
   * output may have is derived from everything there.
   */
  Derivation derivationOf(String column) {
    if (isTable()) {
      return Derivation.DIRECT;
    }
    Derivation d = null;
    for (OutputColumn c : output.columns()) {
      if (column.equals(c.name())) {
        d = Derivation.either(d, c.derivation());
      }
    }
    if (d != null) {
      return d;
    }
    return output.opaque() ? Derivation.DERIVED : Derivation.DIRECT;
  }

  /** Every source of the whole row: {@code *}, {@code t.*}, {@code row_to_json(t)}. */
  Set<SourceColumn> wholeRow() {
    if (isTable()) {
      Set<SourceColumn> sources = new LinkedHashSet<>();
      for (TableName t : tables) {
        sources.add(new SourceColumn(t, ColumnUse.WHOLE_ROW));
      }
      return sources;
    }
    return output.allSources();
  }

  /**
   * What {@code *} over this relation outputs. A name that may denote several real tables
   * (PostgreSQL's implicit {@code pg_catalog}) has columns in an order nobody can tell.
   */
  QueryOutput starOutput() {
    if (isTable()) {
      if (tables.size() == 1) {
        return new QueryOutput(List.of(new QueryOutput.Star(tables.get(0))), false, Set.of());
      }
      return QueryOutput.opaque(wholeRow());
    }
    return output;
  }
}
