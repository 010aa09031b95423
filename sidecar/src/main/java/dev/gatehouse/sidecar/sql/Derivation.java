package dev.gatehouse.sidecar.sql;

/**
 * How an output column's value relates to its source columns (SPEC §5, "masking follows the
 * data"). Masking shows a {@link #DIRECT} value through the column's method, fully redacts a
 * {@link #DERIVED} one, and leaves a {@link #COUNT} alone.
 */
public enum Derivation {
  /** The source value itself: the column, an alias of it, or a cast of it to text. */
  DIRECT,
  /**
   * Only a count: {@code count(x)}, {@code count(DISTINCT x)}; it reveals how many, not what.
   */
  COUNT,
  /**
   * Anything computed from the sources: functions, expressions, CASE, COALESCE, aggregates
   * other than count ({@code min}, {@code max}, {@code string_agg}, …), window functions, and
   * any column whose lineage is uncertain (treated as derived from every column it might come
   * from).
   */
  DERIVED
}
