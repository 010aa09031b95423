package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lineage corpus (issue #5, SPEC §5 "masking follows the data"): each statement with the
 * lineage of every column of its result.
 *
 * <pre>
 * SQL ==&gt; label=DIRECT[table.column,…] *table _=COUNT[] …    one entry per result item
 * SQL ==&gt; uncertain[table.column,…]                        the result's columns are unknown
 * SQL ==&gt; none                                             no result set
 * </pre>
 * A label {@code _} is an unnamed column; {@code *t} a symbolic star over table t; sources are
 * {@code table.column} ({@code table.*} for a whole row) in the default schema; labels and
 * names compare ignoring case, so one line serves PostgreSQL and H2.
 */
class LineageCorpusTest {
  private static final String CORPUS = "/sql/lineage-corpus.txt";
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  static Stream<Corpus.Line> cases() {
    return Corpus.lines(CORPUS).stream();
  }

  @Test
  void corpusCoversBothDialectsWidely() {
    List<Corpus.Line> lines = Corpus.lines(CORPUS);
    long postgres = lines.stream().filter(c -> c.dialect() == Dialect.POSTGRESQL).count();
    long h2 = lines.stream().filter(c -> c.dialect() == Dialect.H2).count();
    assertTrue(postgres >= 60 && h2 >= 40, "postgres " + postgres + ", h2 " + h2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resultLineageIsAsExpected(Corpus.Line c) {
    StatementAnalysis s = ANALYZERS.get(c.dialect()).analyze(c.sql()).statements().get(0);
    if (!s.understood()) {
      fail("not understood: " + s.notUnderstood().orElseThrow());
    }
    assertEquals(c.expected().toLowerCase(Locale.ROOT), describe(s.lineage()),
        "lineage of " + c.sql());
  }

  /** The lineage in the corpus notation, lower case, sources sorted. */
  static String describe(ResultLineage lineage) {
    if (lineage.uncertain()) {
      return "uncertain" + sources(lineage.uncertainSources());
    }
    if (lineage.equals(ResultLineage.NONE)) {
      return "none";
    }
    List<String> items = new ArrayList<>();
    for (ResultLineage.Item item : lineage.items()) {
      if (item instanceof ResultLineage.Item.Star star) {
        items.add("*" + star.table().table());
      } else {
        ColumnLineage column = ((ResultLineage.Item.Column) item).lineage();
        items.add((column.label() == null ? "_" : column.label()) + "="
            + column.derivation().name() + sources(column.sources()));
      }
    }
    return String.join(" ", items).toLowerCase(Locale.ROOT);
  }

  private static String sources(Set<SourceColumn> sources) {
    Set<String> names = new TreeSet<>();
    for (SourceColumn s : sources) {
      names.add((s.table().table() + "." + s.column()).toLowerCase(Locale.ROOT));
    }
    return "[" + String.join(",", names) + "]";
  }
}
