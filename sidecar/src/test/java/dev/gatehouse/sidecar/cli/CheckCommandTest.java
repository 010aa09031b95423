package dev.gatehouse.sidecar.cli;

import static dev.gatehouse.sidecar.cli.Cli.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code check} (SPEC §3): every problem as file:line: message, exit 1; a summary otherwise. */
class CheckCommandTest {
  private static Cli check(String... args) {
    return Cli.run(CheckCommand::new, args);
  }

  @Test
  void validConfigurationPrintsItsWarningsAndASummary() {
    Cli cli = check("--config", fixture("shop.yaml").toString());
    assertEquals(0, cli.exit, cli.out() + cli.err());
    assertEquals("ok: 2 datasources, 4 rules, 2 masking rules, 1 row filter", cli.lastLine());
    assertTrue(cli.out().contains(fixture("shop.yaml") + ":16: warning: datasources.warehouse"
        + ".password: written in clear text"), cli.out());
  }

  @Test
  void everyPolicyProblemIsReportedWithFileAndLine() {
    Cli cli = check("--config", fixture("broken.yaml").toString());
    assertEquals(1, cli.exit);
    String policy = fixture("broken-policy.yaml").toString();
    assertTrue(cli.out().contains(policy + ":4: rules[0].when.statements: unknown statement kind"
        + " 'selects'"), cli.out());
    assertTrue(cli.out().contains(policy + ":11: rules[2].approvers: an approve rule needs"
        + " approvers"), cli.out());
    assertEquals("2 problems; not valid", cli.lastLine());
  }

  @Test
  void namesAreResolvedInTheDialectOfEveryDatasource() {
    Cli h2 = check("--policy", fixture("bad-names-policy.yaml").toString());
    String policy = fixture("bad-names-policy.yaml").toString();
    assertEquals(1, h2.exit);
    assertEquals(String.join("\n",
        policy + ":3: rule odd-table: not a table name in H2: a.b.c.d",
        policy + ":10: masking rule odd-column: not a table name in H2: x.y.z.w",
        policy + ":14: row filter odd-filter: not a table name in H2: a.b.c.d",
        "3 problems; not valid"), h2.out().strip());

    Cli mariadb = check("--policy", policy, "--dialect", "mariadb");
    assertEquals(1, mariadb.exit);
    assertTrue(mariadb.out().contains(policy + ":6: rule three-part: not a table name in MARIADB:"
        + " shop.public.customers"), mariadb.out());
  }

  @Test
  void rowFilterConditionsAreCompiledAsServeCompilesThem() {
    String policy = fixture("bad-row-filter-policy.yaml").toString();
    Cli cli = check("--policy", policy);
    assertEquals(1, cli.exit, cli.out());
    String out = cli.out();
    assertTrue(out.contains(policy + ":8: row filter filter-with-a-subquery: "), out);
    assertTrue(out.contains(policy + ":11: row filter filter-with-a-parameter: "), out);
    assertTrue(!out.contains("good-filter"), out);
    assertEquals("2 problems; not valid", cli.lastLine(), out);
  }

  @Test
  void policyFilesAloneAreCheckedInTheGivenDialect() {
    Cli cli = check("--policy", fixture("shop-policy.yaml").toString(), "--dialect", "postgresql");
    assertEquals(0, cli.exit, cli.out());
    assertEquals("ok: 1 policy file, 4 rules, 2 masking rules, 1 row filter (dialect postgresql)",
        cli.lastLine());
  }

  @Test
  void ruleForADatasourceTheConfigurationLacksIsAWarning() {
    Cli cli = check("--config", fixture("typo-datasource.yaml").toString());
    assertEquals(0, cli.exit);
    assertTrue(cli.out().startsWith(fixture("typo-datasource-policy.yaml") + ":2: warning: rule"
        + " reads: datasource 'shpo' is not in the configuration (shop); it never applies there"),
        cli.out());
  }

  @Test
  void anAllowRuleThatOnlyNamesFunctionsIsAWarning() {
    String policy = fixture("broad-function-policy.yaml").toString();
    Cli cli = check("--policy", policy);
    assertEquals(0, cli.exit);
    assertEquals(policy + ":2: warning: rule etl-imports-csv: allows only the calls of csvread;"
        + " the statements that make them need their own allow (add statements: to this rule to"
        + " allow them)\nok: 1 policy file, 2 rules, 0 masking rules, 0 row filters (dialect h2)",
        cli.out().strip());
  }

  @Test
  void configurationProblemsAreReportedToo() {
    Cli cli = check("--config", fixture("missing-policy-file.yaml").toString());
    assertEquals(1, cli.exit);
    assertTrue(cli.out().contains(fixture("missing-policy-file.yaml") + ":7: policy.files[0]:"
        + " 'nowhere.yaml' not found"), cli.out());
  }

  @Test
  void anUnknownDialectIsABadArgument() {
    Cli cli = check("--policy", fixture("shop-policy.yaml").toString(), "--dialect", "oracle");
    assertEquals(2, cli.exit);
    assertTrue(cli.err().contains("--dialect: expected h2, postgresql or mariadb"), cli.err());
  }

  @Test
  void configAndPolicyAreExclusive() {
    Cli cli = check("--config", fixture("shop.yaml").toString(),
        "--policy", fixture("shop-policy.yaml").toString());
    assertEquals(2, cli.exit);
  }
}
