package dev.gatehouse.sidecar.sql;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects the lineage of one value that may come from several places: the candidates of an
 * ambiguous column reference, the branches of a UNION at one position, the rows of VALUES.
 *
 * <p>A place that contributes no source (a literal, {@code NULL}, {@code now()}) does not decide
 * the derivation: {@code SELECT card FROM c UNION SELECT 'n/a'} is still the card itself, and
 * masking it with the card's method is right for both branches.
 */
final class ValueLineage {
  private final Set<SourceColumn> sources = new LinkedHashSet<>();
  private Derivation withSources;
  private Derivation withoutSources;

  ValueLineage add(Set<SourceColumn> from, Derivation derivation) {
    if (from.isEmpty()) {
      withoutSources = Derivation.either(withoutSources, derivation);
    } else {
      sources.addAll(from);
      withSources = Derivation.either(withSources, derivation);
    }
    return this;
  }

  Set<SourceColumn> sources() {
    return sources;
  }

  /** The derivation; {@link Derivation#DERIVED} when nothing was added. */
  Derivation derivation() {
    if (withSources != null) {
      return withSources;
    }
    return withoutSources != null ? withoutSources : Derivation.DERIVED;
  }

  OutputColumn column(String name) {
    return new OutputColumn(name, sources, derivation());
  }
}
