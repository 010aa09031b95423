package dev.gatehouse.sidecar.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.sidecar.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
  private static final Path FILE = Path.of("p.yaml");

  @Test
  void readsTheSpecExample() throws ConfigException {
    Policy p = PolicyParser.parse("""
        default: deny
        rules:
          - name: agents-read
            when: { principals: [group:agents], statements: [select] }
            effect: allow
          - name: no-unfiltered-customer-scans
            when: { statements: [select, update, delete], tables: [public.customers], without_where: true }
            effect: deny
            message: customers must be read and changed through a WHERE clause
          - name: deletes-need-a-manager
            when: { statements: [delete] }
            effect: approve
            approvers: [group:managers]
            grant: 5m
        masking:
          - name: cards
            columns: [public.customers.card_number]
            method: last4
            predicates: equality
            exempt: [group:pci-auditors]
          - name: stray-pii
            detect: [credit_card, email, us_ssn, iban, secret]
            method: redact
        row_filters:
          - name: tenant-isolation
            tables: [public.orders]
            where: "tenant_id = :claims.tenant"
            principals: [group:agents]
        limits: { max_rows: 10000, statement_timeout: 30s, max_sql_length: 100000, statements_per_minute: 600 }
        """, FILE);
    assertEquals(Effect.DENY, p.defaultEffect());
    assertEquals(3, p.rules().size());
    assertEquals(Duration.ofMinutes(5), p.rules().get(2).grant());
    assertEquals(Effect.APPROVE, p.rules().get(2).effect());
    assertEquals(Boolean.TRUE, p.rules().get(1).when().withoutWhere());
    assertEquals(MaskingRule.PredicateUse.EQUALITY, p.masking().get(0).predicates());
    assertEquals(5, p.masking().get(1).detect().size());
    assertEquals("tenant_id = :claims.tenant", p.rowFilters().get(0).where());
    assertEquals(new Limits(10000, Duration.ofSeconds(30), 100000, 600), p.limits());
  }

  @Test
  void maskedColumnsRefusePredicatesUnlessThePolicySaysOtherwise() throws ConfigException {
    Policy p = PolicyParser.parse("""
        masking:
          - name: m
            columns: [t.c]
            method: redact
        """, FILE);
    assertEquals(MaskingRule.PredicateUse.DENY, p.masking().get(0).predicates());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rules: [{name: a, effect: maybe}]|p.yaml:1: rules[0].effect: expected one of allow, approve, deny, got 'maybe'",
      "rules: [{name: a, effect: allow, wen: {}}]|p.yaml:1: rules[0].wen: unknown key; did you mean 'when'?",
      "rules: [{name: a, when: {statements: [selekt]}, effect: allow}]|p.yaml:1: rules[0].when.statements: unknown statement kind 'selekt'",
      "rules: [{name: a, effect: approve}]|p.yaml:1: rules[0].approvers: an approve rule needs approvers",
      "rules: [{name: a, effect: deny, grant: 5m}]|p.yaml:1: rules[0].grant: only an approve rule has a grant",
      "rules: [{name: a, effect: allow, when: {principals: [role:x]}}]|p.yaml:1: rules[0].when.principals: expected group:NAME",
      "unparseable: allow|p.yaml:1: unparseable: must be deny or approve",
      "masking: [{name: m, method: redact}]|p.yaml:1: masking[0]: a masking rule needs columns, detect, or both",
      "masking: [{name: m, columns: [card_number], method: redact}]|p.yaml:1: masking[0].columns: expected a qualified column",
      "row_filters: [{name: f, tables: [t]}]|p.yaml:1: row_filters[0]: missing required key 'where'",
      "limits: {statement_timeout: 30}|p.yaml:1: limits.statement_timeout: expected",
  })
  void reportsProblemsWithFileAndLine(String yaml, String expectedStart) {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyParser.parse(yaml, FILE));
    String first = e.getMessage().lines().findFirst().orElse("");
    assertEquals(true, first.startsWith(expectedStart), first);
  }

  @Test
  void duplicateRuleNamesAreRefusedWithBothLines() {
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyParser.parse("""
        rules:
          - name: a
            effect: allow
          - name: a
            effect: deny
        """, FILE));
    assertEquals("p.yaml:4: rules[1].name: 'a' is already the name of the rule at p.yaml:2",
        e.getMessage().lines().findFirst().orElse(""));
  }
}
