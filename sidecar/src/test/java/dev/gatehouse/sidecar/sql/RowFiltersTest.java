package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compiling row-filter conditions, and the rewrite's API contract. */
class RowFiltersTest {
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();
  private static final SqlAnalyzer POSTGRES = ANALYZERS.get(Dialect.POSTGRESQL);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      tenant_id = :claims.tenant                          | t.tenant_id = ?                     | tenant
      tenant_id = :claims.org.id AND NOT deleted           | t.tenant_id = ? AND NOT t.deleted   | org.id
      region IN (:claims.region, 'global')                 | t.region IN (?, 'global')           | region
      owner = current_user OR public                       | t.owner = current_user OR t.public  | ''
      (a = :claims.x OR b = :claims.x)                     | (t.a = ? OR t.b = ?)                 | x x
      """)
  void compilesConditionsIntoQualifiedTextWithClaimSlots(String where, String rendered,
      String claims) {
    RowFilterCondition c = RowFilters.compile(where, POSTGRES);
    StringBuilder out = new StringBuilder();
    List<Rewritten.Parameter> parameters = new ArrayList<>();
    c.render("t", out, parameters);
    assertEquals(rendered, out.toString());
    List<String> paths = new ArrayList<>();
    parameters.forEach(p -> paths.add(((Rewritten.ClaimParameter) p).path()));
    assertEquals(claims.isBlank() ? List.of() : List.of(claims.split(" ")), paths);
    assertEquals(paths, c.claims());
    assertEquals(where, c.where());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      ' '                                                  | empty
      tenant_id = :claims.tenant; DROP TABLE orders        | semicolon
      tenant_id = ?                                        | parameter
      tenant_id IN (SELECT t FROM memberships)             | subqueries
      1) OR (1 = 1                                         | did not open
      (tenant_id = :claims.tenant                          | parenthesis open
      note = ':claims.tenant' AND tenant_id = :claims.t    | inside a string
      orders.tenant_id = :claims.tenant                    | not understood
      pg_read_file('/etc/passwd') = tenant_id              | pg_read_file
      42                                                   | not a boolean
      tenant_id = :tenant                                  | cannot be read
      tenant_id = :claims.                                 | cannot be read
      tenant_id = 1 /* :claims.tenant */                   | inside a string, name or comment
      """)
  void refusesWhatIsNotAConditionOverTheTable(String where, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RowFilters.compile(where, POSTGRES));
    assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT)),
        e.getMessage());
  }

  @Test
  void compilesForEachDialect() {
    for (Dialect d : List.of(Dialect.H2, Dialect.MARIADB)) {
      RowFilterCondition c = RowFilters.compile("tenant_id = :claims.tenant", ANALYZERS.get(d));
      StringBuilder out = new StringBuilder();
      c.render("o", out, new ArrayList<>());
      assertEquals("o.tenant_id = ?", out.toString(), d.name());
    }
  }

  @Test
  void refusesAConditionCompiledForAnotherDatasource() {
    RowFilterCondition h2 = RowFilters.compile("tenant_id = :claims.tenant",
        ANALYZERS.get(Dialect.H2));
    StatementAnalysis s = POSTGRES.analyze("SELECT * FROM orders").statements().get(0);
    assertThrows(IllegalArgumentException.class, () -> RowFilters.rewrite(s,
        Map.of(POSTGRES.names().table("orders"), Optional.of(h2))));
  }

  @Test
  void refusesAStatementThatIsNotUnderstood() {
    StatementAnalysis s = POSTGRES.analyze("SELECT * FROM orders WHERE").statements().get(0);
    RowFilterCondition c = RowFilters.compile("tenant_id = :claims.tenant", POSTGRES);
    assertThrows(RowFilterRefusedException.class, () -> RowFilters.rewrite(s,
        Map.of(POSTGRES.names().table("orders"), Optional.of(c))));
  }

  @Test
  void leavesStatementsWithoutFilteredTablesAsTheyAre() throws RowFilterRefusedException {
    String sql = "SELECT /* keep me */ name FROM products WHERE id = ? AND name <> ?";
    StatementAnalysis s = POSTGRES.analyze(sql).statements().get(0);
    RowFilterCondition c = RowFilters.compile("tenant_id = :claims.tenant", POSTGRES);
    Rewritten r = RowFilters.rewrite(s, Map.of(POSTGRES.names().table("orders"), Optional.of(c)));
    assertEquals(sql, r.sql());
    assertEquals(List.of(new Rewritten.AgentParameter(0), new Rewritten.AgentParameter(1)),
        r.parameters());
  }

  @Test
  void claimValuesNeverReachTheText() throws RowFilterRefusedException {
    RowFilterCondition c = RowFilters.compile("tenant_id = :claims.tenant", POSTGRES);
    StatementAnalysis s = POSTGRES.analyze("SELECT * FROM orders").statements().get(0);
    Rewritten r = RowFilters.rewrite(s, Map.of(POSTGRES.names().table("orders"), Optional.of(c)));
    assertTrue(!r.sql().contains("claims") && r.sql().contains("?"), r.sql());
    assertEquals(List.of(new Rewritten.ClaimParameter("tenant")), r.parameters());
  }

  @Test
  void markersNeverOccurInTheTextTheyMark() {
    String text = "gh" + "a".repeat(10) + "_";
    for (int i = 0; i < 100; i++) {
      String prefix = RowFilters.freshPrefix(text);
      assertTrue(!text.contains(prefix) && prefix.matches("gh[a-z]{10}_"), prefix);
    }
  }
}
