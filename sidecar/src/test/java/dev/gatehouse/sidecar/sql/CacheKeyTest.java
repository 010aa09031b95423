package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cache key may let statements share one analysis only when they differ in nothing but
 * simple literal values, comments and whitespace. Sharing two statements the database reads
 * differently would hand one of them the other's analysis: these tests try to make that happen.
 */
class CacheKeyTest {
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  static Stream<Arguments> mustShare() {
    return Stream.of(
        Arguments.of(Dialect.POSTGRESQL, "SELECT * FROM t WHERE id = 42", "SELECT * FROM t WHERE id = 43"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT * FROM t WHERE n = 'bob'", "SELECT * FROM t WHERE n = 'it''s ; -- /* $$ \" '"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT * FROM t WHERE x = 1.5", "SELECT * FROM t WHERE x = 22.25"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT * FROM t LIMIT 10", "SELECT * FROM t LIMIT 1000000"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT a /* why */ FROM t", "SELECT a /* other */ FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT a   FROM t", "SELECT a FROM t"),
        Arguments.of(Dialect.H2, "INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (99, 'y')"),
        Arguments.of(Dialect.MARIADB, "SELECT * FROM t WHERE n = 'a'", "SELECT * FROM t WHERE n = 'b'"),
        // Ordinals share a key by design: the analysis counts a position as every column.
        Arguments.of(Dialect.POSTGRESQL, "SELECT a, b FROM t ORDER BY 1", "SELECT a, b FROM t ORDER BY 2"));
  }

  static Stream<Arguments> mustNotShare() {
    return Stream.of(
        // a backslash makes the literal raw-only: the whole statement keys on its exact text
        Arguments.of(Dialect.POSTGRESQL, "SELECT 'a\\' , (SELECT card FROM c) , 'b'", "SELECT 'x' , (SELECT card FROM c) , 'y'"),
        Arguments.of(Dialect.MARIADB, "SELECT 'a\\' , (SELECT card FROM c) , ' FROM t", "SELECT 'b\\' , (SELECT card FROM c) , ' FROM t"),
        Arguments.of(Dialect.MARIADB, "SELECT 'a\\'b' FROM t", "SELECT 'a\\'c' FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT E'a' FROM t", "SELECT E'b' FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT X'41' FROM t", "SELECT X'42' FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT N'a' FROM t", "SELECT 'a' FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT '1' FROM t", "SELECT 1 FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 'a' FROM t", "SELECT \"a\" FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT \"a\" FROM t", "SELECT \"b\" FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT \"a\"\"b\" FROM t", "SELECT \"a\" \"b\" FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 'it''s' FROM t", "SELECT 'it' 's' FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT $1 FROM t", "SELECT 1 FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 1e5 FROM t", "SELECT 2e5 FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT -1 FROM t", "SELECT 1 FROM t"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT a FROM t -- x\nWHERE 1 = 1", "SELECT a FROM t WHERE 1 = 1"),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 'x' -- '\n, a FROM t", "SELECT 'x' , a FROM t"),
        Arguments.of(Dialect.MARIADB, "SELECT 1--1 FROM t", "SELECT 1 -- 1\nFROM t"),
        Arguments.of(Dialect.H2, "SELECT ?1 FROM t", "SELECT ?2 FROM t"),
        Arguments.of(Dialect.H2, "SELECT 1 // x\n, a FROM t", "SELECT 1 , a FROM t"));
  }

  @ParameterizedTest(name = "[{0}] {1} ~ {2}")
  @MethodSource("mustShare")
  void sharesKeyWhenOnlyLiteralsDiffer(Dialect dialect, String a, String b) {
    SqlAnalyzer analyzer = ANALYZERS.get(dialect);
    assertEquals(analyzer.cacheKeys(a), analyzer.cacheKeys(b));
    assertEquals(analyzer.analyze(a).statements().get(0).fingerprint(),
        analyzer.analyze(b).statements().get(0).fingerprint());
  }

  @ParameterizedTest(name = "[{0}] {1} !~ {2}")
  @MethodSource("mustNotShare")
  void neverSharesKeyAcrossDifferentReadings(Dialect dialect, String a, String b) {
    SqlAnalyzer analyzer = ANALYZERS.get(dialect);
    assertNotEquals(analyzer.cacheKeys(a), analyzer.cacheKeys(b));
  }

