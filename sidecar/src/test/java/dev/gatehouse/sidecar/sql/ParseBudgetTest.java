package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pathological input is refused, never hangs the calling thread and never kills it. There are no
 * timing assertions: the class-wide timeout only turns a hang into a failure instead of a stuck
 * build.
 */
@Timeout(120)
class ParseBudgetTest {
  /** A short budget so that refusals by time do not depend on how fast the machine is. */
  private static final SqlAnalyzer TIGHT = new SqlAnalyzer(
      AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null)
          .withParseBudget(Duration.ofMillis(20)));

  static Stream<Arguments> pathological() {
    return Stream.of(
        Arguments.of("parentheses 5000 deep", "SELECT " + "(".repeat(5000) + "1"
            + ")".repeat(5000), "nested"),
        Arguments.of("function calls 2000 deep", "SELECT " + "f(".repeat(2000) + "1"
            + ")".repeat(2000), "nested"),
        Arguments.of("CASE 2000 deep", "SELECT " + "CASE WHEN a THEN ".repeat(2000) + "1"
            + " END".repeat(2000), "nested"),
        Arguments.of("subqueries 1000 deep", "SELECT * FROM (".repeat(1000) + "SELECT 1"
            + ") x".repeat(1000), "nested"),
        Arguments.of("IN list of 30000", "SELECT * FROM t WHERE a IN (" + "1,".repeat(30_000)
            + "1)", "budget"),
        Arguments.of("30000 additions", "SELECT " + "1+".repeat(30_000) + "1", "budget"),
        Arguments.of("10000 ANDs", "SELECT 1 FROM t WHERE " + "a = 1 AND ".repeat(9_000)
            + "b = 1", "budget"),
        Arguments.of("10000 NOTs", "SELECT 1 FROM t WHERE " + "NOT ".repeat(10_000) + "a", ""),
        Arguments.of("unbalanced", "SELECT " + "(".repeat(30) + "1", ""),
        Arguments.of("over the length limit", "SELECT '" + "x".repeat(100_001) + "'", "limit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathological")
  void refusesPathologicalInput(String name, String sql, String reason) {
    Analysis analysis = TIGHT.analyze(sql);
    assertFalse(analysis.understood(), name);
    assertTrue(analysis.firstNotUnderstood().orElseThrow().contains(reason),
        analysis.firstNotUnderstood().orElseThrow());
    // the thread is fine afterwards
    assertTrue(TIGHT.analyze("SELECT 1").understood());
  }

  @Test
  void aBlownBudgetIsNotCachedSoARetryCanSucceed() {
    SqlAnalyzer analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null)
        .withParseBudget(Duration.ofMillis(20)));
    String sql = "SELECT * FROM t WHERE a IN (" + "1,".repeat(30_000) + "1)";
    long before = analyzer.cachedStatements();
    assertFalse(analyzer.analyze(sql).understood());
    assertEquals(before, analyzer.cachedStatements());
  }

  @Test
  void aStackOverflowOnASmallStackIsARefusalNotACrash() throws InterruptedException {
    SqlAnalyzer analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null)
        .withMaxNestingDepth(10_000).withParseBudget(Duration.ofSeconds(30)));
    String sql = "SELECT " + "f(".repeat(3000) + "1" + ")".repeat(3000);
    AtomicReference<Analysis> result = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread small = new Thread(null, () -> {
      try {
        result.set(analyzer.analyze(sql));
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertEquals(null, thrown.get());
    assertNotNull(result.get());
    assertFalse(result.get().understood());
  }

  @Test
  void longButOrdinaryStatementsStayUnderstoodWithTheDefaultBudget() {
    SqlAnalyzer analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null));
    analyzer.warmUp();
    String sql = "SELECT * FROM t WHERE id IN (" + "1,".repeat(200) + "1) AND "
        + "a = 1 AND ".repeat(100) + "b = 2";
    assertTrue(analyzer.analyze(sql).understood(), analyzer.analyze(sql).toString());
  }
}
