package dev.gatehouse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.policytest.CaseFileReport;
import dev.gatehouse.sidecar.policytest.CaseResult;
import dev.gatehouse.sidecar.policytest.PolicyTestRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every example's case file through the same runner as {@code gatehouse test}: one JUnit
 * test per case, failing with the same report the command prints (where the case is, what was
 * expected, what happened).
 */
class CaseFilesTest {
  static final Path POLICIES = Path.of("policies");

  /** The case files the build runs. */
  static final List<String> CASE_FILES = List.of(
      "analytics-agent.cases.yaml",
      "support-agent.cases.yaml",
      "ops-agent.cases.yaml",
      "hardening.cases.yaml",
      "support-agent.masking-cases.yaml");

  /** Each file runs once (its in-process sidecar starts once) for all the tests here. */
  private static final Map<String, CaseFileReport> REPORTS = new ConcurrentHashMap<>();

  private static CaseFileReport report(String name) {
    return REPORTS.computeIfAbsent(name,
        n -> PolicyTestRunner.standalone().run(POLICIES.resolve(n)));
  }

  @TestFactory
  Stream<DynamicNode> everyCaseHolds() {
    return CASE_FILES.stream()
        .map(name -> DynamicContainer.dynamicContainer(name, cases(report(name))));
  }

  private static Stream<DynamicNode> cases(CaseFileReport report) {
    if (!report.ran()) {
      String problems = report.problems().stream().map(ConfigProblem::toString)
          .collect(Collectors.joining("\n"));
      return Stream.of(DynamicTest.dynamicTest("the file runs",
          () -> fail(report.file() + " cannot run:\n" + problems)));
    }
    List<DynamicNode> tests = new ArrayList<>();
    for (CaseResult r : report.results()) {
      tests.add(DynamicTest.dynamicTest(r.testCase().name(), () -> {
        if (!r.passed()) {
          fail(r.describe());
        }
      }));
    }
    return tests.stream();
  }

  @Test
  void everyExampleHasAtLeastTenCases() {
    for (String name : CASE_FILES) {
      CaseFileReport report = report(name);
      assertTrue(report.results().size() >= 10, name + " has " + report.results().size());
    }
  }

  /** Every case file is run; none is forgotten. */
  @Test
  void noCaseFileIsForgotten() throws IOException {
    Set<String> listed = new TreeSet<>(CASE_FILES);
    Set<String> present;
    try (Stream<Path> files = Files.list(POLICIES)) {
      present = files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".cases.yaml") || f.endsWith("-cases.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(listed, present);
  }
}
