package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigLoader;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.policytest.CaseFileReport;
import dev.gatehouse.sidecar.policytest.CaseResult;
import dev.gatehouse.sidecar.policytest.PolicyTestRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code test [--config FILE] CASES…} (SPEC §7): runs policy test cases and prints each failure
 * (where the case is, what was expected, what happened), then {@code N passed, N failed} as the
 * last line. Exit 0 when every case passed, 1 otherwise. A case file that cannot be run (its
 * own problems or its policy's, printed as {@code file:line: message}) counts as one failure.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Runs policy test cases (YAML, see docs/POLICY.md) without a running sidecar: each case's"
          + " decision, deciding rule and message, and rows on an H2 seed where a case expects"
          + " them. Prints every failure, then 'N passed, N failed'.",
      "Exit 0: all passed; 1: any case failed or a case file could not be run."
    })
final class TestCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE",
      description = "test this configuration's policy and datasources instead of each case"
          + " file's policy: and dialect:")
  Path config;

  @Option(names = {"-v", "--verbose"}, description = "also list the cases that passed")
  boolean verbose;

  @Parameters(arity = "1..*", paramLabel = "CASES", description = "case files (YAML)")
  List<Path> files;

  private final PrintStream out;

  TestCommand() {
    this(System.out);
  }

  /** With the stream to print to (tests). */
  TestCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    PolicyTestRunner runner;
    try {
      runner = config == null ? PolicyTestRunner.standalone()
          : PolicyTestRunner.withConfig(new ConfigLoader().load(config));
    } catch (ConfigException e) {
      out.println(e.getMessage());
      out.println("the configuration has problems; no case ran");
      out.println("0 passed, " + files.size() + " failed");
      return 1;
    }
    long passed = 0;
    long failed = 0;
    for (Path file : files) {
      CaseFileReport report = runner.run(file);
      print(report);
      passed += report.passed();
      failed += report.failed();
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }

  private void print(CaseFileReport report) {
    if (!report.ran()) {
      for (ConfigProblem p : report.problems()) {
        out.println(p);
      }
      out.println(report.file() + ": not run (" + report.problems().size()
          + (report.problems().size() == 1 ? " problem" : " problems") + ")");
      return;
    }
    for (ConfigProblem w : report.warnings()) {
      out.println(w.location() + ": warning: " + w.message());
    }
    for (CaseResult r : report.results()) {
      if (!r.passed()) {
        out.print(r.describe());
      } else if (verbose) {
        out.println("ok   " + r.testCase().location() + ": " + r.testCase().name());
      }
    }
  }
}
