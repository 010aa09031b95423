package dev.gatehouse.sidecar.policytest;

import java.util.List;

/**
 * The outcome of one case.
 *
 * @param testCase the case
 * @param verdict what the sidecar decided; {@code null} when the case could not be judged
 * @param failures one line per expectation that did not hold, {@code key: expected …, got …};
 *     empty when the case passed
 */
public record CaseResult(PolicyCase testCase, Verdict verdict, List<String> failures) {
  public CaseResult {
    failures = List.copyOf(failures);
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  /**
   * The failure as a person reads it: where the case is, its name and SQL, each expectation
   * that failed, and what was decided.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("FAIL ").append(testCase.location()).append(": ").append(testCase.name())
        .append('\n');
    out.append("  sql:      ").append(oneLine(testCase.sql())).append('\n');
    for (String f : failures) {
      out.append("  ").append(f.replace("\n", "\n  ")).append('\n');
    }
    if (verdict != null) {
      out.append("  decided:  ").append(verdict.effect().word())
          .append(verdict.rule() == null ? " (no rule)" : " by rule " + verdict.rule())
          .append(verdict.sqlState() == null ? "" : ", SQLState " + verdict.sqlState())
          .append(": ").append(verdict.message()).append('\n');
    }
    return out.toString();
  }

  private static String oneLine(String sql) {
    return sql.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
