package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Corpora of column uses for the masking rules (issue #5): how a masked column is used in
 * predicates (equality-only or not) and whether its values flow into a write.
 *
 * <pre>
 * SQL ==&gt; table.column@usage=eq table.column@usage=neq table.column@usage=absent …
 * </pre>
 * {@code eq}: the column is used so (whole-row uses count) and every such use is
 * equality-only; {@code neq}: some such use is not equality-only; {@code any}: some such use
 * exists; {@code absent}: none does. Usages are {@link ColumnUsage} names in lower case.
 */
class ColumnUsesCorpusTest {
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  static Stream<Corpus.Line> predicates() {
    return Corpus.lines("/sql/predicate-corpus.txt").stream();
  }

  static Stream<Corpus.Line> writes() {
    return Corpus.lines("/sql/write-flow-corpus.txt").stream();
  }

  @Test
  void corporaAreLargeEnough() {
    assertTrue(distinct(predicates()) >= 30, "predicate statements");
    assertTrue(distinct(writes()) >= 15, "write-flow statements");
  }

  private static long distinct(Stream<Corpus.Line> lines) {
    return lines.map(Corpus.Line::sql).distinct().count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("predicates")
  void predicateUsesAreClassified(Corpus.Line c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void writeFlowsAreFound(Corpus.Line c) {
    check(c);
  }

  private static void check(Corpus.Line c) {
    StatementAnalysis s = ANALYZERS.get(c.dialect()).analyze(c.sql()).statements().get(0);
    if (!s.understood()) {
      fail("not understood: " + s.notUnderstood().orElseThrow());
    }
    for (String expectation : c.expected().split("\\s+")) {
      int at = expectation.indexOf('@');
      int eq = expectation.indexOf('=');
      int dot = expectation.lastIndexOf('.', at);
      String table = expectation.substring(0, dot);
      String column = expectation.substring(dot + 1, at);
      ColumnUsage usage = ColumnUsage.valueOf(
          expectation.substring(at + 1, eq).toUpperCase(Locale.ROOT));
      String want = expectation.substring(eq + 1);
      List<ColumnUse> uses = new ArrayList<>();
      for (ColumnUse u : s.columns()) {
        if (u.usage() == usage && touches(u, table, column)) {
          uses.add(u);
        }
      }
      boolean allEquality = uses.stream().allMatch(ColumnUse::equalityOnly);
      String seen = expectation + " but uses are " + s.columns();
      switch (want) {
        case "eq" -> assertTrue(!uses.isEmpty() && allEquality, seen);
        case "neq" -> assertTrue(!uses.isEmpty() && !allEquality, seen);
        case "any" -> assertTrue(!uses.isEmpty(), seen);
        case "absent" -> assertTrue(uses.isEmpty(), seen);
        default -> fail("unknown expectation " + expectation);
      }
    }
  }

  private static boolean touches(ColumnUse u, String table, String column) {
    boolean tableMatches = u.tables().stream()
        .anyMatch(t -> t.table().equalsIgnoreCase(table));
    return tableMatches && (u.column().equalsIgnoreCase(column) || u.wholeRow());
  }
}
