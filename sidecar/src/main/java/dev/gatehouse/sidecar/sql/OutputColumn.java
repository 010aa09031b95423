package dev.gatehouse.sidecar.sql;

import java.util.Set;

/**
 * One column a query produces, as seen by a query that uses it as a derived table or CTE.
 *
 * @param name its canonical name, or {@code null} when it has none the outer query could use
 * @param sources the real-table columns its value may derive from
 */
record OutputColumn(String name, Set<SourceColumn> sources) {
  OutputColumn {
    sources = Set.copyOf(sources);
  }
}