  @Test
  void statementsWithBackslashesAreKeyedOnTheirExactText() {
    SqlAnalyzer analyzer = ANALYZERS.get(Dialect.POSTGRESQL);
    String sql = "SELECT a FROM t WHERE b ~ '\\d+' AND c = 5";
    assertEquals(List.of(sql), analyzer.cacheKeys(sql));
  }

  @Test
  void ordinalPositionsCountAsEveryOutputColumnSoSharingIsSafe() {
    StatementAnalysis s = ANALYZERS.get(Dialect.POSTGRESQL)
        .analyze("SELECT name, card FROM customers WHERE id = 1 ORDER BY 2").statements().get(0);
    List<String> ordering = new ArrayList<>();
    for (ColumnUse u : s.columns()) {
      if (u.usage() == ColumnUsage.ORDERING) {
        ordering.add(u.column());
      }
    }
    assertTrue(ordering.containsAll(List.of("name", "card")), ordering.toString());
  }

  /**
   * For every understood corpus statement: random new values in its simple literals leave the
   * key unchanged, and the analysis of the normalised key equals the analysis of the exact text.
   * So normalising can neither merge different statements nor change what is found.
   */
  @Test
  void normalisingLiteralsNeverChangesTheAnalysis() {
    Random random = new Random(20240601L);
    int checked = 0;
    for (Corpus.Case c : Corpus.load("/sql/analysis-corpus.txt")) {
      SqlAnalyzer analyzer = ANALYZERS.get(c.dialect());
      Analysis analysis = analyzer.analyze(c.sql());
      if (!analysis.understood()) {
        continue;
      }
      String mutated = withRandomLiterals(c.sql(), c.dialect(), random);
      boolean exactKey = analyzer.cacheKeys(c.sql()).stream().anyMatch(k -> c.sql().contains(k));
      if (!exactKey) {
        assertEquals(analyzer.cacheKeys(c.sql()), analyzer.cacheKeys(mutated), c + " vs " + mutated);
      }
      List<StatementShape> exact = analyzer.analyzeExactly(mutated);
      for (int i = 0; i < exact.size(); i++) {
        StatementAnalysis normalised = analysis.statements().get(i);
        StatementShape raw = exact.get(i);
        String where = c + " statement " + (i + 1);
        assertEquals(normalised.kinds(), raw.kinds(), where);
        assertEquals(normalised.tablesRead(), raw.tablesRead(), where);
        assertEquals(normalised.tablesWritten(), raw.tablesWritten(), where);
        assertEquals(columnSet(normalised.columns()), columnSet(raw.columns()), where);
        assertEquals(normalised.functions(), raw.functions(), where);
        assertEquals(normalised.dangerous(), raw.dangerous(), where);
        assertEquals(normalised.tablesWithoutWhere(), raw.tablesWithoutWhere(), where);
        assertEquals(normalised.hasLimit(), raw.hasLimit(), where);
        checked++;
      }
    }
    assertTrue(checked > 150, "checked " + checked);
  }

  private static java.util.Set<ColumnUse> columnSet(List<ColumnUse> uses) {
    return new java.util.HashSet<>(uses);
  }

  /** Replaces the value of every simple literal (as our lexer sees it) by a random one. */
  static String withRandomLiterals(String sql, Dialect dialect, Random random) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (SqlToken t : new SqlLexer(dialect).tokenize(sql)) {
      if (!t.simpleLiteral()) {
        continue;
      }
      out.append(sql, at, t.start());
      if (t.kind() == SqlToken.Kind.STRING) {
        out.append(randomString(random));
      } else if (t.text(sql).contains(".")) {
        out.append(random.nextInt(1000)).append('.').append(random.nextInt(1000));
      } else {
        out.append(random.nextInt(100_000));
      }
      at = t.end();
    }
    out.append(sql.substring(at));
    return out.toString();
  }

  private static String randomString(Random random) {
    String alphabet = "ab Z9;-/*$\"#()[]{}`\u00e9\u202e\n";
    StringBuilder s = new StringBuilder("'");
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(8) == 0) {
        s.append("''");
      } else {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return s.append('\'').toString();
  }
}
