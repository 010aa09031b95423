package dev.gatehouse.sidecar.sql;

/**
 * How an output column's value relates to its source columns (SPEC §5, "masking follows the
 * data"). Masking shows a {@link #DIRECT} value through the column's method, fully redacts a
 * {@link #DERIVED} one, and leaves a {@link #COUNT} alone.
 *
 * <p>Casts: only a cast to an unbounded text type ({@code ::text}, {@code CAST(x AS VARCHAR)},
 * MariaDB's {@code CAST(x AS CHAR)}) keeps a value {@link #DIRECT}. A bounded one
 * ({@code VARCHAR(6)}, {@code CHAR(4)}) truncates, so masking the result with {@code last4}
 * would show characters of the middle of the original; a cast to a number, date or binary type
 * shows the value in a form the masking methods (which work on text) would mangle. Both are
 * {@link #DERIVED} and fully redacted.
 */
public enum Derivation {
  /**
   * The source value itself: the column, an alias of it, a parenthesised reference, a cast of it
   * to an unbounded text type, a column of a derived table or CTE that is itself direct, a UNION
   * position whose branches are all direct. A direct column with several sources may be any one
   * of them (a UNION, an ambiguous reference): mask it with the strictest of their methods.
   */
  DIRECT,
  /**
   * Only a count: {@code count(x)}, {@code count(DISTINCT x)}, {@code count(*)}, also as a
   * window function; it reveals how many, not what.
   */
  COUNT,
  /**
   * Anything computed from the sources: functions, operators, CASE, COALESCE, casts other than
   * to unbounded text, aggregates other than count ({@code min}, {@code max},
   * {@code string_agg}, …), window functions ({@code lag}, {@code first_value}), scalar
   * subqueries, whole-row references ({@code row_to_json(c)}, {@code c} as a value,
   * {@code ROW(…)}), array and JSON constructors, and any column whose lineage is uncertain
   * (treated as derived from every column it might come from).
   */
  DERIVED;

  /**
   * The derivation of a value that may be either {@code a} or {@code b} (a UNION position, an
   * ambiguous reference). Derived wins; then direct, since masking a count with a method is
   * harmless while leaving a direct value unmasked is not.
   */
  static Derivation either(Derivation a, Derivation b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a == DERIVED || b == DERIVED) {
      return DERIVED;
    }
    return a == DIRECT || b == DIRECT ? DIRECT : COUNT;
  }
}
