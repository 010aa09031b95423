package dev.gatehouse.sidecar.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names visible in one query block: its FROM entries, the CTEs in force, the block it is
 * nested in (for correlated references), and its select list (ORDER BY may name output columns).
 *
 * <p>CTE visibility follows PostgreSQL: a CTE is visible in the query that defines it and in
 * everything nested there; in its own body only with RECURSIVE; a later sibling sees earlier
 * ones. A CTE name shadows a real table only for unqualified names; a schema-qualified name
 * always denotes the real table.
 */
final class Scope {
  final Scope outer;
  final Ctes ctes;
  final List<Relation> relations = new ArrayList<>();
  List<OutputColumn> selectList = List.of();
  /**
   * Set when {@code *} over this block's FROM does not list each entry's columns in turn: a
   * JOIN … USING or NATURAL JOIN merges the joined columns, an aliased parenthesised join hides
   * its parts. The result's columns are then uncertain (issue #5, fail closed).
   */
  boolean starUncertain;
  /** Whether bare names may denote output columns of {@link #selectList}, and how. */
  Aliases aliases = Aliases.NONE;

  /** How bare names relate to output column names in the clause being walked. */
  enum Aliases {
    /** Only input columns (WHERE, select list). */
    NONE,
    /** An output column of that name wins (ORDER BY in PostgreSQL). */
    PREFERRED,
    /** Either may be meant; both count (GROUP BY, HAVING: rules differ per dialect). */
    EITHER
  }

  Scope(Scope outer, Ctes ctes) {
    this.outer = outer;
    this.ctes = ctes;
  }

  /** A frame of CTE definitions, chained to the frames of enclosing queries. */
  static final class Ctes {
    static final Ctes NONE = new Ctes(null);

    private final Ctes parent;
    private final Map<String, QueryOutput> defined = new HashMap<>();

    Ctes(Ctes parent) {
      this.parent = parent;
    }

    void define(String name, QueryOutput output) {
      defined.put(name, output);
    }

    /** The CTE an unqualified table name denotes, or {@code null} for a real table. */
    QueryOutput find(String name) {
      for (Ctes frame = this; frame != null; frame = frame.parent) {
        QueryOutput output = frame.defined.get(name);
        if (output != null) {
          return output;
        }
      }
      return null;
    }
  }
}
