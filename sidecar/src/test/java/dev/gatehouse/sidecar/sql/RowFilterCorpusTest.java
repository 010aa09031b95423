package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-filter rewrite corpus (SPEC §5 {@code row_filters}): each statement with the SQL it is
 * rewritten to and the order of its parameters, or the refusal.
 *
 * <pre>
 * SQL ==&gt; REWRITTEN SQL ## a0 c:tenant a1     agent parameter 0, claim tenant, agent parameter 1
 * SQL ==&gt; refused: reason fragment
 * {noclaim} SQL ==&gt; …                         the principal lacks the claims (no rows)
 * </pre>
 * Filters: {@code customers} and {@code orders} by {@code tenant_id = :claims.tenant};
 * {@code products} and {@code audit_log} are not filtered.
 */
class RowFilterCorpusTest {
  static final String CONDITION = "tenant_id = :claims.tenant";
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();
  private static final Map<Dialect, Map<TableName, Optional<RowFilterCondition>>> FILTERS =
      new EnumMap<>(Dialect.class);

  static {
    for (Map.Entry<Dialect, SqlAnalyzer> e : ANALYZERS.entrySet()) {
      FILTERS.put(e.getKey(), filters(e.getValue(), true));
    }
  }

  /** The corpus's filters for an analyzer; without the claim, conditions are empty. */
  static Map<TableName, Optional<RowFilterCondition>> filters(SqlAnalyzer analyzer,
      boolean claim) {
    RowFilterCondition c = RowFilters.compile(CONDITION, analyzer);
    Map<TableName, Optional<RowFilterCondition>> filters = new HashMap<>();
    for (String table : List.of("customers", "orders")) {
      filters.put(analyzer.names().table(table), claim ? Optional.of(c) : Optional.empty());
    }
    return filters;
  }

  static Stream<Corpus.Line> cases() {
    return Corpus.lines("/sql/rewrite-corpus.txt").stream();
  }

  @Test
  void corpusHasThirtyStatementsPerDialect() {
    for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.H2)) {
      long n = cases().filter(c -> c.dialect() == d).count();
      assertTrue(n >= 30, d + ": " + n);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rewritesAsExpected(Corpus.Line c) {
    boolean claim = !c.sql().startsWith("{noclaim} ");
    String sql = claim ? c.sql() : c.sql().substring("{noclaim} ".length());
    SqlAnalyzer analyzer = ANALYZERS.get(c.dialect());
    StatementAnalysis s = analyzer.analyze(sql).statements().get(0);
    Map<TableName, Optional<RowFilterCondition>> filters =
        claim ? FILTERS.get(c.dialect()) : filters(analyzer, false);
    if (c.expected().startsWith("refused:")) {
      String reason = c.expected().substring("refused:".length()).trim();
      RowFilterRefusedException e = assertThrows(RowFilterRefusedException.class,
          () -> RowFilters.rewrite(s, filters), "expected a refusal");
      assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT)),
          "reason should mention '" + reason + "': " + e.getMessage());
      return;
    }
    Rewritten r;
    try {
      r = RowFilters.rewrite(s, filters);
    } catch (RowFilterRefusedException e) {
      fail("refused: " + e.getMessage());
      return;
    }
    assertEquals(c.expected(), describe(r), "rewrite of " + sql);
  }

  /** The rewrite in the corpus notation. */
  static String describe(Rewritten r) {
    List<String> parameters = new ArrayList<>();
    for (Rewritten.Parameter p : r.parameters()) {
      parameters.add(p instanceof Rewritten.AgentParameter a ? "a" + a.index()
          : "c:" + ((Rewritten.ClaimParameter) p).path());
    }
    return r.sql() + " ##" + (parameters.isEmpty() ? "" : " " + String.join(" ", parameters));
  }
}
