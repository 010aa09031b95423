package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;

/**
 * What running one case file gave.
 *
 * @param file the case file
 * @param problems why the file could not be run (its own problems or its policy's), each with
 *     file and line; empty when it ran
 * @param warnings things in the file that are valid but not used
 * @param results one per case, in file order; empty when the file could not be run
 */
public record CaseFileReport(
    Path file, List<ConfigProblem> problems, List<ConfigProblem> warnings,
    List<CaseResult> results) {
  public CaseFileReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    results = List.copyOf(results);
  }

  static CaseFileReport unusable(Path file, List<ConfigProblem> problems) {
    return new CaseFileReport(file, problems, List.of(), List.of());
  }

  /** Whether the file ran. */
  public boolean ran() {
    return problems.isEmpty();
  }

  public long passed() {
    return results.stream().filter(CaseResult::passed).count();
  }

  /** Failed cases; a file that could not be run counts as one failure. */
  public long failed() {
    return ran() ? results.size() - passed() : 1;
  }
}
