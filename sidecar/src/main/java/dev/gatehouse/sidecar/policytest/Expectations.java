package dev.gatehouse.sidecar.policytest;

import java.util.ArrayList;
import java.util.List;

/** Compares what a case expects of the decision with what the sidecar decided. */
final class Expectations {
  private Expectations() {}

  /** One line per expectation that does not hold. */
  static List<String> compare(Expectation expect, Verdict verdict) {
    List<String> failures = new ArrayList<>();
    if (expect.decision() != verdict.effect()) {
      failures.add("decision: expected " + expect.decision().word() + ", got "
          + verdict.effect().word());
    }
    if (expect.rule() != null) {
      boolean none = expect.rule().equals(Expectation.NO_RULE);
      String actual = verdict.rule() == null ? Expectation.NO_RULE : verdict.rule();
      if (none ? verdict.rule() != null : !expect.rule().equals(verdict.rule())) {
        failures.add("rule:     expected " + expect.rule() + ", got " + actual);
      }
    }
    if (expect.sqlState() != null && !expect.sqlState().equals(verdict.sqlState())) {
      failures.add("sql_state: expected " + expect.sqlState() + ", got "
          + (verdict.sqlState() == null ? "none (allowed)" : verdict.sqlState()));
    }
    if (expect.messageContains() != null
        && !verdict.message().contains(expect.messageContains())) {
      failures.add("message:  expected to contain \"" + expect.messageContains() + "\", got \""
          + verdict.message() + "\"");
    }
    return failures;
  }
}
