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
 * The analysis corpus: statements, many of them attacks, with what the analysis must find. See
 * {@link Corpus} for the file format.
 */
class AnalysisCorpusTest {
  private static final String CORPUS = "/sql/analysis-corpus.txt";
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  static Stream<Corpus.Case> cases() {
    return Corpus.load(CORPUS).stream();
  }

  @Test
  void corpusIsLargeAndCoversBothMainDialects() {
    List<Corpus.Case> cases = Corpus.load(CORPUS);
    long postgres = cases.stream().filter(c -> c.dialect() == Dialect.POSTGRESQL).count();
    long h2 = cases.stream().filter(c -> c.dialect() == Dialect.H2).count();
    assertTrue(cases.size() >= 80, "at least 80 cases, have " + cases.size());
    assertTrue(postgres >= 40 && h2 >= 30, "postgres " + postgres + ", h2 " + h2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analysesAsExpected(Corpus.Case c) {
    Analysis analysis = ANALYZERS.get(c.dialect()).analyze(c.sql());
    Map<String, String> expected = c.expected();
    String notUnderstood = expected.get("not-understood");
    if (notUnderstood != null) {
      String reasons = reasons(analysis);
      assertTrue(!analysis.understood(), "expected a refusal, got " + describe(analysis));
      assertTrue(reasons.toLowerCase(Locale.ROOT).contains(notUnderstood.toLowerCase(Locale.ROOT)),
          "reason should mention '" + notUnderstood + "': " + reasons);
      return;
    }
    if (!analysis.understood()) {
      fail("not understood: " + reasons(analysis));
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      check(e.getKey(), e.getValue(), analysis);
    }
  }

  private static void check(String key, String value, Analysis analysis) {
    List<StatementAnalysis> statements = analysis.statements();
    switch (key) {
      case "statements":
        assertEquals(Integer.parseInt(value), statements.size(), "statement count");
        break;
      case "kinds":
        assertEquals(set(value), names(statements, s -> {
          Set<String> out = new TreeSet<>();
          s.kinds().forEach(k -> out.add(k.policyName()));
          return out;
        }), "kinds");
        break;
      case "read":
        assertEquals(set(value), names(statements, s -> tables(s.tablesRead())), "tables read");
        break;
      case "written":
        assertEquals(set(value), names(statements, s -> tables(s.tablesWritten())),
            "tables written");
        break;
      case "no-where":
        assertEquals(set(value), names(statements, s -> tables(s.tablesWithoutWhere())),
            "tables without WHERE");
        break;
      case "dangerous":
        assertEquals(set(value), names(statements, s -> {
          Set<String> out = new TreeSet<>();
          s.dangerous().forEach(d -> out.add(d.name()));
          return out;
        }), "dangerous");
        break;
      case "limit":
        assertEquals(Boolean.parseBoolean(value), statements.get(statements.size() - 1).hasLimit(),
            "has limit");
        break;
      case "calls":
        Set<String> calls = names(statements, s -> {
          Set<String> out = new TreeSet<>();
          s.functions().forEach(f -> out.add(f.toString()));
          return out;
        });
        assertTrue(calls.containsAll(set(value)), "calls " + calls + " should include " + value);
        break;
      case "columns":
        Set<String> columns = names(statements, s -> {
          Set<String> out = new TreeSet<>();
          s.columns().forEach(u -> out.add(column(u)));
          return out;
        });
        for (String wanted : set(value)) {
          assertTrue(columns.contains(wanted), "columns " + columns + " should include " + wanted);
        }
        break;
      default:
        fail("unknown expectation " + key);
    }
  }

  static String column(ColumnUse u) {
    Set<String> tables = tables(u.tables());
    String table = tables.size() == 1 ? tables.iterator().next()
        : "{" + String.join("|", tables) + "}";
    return table + "." + u.column() + "@" + u.usage().name().toLowerCase(Locale.ROOT);
  }

  private static Set<String> tables(Set<TableName> tables) {
    Set<String> out = new TreeSet<>();
    tables.forEach(t -> out.add(t.qualified()));
    return out;
  }

  private static Set<String> names(List<StatementAnalysis> statements,
      java.util.function.Function<StatementAnalysis, Set<String>> f) {
    Set<String> out = new TreeSet<>();
    for (StatementAnalysis s : statements) {
      out.addAll(f.apply(s));
    }
    return out;
  }

  private static Set<String> set(String value) {
    Set<String> out = new TreeSet<>();
    if (value.equals("-")) {
      return out;
    }
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static String reasons(Analysis analysis) {
    List<String> reasons = new ArrayList<>();
    for (StatementAnalysis s : analysis.statements()) {
      s.notUnderstood().ifPresent(reasons::add);
    }
    return String.join(" | ", reasons);
  }

  private static String describe(Analysis analysis) {
    StringBuilder out = new StringBuilder();
    for (StatementAnalysis s : analysis.statements()) {
      out.append(s.kinds()).append(" read=").append(s.tablesRead()).append(" written=")
          .append(s.tablesWritten()).append("; ");
    }
    return out.toString();
  }
}
