package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.nio.file.Path;
import java.util.List;

/**
 * A file of policy test cases (SPEC §7; the format is in docs/POLICY.md).
 *
 * @param file where it was read from
 * @param policyFiles the policy it tests, resolved against the file's folder; empty when the
 *     file names none (then {@code --config} must give one)
 * @param dialect the dialect policy names and SQL are read in without a configuration
 * @param defaultSchema the schema unqualified names resolve to, or {@code null} for the
 *     dialect's default
 * @param seed the H2 script {@code rows:} are checked against ({@code classpath:…} or an
 *     absolute path), or {@code null}
 * @param cases the cases, in file order
 * @param notes things in the file that are valid but not used (e.g. {@code policy:} under
 *     {@code --config}); printed as warnings
 */
record CaseFile(
    Path file,
    List<Path> policyFiles,
    Dialect dialect,
    String defaultSchema,
    String seed,
    List<PolicyCase> cases,
    List<ConfigProblem> notes) {
  public CaseFile {
    policyFiles = List.copyOf(policyFiles);
    cases = List.copyOf(cases);
    notes = List.copyOf(notes);
  }
}
