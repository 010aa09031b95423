package dev.gatehouse.sidecar.policytest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.YamlNode;
import dev.gatehouse.sidecar.mask.ResultMasking;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.sql.TableName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code masked:} and {@code rewritten:} (SPEC §7): each is checked against what the server's
 * masking and row-filter code does, passes when the case says so, and fails, saying expected
 * and got, when it does not.
 */
class PlansTest {
  private static final String POLICY = """
      rules:
        - name: reads
          when: { statements: [select] }
          effect: allow
      masking:
        - name: cards
          columns: [customers.card_number]
          method: last4
          predicates: equality
          exempt: [group:billing]
        - name: emails
          columns: [customers.email]
          method: email
      row_filters:
        - name: tenant-isolation
          tables: [orders]
          where: "tenant_id = :claims.tenant"
          principals: [group:agents]
      """;
  private static final Function<TableName, Optional<List<String>>> NO_DATABASE =
      t -> Optional.empty();

  @TempDir Path dir;
  private OfflineSidecar sidecar;
  private Principal agent;

  @BeforeEach
  void load() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    sidecar = OfflineSidecar.of(List.of(file), Dialect.H2, null, Set.of("db"));
    agent = sidecar.principal(Map.of("sub", "alice", "groups", List.of("agents"), "tenant", 7));
  }

  private List<String> check(Principal p, String sql, List<String> masked, String rewritten,
      Function<TableName, Optional<List<String>>> columnsOf) {
    Verdict v = sidecar.judge(p, "db", sql, 0);
    Expectation expect = new Expectation(v.effect(), null, null, null, null, masked, rewritten,
        new YamlNode.Location(dir.resolve("cases.yaml"), 1, 1));
    return Plans.compare(expect, v, sidecar.plan(p, "db", v, columnsOf));
  }

  private List<String> masked(String sql, String... labels) {
    return check(agent, sql, List.of(labels), null, NO_DATABASE);
  }

  private List<String> rewritten(String sql, String text) {
    return check(agent, sql, null, text, NO_DATABASE);
  }

  @Test
  void maskedHoldsForTheLabelsTheResultMasksInAnyOrderAndCase() {
    String sql = "SELECT id, card_number AS cc, lower(email) AS e, count(*) OVER () AS n"
        + " FROM customers WHERE id = 1";
    assertEquals(List.of(), masked(sql, "e", "CC"));
  }

  @Test
  void maskedFailsWhenTheResultMasksOtherColumns() {
    List<String> f = masked("SELECT id, card_number AS cc FROM customers WHERE id = 1",
        "card_number");
    assertEquals(List.of("masked:   expected [card_number], got [CC]\n"
        + "  masking:  CC (last4, rule cards)"), f);
  }

  @Test
  void maskedFailsWhenAMaskedColumnIsLeftOut() {
    List<String> f = masked("SELECT card_number, email FROM customers WHERE id = 1",
        "card_number");
    assertEquals(1, f.size(), f.toString());
    assertTrue(f.get(0).startsWith("masked:   expected [card_number], got [CARD_NUMBER, EMAIL]"),
        f.get(0));
  }

  @Test
  void anEmptyMaskedListFailsWhenAnythingIsMasked() {
    assertEquals(List.of(), masked("SELECT count(card_number) FROM customers WHERE id = 1"));
    List<String> f = masked("SELECT max(card_number) FROM customers WHERE id = 1");
    assertEquals(List.of("masked:   expected [], got [#1]\n"
        + "  masking:  #1 (redact, rule cards)"), f, "an unnamed column is named by position");
  }

  @Test
  void anExemptPrincipalHasNothingMasked() throws Exception {
    Principal billing = sidecar.principal(Map.of("sub", "bea", "groups", List.of("billing")));
    String sql = "SELECT card_number FROM customers WHERE id = 1";
    assertEquals(List.of(), check(billing, sql, List.of(), null, NO_DATABASE));
    assertEquals(1, check(billing, sql, List.of("card_number"), null, NO_DATABASE).size());
  }

  @Test
  void maskedOfAStarNeedsTheTablesColumnsAndFailsWithoutThem() {
    String sql = "SELECT * FROM customers WHERE id = 1";
    List<String> f = masked(sql, "card_number", "email");
    assertEquals(List.of("masked:   expected [card_number, email], but which columns are masked"
        + " cannot be told: * stands for the columns of PUBLIC.CUSTOMERS, known only from a"
        + " database; add seed: (an H2 script) to the file"), f);

    Function<TableName, Optional<List<String>>> seed =
        t -> Optional.of(List.of("ID", "EMAIL", "CARD_NUMBER", "NOTES"));
    assertEquals(List.of(), check(agent, sql, List.of("email", "card_number"), null, seed));
    assertEquals(1, check(agent, sql, List.of("card_number"), null, seed).size());
  }

  @Test
  void maskedFailsForADeniedStatementWhichReturnsNothing() {
    // predicates: equality: LIKE would reveal the card number one guess at a time
    List<String> f = masked("SELECT id FROM customers WHERE card_number LIKE '4%'");
    assertEquals(List.of("masked:   expected [], got nothing: the statement is denied and"
        + " returns no result"), f);
  }

  @Test
  void rewrittenHoldsForTheTextSentToTheDatabaseWhateverTheWhitespace() {
    assertEquals(List.of(), rewritten("SELECT id FROM orders WHERE id = 1",
        "SELECT id\n  FROM (SELECT * FROM orders gatehouse_rf\n WHERE gatehouse_rf.tenant_id = ?)"
            + "   AS orders WHERE id = 1  "));
  }

  @Test
  void rewrittenFailsWhenTheTextDiffersAndShowsBoth() {
    List<String> f = rewritten("SELECT id FROM orders WHERE id = 1",
        "SELECT id FROM orders WHERE id = 1 AND tenant_id = ?");
    assertEquals(List.of("rewritten: expected SELECT id FROM orders WHERE id = 1 AND"
        + " tenant_id = ?\n"
        + "           got      SELECT id FROM (SELECT * FROM orders gatehouse_rf WHERE"
        + " gatehouse_rf.tenant_id = ?) AS orders WHERE id = 1  (row filters tenant-isolation)"),
        f);
  }

  @Test
  void theClaimValueIsNeverInTheRewrittenText() {
    List<String> f = rewritten("SELECT id FROM orders WHERE id = 1",
        "SELECT id FROM (SELECT * FROM orders gatehouse_rf WHERE gatehouse_rf.tenant_id = 7)"
            + " AS orders WHERE id = 1");
    assertEquals(1, f.size(), "the tenant is bound as a parameter, never spliced");
  }

  @Test
  void keywordCaseAndQuotedWhitespaceCount() {
    assertEquals(1, rewritten("SELECT id FROM products WHERE name = 'a  b'",
        "SELECT id FROM products WHERE name = 'a b'").size());
    assertEquals(1, rewritten("SELECT id FROM products WHERE id = 1",
        "select id from products where id = 1").size());
    assertEquals(List.of(), rewritten("SELECT id FROM products WHERE name = 'a  b'",
        "SELECT id FROM products\nWHERE name = 'a  b'"));
  }

  @Test
  void aStatementNoFilterAppliesToIsSentAsWritten() {
    assertEquals(List.of(), rewritten("SELECT id FROM products WHERE id = 1",
        "SELECT id FROM products WHERE id = 1"));
    List<String> f = rewritten("SELECT id FROM products WHERE id = 1",
        "SELECT id FROM products WHERE id = 1 AND tenant_id = ?");
    assertTrue(f.get(0).endsWith("(no row filter applies: sent as written)"), f.get(0));
  }

  @Test
  void aPrincipalWithoutTheClaimSeesNoRows() throws Exception {
    Principal noTenant = sidecar.principal(Map.of("sub", "eve", "groups", List.of("agents")));
    assertEquals(List.of(), check(noTenant, "SELECT id FROM orders", null,
        "SELECT id FROM (SELECT * FROM orders gatehouse_rf WHERE 1 = 0) AS orders", NO_DATABASE));
  }

  @Test
  void aStatementTheRowFilterCannotRewriteIsDeniedAsTheSidecarDeniesIt() {
    // numbered parameters cannot be combined with the filter's own ?
    Verdict v = sidecar.judge(agent, "db", "SELECT id FROM orders WHERE id = ?1", 1);
    assertEquals(Effect.DENY, v.effect());
    assertEquals("tenant-isolation", v.rule());
    assertTrue(v.message().startsWith("denied by row filter tenant-isolation: "), v.message());
    assertEquals(1, check(agent, "SELECT id FROM orders WHERE id = ?1", null,
        "SELECT id FROM orders WHERE id = ?1", NO_DATABASE).size());
  }

  @Test
  void thePlanSaysHowEachColumnIsMasked() {
    Verdict v = sidecar.judge(agent, "db",
        "SELECT id, card_number, upper(email) AS e, count(card_number) AS n FROM customers"
            + " WHERE id = 1", 0);
    StatementPlan p = sidecar.plan(agent, "db", v, NO_DATABASE).get(0);
    assertNull(p.rewritten());
    List<StatementPlan.OutputColumn> c = p.columns();
    assertEquals(ResultMasking.Kind.NONE, c.get(0).masking());
    assertEquals(new StatementPlan.OutputColumn(2, "CARD_NUMBER", ResultMasking.Kind.METHOD,
        "cards", "last4"), c.get(1));
    assertEquals(new StatementPlan.OutputColumn(3, "E", ResultMasking.Kind.REDACT, "emails",
        "redact"), c.get(2));
    assertEquals(ResultMasking.Kind.NONE, c.get(3).masking());
  }

  @Test
  void normalisingKeepsQuotedTextAsItIs() {
    assertEquals("SELECT 'a  b', \"x  y\" FROM t", Plans.normalized(
        "  SELECT   'a  b',\n\t\"x  y\"   FROM t \n"));
  }
}
