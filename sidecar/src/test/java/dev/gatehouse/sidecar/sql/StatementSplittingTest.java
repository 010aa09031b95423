package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A text with several statements is cut exactly where the database cuts it, and each piece's
 * span is exactly what the executor will run.
 */
class StatementSplittingTest {
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of(Dialect.POSTGRESQL, "SELECT 1; SELECT 2",
            List.of("SELECT 1", "SELECT 2")),
        Arguments.of(Dialect.POSTGRESQL, "  SELECT ';' ;\n\n SELECT \"a;b\" FROM t ; ",
            List.of("SELECT ';'", "SELECT \"a;b\" FROM t")),
        Arguments.of(Dialect.POSTGRESQL, "/* ; */ SELECT 1 /* ; */; -- ;\nSELECT 2 -- ;",
            List.of("SELECT 1", "SELECT 2")),
        Arguments.of(Dialect.POSTGRESQL, "SELECT E'\\\\'; SELECT 2",
            List.of("SELECT E'\\\\'", "SELECT 2")),
        Arguments.of(Dialect.POSTGRESQL, "SELECT E'\\';' ; SELECT 2",
            List.of("SELECT E'\\';'", "SELECT 2")),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 'a\\'; SELECT 2",
            List.of("SELECT 'a\\'", "SELECT 2")),
        Arguments.of(Dialect.MARIADB, "SELECT 'a\\';' ; SELECT 2",
            List.of("SELECT 'a\\';'", "SELECT 2")),
        Arguments.of(Dialect.MARIADB, "SELECT `a;b` FROM t; SELECT 2",
            List.of("SELECT `a;b` FROM t", "SELECT 2")),
        Arguments.of(Dialect.H2, "SELECT 1 // ;\n; SELECT 2",
            List.of("SELECT 1", "SELECT 2")),
        Arguments.of(Dialect.POSTGRESQL, "SELECT 1;;;", List.of("SELECT 1")));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("texts")
  void cutsWhereTheDatabaseCutsWithExactSpans(Dialect dialect, String sql, List<String> pieces) {
    Analysis analysis = ANALYZERS.get(dialect).analyze(sql);
    List<String> texts = new ArrayList<>();
    for (StatementAnalysis s : analysis.statements()) {
      assertEquals(sql.substring(s.start(), s.end()), s.text());
      texts.add(s.text());
    }
    assertEquals(pieces, texts);
  }

  @Test
  void aRefusedPieceDoesNotHideTheOthers() {
    Analysis analysis = ANALYZERS.get(Dialect.POSTGRESQL)
        .analyze("SELECT E'\\'' ; DELETE FROM customers");
    assertEquals(2, analysis.statements().size());
    assertFalse(analysis.statements().get(0).understood());
    assertTrue(analysis.statements().get(1).kinds().contains(StatementKind.DELETE));
    assertFalse(analysis.understood());
  }

  @Test
  void aTextTheLexerRefusesIsOneRefusalSpanningEverything() {
    String sql = "SELECT 1; SELECT $$; DROP TABLE t; $$";
    Analysis analysis = ANALYZERS.get(Dialect.POSTGRESQL).analyze(sql);
    assertEquals(1, analysis.statements().size());
    assertEquals(sql, analysis.statements().get(0).text());
    assertFalse(analysis.understood());
  }

  @Test
  void theParserMustAgreeThatEachPieceIsOneStatement() {
    // JSqlParser ends a statement at three line feeds or a "/" or "go" line; the database does
    // not. Texts with such line breaks keep their exact text when a literal needs it.
    Analysis analysis = ANALYZERS.get(Dialect.POSTGRESQL)
        .analyze("SELECT a\n\n\nFROM t WHERE b ~ '\\d'");
    assertFalse(analysis.understood());
    assertTrue(analysis.firstNotUnderstood().orElseThrow().contains("ends the statement early"));
  }
}
