package dev.gatehouse.sidecar.sql;

import java.util.Objects;
import java.util.Set;

/**
 * One column a query produces, as seen by a query that uses it as a derived table or CTE, and
 * as the lineage of a statement's result.
 *
 * @param name its canonical name, or {@code null} when it has none the outer query could use
 * @param sources the real-table columns its value may derive from
 * @param derivation how its value relates to {@code sources}
 */
record OutputColumn(String name, Set<SourceColumn> sources, Derivation derivation)
    implements QueryOutput.Entry {
  OutputColumn {
    sources = Set.copyOf(sources);
    Objects.requireNonNull(derivation, "derivation");
  }

  ColumnLineage lineage() {
    return new ColumnLineage(name, sources, derivation);
  }
}
