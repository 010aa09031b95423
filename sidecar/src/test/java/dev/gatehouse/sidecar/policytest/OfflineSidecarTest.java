package dev.gatehouse.sidecar.policytest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.AuthenticationException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.PolicyRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline sidecar judges SQL text as the statement pipeline would, without a database. */
class OfflineSidecarTest {
  @TempDir Path dir;

  private OfflineSidecar policy(String yaml, String... datasources) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), yaml);
    return OfflineSidecar.of(List.of(file), Dialect.H2, null, Set.of(datasources));
  }

  private static Principal agent(OfflineSidecar sidecar, String... groups)
      throws AuthenticationException {
    return sidecar.principal(Map.of("sub", "alice", "groups", List.of(groups)));
  }

  @Test
  void approvalOfAStackNeedsTheApproversOfEveryStatement() throws Exception {
    OfflineSidecar sidecar = policy("""
        rules:
          - name: updates-by-ops-managers
            when: { statements: [update] }
            effect: approve
            approvers: [group:ops-managers]
          - name: deletes-by-dba
            when: { statements: [delete] }
            effect: approve
            approvers: [group:dba]
        """, "db");
    Verdict v = sidecar.judge(agent(sidecar), "db",
        "UPDATE orders SET status = 'x' WHERE id = 1; DELETE FROM orders WHERE id = 2", 0);
    assertEquals(Effect.APPROVE, v.effect());
    assertEquals(List.of("updates-by-ops-managers", "deletes-by-dba"),
        v.approvalRules().stream().map(PolicyRule::name).toList(),
        "a reviewer must be an approver of both statements' rules");
  }

  @Test
  void aDenialNamesTheRuleThatDeniedRatherThanTheDefault() throws Exception {
    // CREATE TABLE … AS is ddl (denied by a rule) and insert (denied by default); which one the
    // agent was told used to follow hash-set order, which changes from one JVM to the next
    OfflineSidecar sidecar = policy("""
        rules:
          - name: reads
            when: { statements: [select] }
            effect: allow
          - name: no-ddl
            when: { statements: [ddl] }
            effect: deny
            message: no schema changes
        """, "db");
    Verdict v = sidecar.judge(agent(sidecar), "db",
        "CREATE TABLE orders_copy AS SELECT * FROM orders", 0);
    assertEquals("no-ddl", v.rule());
    assertEquals("denied by rule no-ddl: no schema changes", v.message());
  }

  @Test
  void aDangerousFunctionIsNamedRatherThanTheDefault() throws Exception {
    OfflineSidecar sidecar = policy("default: deny", "db");
    Verdict v = sidecar.judge(agent(sidecar), "db", "SELECT * FROM CSVREAD('/etc/passwd')", 0);
    assertNull(v.rule());
    assertTrue(v.message().startsWith("denied: csvread reads a file on the database server"),
        v.message());
  }

  @Test
  void textLongerThanTheLimitIsRefusedBeforeAnalysis() throws Exception {
    OfflineSidecar sidecar = policy("default: allow\nlimits: { max_sql_length: 20 }", "db");
    Verdict v = sidecar.judge(agent(sidecar), "db", "SELECT 1 FROM orders WHERE id = 1", 0);
    assertEquals(Effect.DENY, v.effect());
    assertNull(v.judgement(), "nothing was analysed");
    assertEquals("the statement is 33 characters long; the policy allows at most 20",
        v.message());
  }

  @Test
  void parametersGoWithOneStatementOnly() throws Exception {
    OfflineSidecar sidecar = policy("default: allow", "db");
    String sql = "SELECT id FROM orders WHERE id = ?; SELECT 1";
    assertEquals(Effect.ALLOW, sidecar.judge(agent(sidecar), "db", sql, 0).effect());
    Verdict v = sidecar.judge(agent(sidecar), "db", sql, 1);
    assertEquals(Effect.DENY, v.effect());
    assertEquals("42501", v.sqlState());
    assertTrue(v.message().startsWith("a statement with parameters must be one statement"));
  }

  @Test
  void rulesForOtherDatasourcesDoNotApply() throws Exception {
    OfflineSidecar sidecar = policy("""
        rules:
          - name: reporting
            when: { statements: [select], datasources: [reports] }
            effect: allow
        """, "reports", "shop");
    String sql = "SELECT id FROM orders WHERE id = 1";
    assertEquals("reporting", sidecar.judge(agent(sidecar), "reports", sql, 0).rule());
    Verdict shop = sidecar.judge(agent(sidecar), "shop", sql, 0);
    assertEquals(Effect.DENY, shop.effect());
    assertNull(shop.rule());
  }

  @Test
  void policyFilesAloneAreCompiledForEveryDatasourceTheyName() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), """
        rules:
          - name: only-on-maria
            when: { tables: [a.b.c], datasources: [maria] }
            effect: deny
        """);
    ConfigException e = assertThrows(ConfigException.class,
        () -> OfflineSidecar.of(List.of(file), Dialect.MARIADB, null, Set.of()));
    assertEquals(file + ":2: rule only-on-maria: not a table name in MARIADB: a.b.c"
        + " (datasource maria)", e.getMessage());
  }

  @Test
  void unknownDatasourceNamesTheOnesThereAre() throws Exception {
    OfflineSidecar sidecar = policy("default: deny", "a", "b");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sidecar.judge(agent(sidecar), "c", "SELECT 1", 0));
    assertTrue(e.getMessage().contains("no datasource 'c'"), e.getMessage());
  }
}
