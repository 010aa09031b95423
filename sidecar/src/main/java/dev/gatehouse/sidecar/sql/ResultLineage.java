package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The lineage of a statement's result (its SELECT list, or its RETURNING clause), computed once
 * with the analysis and independent of literal values. Where the result has {@code *} over a
 * table, the table's columns are only known from the database's metadata, so the lineage is
 * symbolic until {@link #expand} is given the table's columns.
 *
 * @param items the result's columns in order; a {@link Item.Star} stands for all columns of a
 *     table, in the table's order
 * @param uncertain when the number or order of the result's columns cannot be known from the
 *     statement (a table function, a {@code *} over something opaque): every column of the
 *     result is then treated as {@link Derivation#DERIVED} from {@code uncertainSources}
 * @param uncertainSources what an uncertain result may derive from
 */
public record ResultLineage(List<Item> items, boolean uncertain, Set<SourceColumn> uncertainSources) {
  public ResultLineage {
    items = List.copyOf(items);
    uncertainSources = Set.copyOf(uncertainSources);
  }

  /** A statement without a result set. */
  public static final ResultLineage NONE = new ResultLineage(List.of(), false, Set.of());

  /** One or more columns of the result. */
  public sealed interface Item permits Item.Column, Item.Star {
    /** One named or computed column. */
    record Column(ColumnLineage lineage) implements Item {}

    /**
     * {@code *} or {@code t.*} over a real table: each of its columns, passed through directly.
     */
    record Star(TableName table) implements Item {}
  }

  /**
   * The lineage of each result column, in order.
   *
   * @param columnsOf the columns of a real table in their order, from the database's metadata;
   *     empty when unknown
   * @return empty when a {@code *} table's columns are unknown or the result is uncertain; the
   *     caller must then treat every result column as derived from {@link #allSources}
   */
  public Optional<List<ColumnLineage>> expand(Function<TableName, Optional<List<String>>> columnsOf) {
    if (uncertain) {
      return Optional.empty();
    }
    List<ColumnLineage> out = new java.util.ArrayList<>();
    for (Item item : items) {
      if (item instanceof Item.Column c) {
        out.add(c.lineage());
      } else if (item instanceof Item.Star s) {
        Optional<List<String>> columns = columnsOf.apply(s.table());
        if (columns.isEmpty()) {
          return Optional.empty();
        }
        for (String column : columns.get()) {
          out.add(new ColumnLineage(column, Set.of(new SourceColumn(s.table(), column)),
              Derivation.DIRECT));
        }
      }
    }
    return Optional.of(out);
  }

  /** Rough size in entries, for the analysis cache's weigher. */
  int weight() {
    int weight = uncertainSources.size();
    for (Item item : items) {
      weight += item instanceof Item.Column c ? 1 + c.lineage().sources().size() : 1;
    }
    return weight;
  }

  /** Every source any column of the result may derive from (the fail-closed view). */
  public Set<SourceColumn> allSources() {
    Set<SourceColumn> all = new java.util.HashSet<>(uncertainSources);
    for (Item item : items) {
      if (item instanceof Item.Column c) {
        all.addAll(c.lineage().sources());
      } else if (item instanceof Item.Star s) {
        all.add(new SourceColumn(s.table(), ColumnUse.WHOLE_ROW));
      }
    }
    return all;
  }
}
