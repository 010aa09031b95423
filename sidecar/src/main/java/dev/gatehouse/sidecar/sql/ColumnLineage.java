package dev.gatehouse.sidecar.sql;

import java.util.Set;

/**
 * Where one output column of a result comes from.
 *
 * @param label the column's label in the result, canonical case, or {@code null} when unnamed
 * @param sources every real-table column its value may derive from ({@link SourceColumn#wholeRow}
 *     for a whole row); empty for a value that derives from no table (a literal, {@code now()})
 * @param derivation how the value relates to its sources
 */
public record ColumnLineage(String label, Set<SourceColumn> sources, Derivation derivation) {
  public ColumnLineage {
    sources = Set.copyOf(sources);
  }
}
