package dev.gatehouse.sidecar.cli;

import static dev.gatehouse.sidecar.cli.Cli.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * {@code test} (SPEC §7): the last line is {@code N passed, N failed}, exit 1 on any failure,
 * and each failure says where the case is, what was expected and what happened.
 */
class TestCommandTest {
  private static Cli test(String... args) {
    return Cli.run((PrintStream out, PrintStream err) -> new TestCommand(out), args);
  }

  @Test
  void passingCasesExitZero() {
    Cli cli = test("-v", fixture("passing.cases.yaml").toString());
    assertEquals("18 passed, 0 failed", cli.lastLine(), cli.out());
    assertEquals(0, cli.exit);
    assertTrue(cli.out().contains("ok   " + fixture("passing.cases.yaml")
        + ":11: agent-reads-one-customer"), cli.out());
  }

  @Test
  void eachFailureShowsWhereWhatWasExpectedAndWhatHappened() {
    Cli cli = test(fixture("failing.cases.yaml").toString());
    assertEquals(1, cli.exit);
    assertEquals("1 passed, 5 failed", cli.lastLine());
    String file = fixture("failing.cases.yaml").toString();
    String out = cli.out();
    assertTrue(out.contains("FAIL " + file + ":8: wrong-decision-and-rule\n"
        + "  sql:      DELETE FROM orders WHERE id = 1\n"
        + "  decision: expected deny, got approve\n"
        + "  rule:     expected no-ddl, got deletes-need-a-manager\n"
        + "  decided:  approve by rule deletes-need-a-manager, SQLState 42501: needs approval"
        + " under rule deletes-need-a-manager (delete on PUBLIC.ORDERS)\n"), out);
    assertTrue(out.contains("FAIL " + file + ":13: wrong-message\n"
        + "  sql:      SELECT * FROM customers\n"
        + "  message:  expected to contain \"LIMIT\", got \"denied by rule"
        + " no-unfiltered-customer-scans: customers must be read and changed through a WHERE"
        + " clause\"\n"), out);
    // the agent is of tenant 1: the row filter hides orders 2 and 3
    assertTrue(out.contains("FAIL " + file + ":18: wrong-rows\n"
        + "  sql:      SELECT id, status FROM orders WHERE id <= 4 ORDER BY id\n"
        + "  rows:     expected 3 row(s), got 2\n"
        + "    row 2: expected [2, paid]\n"
        + "           got      [4, 'pending']\n"
        + "    row 3: expected [3, paid]\n"
        + "           got      no row\n"), out);
    assertTrue(out.contains("FAIL " + file + ":23: wrong-masked\n"
        + "  sql:      SELECT id, card_number AS cc FROM customers WHERE id = 1\n"
        + "  masked:   expected [card_number], got [CC]\n"
        + "    masking:  CC (last4, rule cards)\n"), out);
    assertTrue(out.contains("FAIL " + file + ":28: wrong-rewritten\n"
        + "  sql:      SELECT id FROM orders WHERE id = 1\n"
        + "  rewritten: expected SELECT id FROM orders WHERE id = 1 AND tenant_id = ?\n"
        + "             got      SELECT id FROM (SELECT * FROM orders gatehouse_rf WHERE"
        + " gatehouse_rf.tenant_id = ?) AS orders WHERE id = 1  (row filters"
        + " tenant-isolation)\n"), out);
  }

  @Test
  void aConfigurationGivesDatasourcesDialectsAndGroupsClaims() {
    Cli cli = test("--config", fixture("shop.yaml").toString(),
        fixture("config.cases.yaml").toString());
    assertEquals("4 passed, 0 failed", cli.lastLine(), cli.out());
    assertEquals(0, cli.exit);
    assertTrue(cli.out().startsWith(fixture("config.cases.yaml") + ":2: warning: policy: not"
        + " used; the policy of --config is tested"), cli.out());
  }

  @Test
  void aCaseForADatasourceTheConfigurationLacksIsAProblem() {
    Cli cli = test("--config", fixture("shop.yaml").toString(),
        fixture("passing.cases.yaml").toString());
    assertEquals(1, cli.exit);
    assertTrue(cli.out().contains(fixture("passing.cases.yaml") + ":74: datasource: no"
        + " datasource 'archive' in the configuration (there are shop, warehouse)"), cli.out());
    assertEquals("0 passed, 1 failed", cli.lastLine());
  }

  @Test
  void anUnreadableFileCountsAsAFailureAndTheOthersStillRun() {
    Cli cli = test(fixture("invalid/no-policy.cases.yaml").toString(),
        fixture("decisions.cases.yaml").toString());
    assertEquals(1, cli.exit);
    assertTrue(cli.out().contains(fixture("invalid/no-policy.cases.yaml")
        + ": not run (1 problem)"), cli.out());
    assertEquals("2 passed, 1 failed", cli.lastLine());
  }

  @Test
  void aSeedThatDoesNotRunFailsEveryRowsCaseAndNothingElse() {
    Cli cli = test(fixture("bad-seed.cases.yaml").toString());
    assertEquals("1 passed, 2 failed", cli.lastLine(), cli.out());
    assertTrue(cli.out().contains("FAIL " + fixture("bad-seed.cases.yaml") + ":11:"
        + " needs-the-seed-too\n  sql:      SELECT id FROM orders WHERE id = 2\n"
        + "  rows:     the in-process sidecar for the seed did not start: "), cli.out());
  }

  @Test
  void aMissingCaseFileIsReportedAsAFailure() {
    Cli cli = test(fixture("passing.cases.yaml").getParent().resolve("nowhere.cases.yaml")
        .toString());
    assertEquals(1, cli.exit);
    assertEquals("0 passed, 1 failed", cli.lastLine());
    assertTrue(cli.out().contains("nowhere.cases.yaml"), cli.out());
  }

  @Test
  void aBrokenConfigurationRunsNothing() {
    Cli cli = test("--config", fixture("broken.yaml").toString(),
        fixture("passing.cases.yaml").toString());
    assertEquals(1, cli.exit);
    assertTrue(cli.out().contains(fixture("broken-policy.yaml") + ":4: "), cli.out());
    assertEquals("0 passed, 1 failed", cli.lastLine());
  }
}
