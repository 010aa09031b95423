package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.Test;

/** The analyzer's API contract: caching, the parse-tree handle, and refusals of odd input. */
class SqlAnalyzerTest {
  private final SqlAnalyzer analyzer =
      new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null));

  @Test
  void statementsDifferingOnlyInLiteralsShareOneCachedAnalysis() {
    analyzer.warmUp(); // a cold first parse may exceed the budget, and refusals by time are not cached
    analyzer.analyze("SELECT * FROM customers WHERE id = 42");
    long cached = analyzer.cachedStatements();
    StatementAnalysis second =
        analyzer.analyze("SELECT * FROM customers WHERE id = 43").statements().get(0);
    assertEquals(cached, analyzer.cachedStatements());
    assertEquals("SELECT * FROM customers WHERE id = 43", second.text());
  }

  @Test
  void theTreeHandleParsesTheExactTextWithItsOwnLiterals() {
    analyzer.analyze("SELECT * FROM customers WHERE id = 42");
    StatementAnalysis s =
        analyzer.analyze("SELECT * FROM customers WHERE id = 43").statements().get(0);
    assertTrue(s.parsed().available());
    Statement tree = s.parsed().tree().orElseThrow();
    assertTrue(tree.toString().contains("43"), tree.toString());
    // each call hands out a new tree the rewrite step may change
    assertTrue(s.parsed().tree().orElseThrow() != tree);
  }

  @Test
  void formsReadWithoutTheParserHaveNoTree() {
    for (String sql : List.of("BEGIN", "EXPLAIN ANALYZE SELECT 1", "SET search_path TO x",
        "DO 'x'")) {
      StatementAnalysis s = analyzer.analyze(sql).statements().get(0);
      assertFalse(s.parsed().available(), sql);
      assertTrue(s.parsed().tree().isEmpty(), sql);
    }
  }

  @Test
  void emptyAndCommentOnlyTextsAreRefusedNotIgnored() {
    for (String sql : List.of("", "   ", "-- nothing", ";;", "/* */ ;")) {
      Analysis a = analyzer.analyze(sql);
      assertFalse(a.understood(), sql);
      assertEquals(1, a.statements().size());
    }
  }

  @Test
  void notUnderstoodMeansNoFindings() {
    StatementAnalysis s = analyzer.analyze("COPY customers TO '/tmp/x'").statements().get(0);
    assertFalse(s.understood());
    assertTrue(s.kinds().isEmpty() && s.tables().isEmpty() && s.columns().isEmpty());
    assertFalse(s.fingerprint().isEmpty());
  }

  @Test
  void fingerprintsGroupStatementsByShape() {
    String a = analyzer.analyze("SELECT * FROM t WHERE a = 'x'").statements().get(0).fingerprint();
    String b = analyzer.analyze("SELECT * FROM t WHERE a = 'y'").statements().get(0).fingerprint();
    String c = analyzer.analyze("SELECT * FROM u WHERE a = 'x'").statements().get(0).fingerprint();
    assertEquals(a, b);
    assertFalse(a.equals(c));
    assertEquals(32, a.length());
  }

  @Test
  void aConfiguredColumnIsTouchedThroughAliasesStarsAndWholeRows() {
    NameResolver.QualifiedColumn card = analyzer.names().column("public.customers.card_number");
    for (String sql : List.of(
        "SELECT c.card_number FROM customers c WHERE c.id = 1",
        "SELECT x FROM (SELECT card_number AS x FROM customers WHERE id = 1) s",
        "SELECT * FROM customers WHERE id = 1",
        "SELECT row_to_json(c) FROM customers c WHERE c.id = 1",
        "SELECT \"CARD_NUMBER\" IS NULL FROM \"customers\" WHERE id = 1")) {
      StatementAnalysis s = analyzer.analyze(sql).statements().get(0);
      boolean touched = s.columns().stream().anyMatch(u -> u.touches(card.table(), card.column()));
      assertEquals(!sql.contains("CARD_NUMBER"), touched, sql);
    }
  }

  @Test
  void policyNamesOfKindsRoundTrip() {
    for (StatementKind k : StatementKind.values()) {
      assertEquals(k, StatementKind.fromPolicyName(k.policyName()));
    }
    assertEquals("set_role", StatementKind.SET_ROLE.policyName());
  }

  @Test
  void functionNamesMatchPolicyNamesAcrossCaseAndSchema() {
    FunctionName f = new FunctionName("pg_catalog", "pg_read_file");
    assertTrue(f.matches("pg_read_file"));
    assertTrue(f.matches("PG_CATALOG.PG_READ_FILE"));
    assertFalse(f.matches("public.pg_read_file"));
  }

  @Test
  void h2CompatibilityModesAreRefusedAtConfiguration() {
    DatasourceConfig ds = new DatasourceConfig("x", "jdbc:h2:mem:x;MODE=MySQL", null, null, null,
        Dialect.AUTO, DatasourceConfig.PoolConfig.DEFAULT, List.of(), Map.of());
    assertThrows(IllegalArgumentException.class, () -> AnalyzerSettings.forDatasource(ds));
  }

  @Test
  void analyzesConcurrently() throws InterruptedException {
    Thread[] threads = new Thread[4];
    boolean[] ok = new boolean[threads.length];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> {
        boolean all = true;
        for (int j = 0; j < 300; j++) {
          all &= analyzer.analyze("SELECT * FROM t" + (j % 7) + " WHERE id = " + j).understood();
        }
        ok[n] = all;
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (boolean b : ok) {
      assertTrue(b);
    }
  }
}
