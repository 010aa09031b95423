package dev.gatehouse.sidecar.policytest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.sidecar.config.ConfigException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken case files in {@code resources/policytest/invalid}: each ends with
 * {@code # expect: LINE: message} comments, and reading it must fail with exactly those problems,
 * as {@code file:LINE: message}, in that order. Adding a case is adding a file.
 */
class CaseFileReaderTest {
  static Stream<Path> invalidCaseFiles() throws URISyntaxException, IOException {
    Path folder = Path.of(CaseFileReaderTest.class.getResource("/policytest/invalid").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".cases.yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCaseFiles")
  void reportsEveryProblemWithFileAndLine(Path file) throws IOException {
    ConfigException thrown =
        assertThrows(ConfigException.class, () -> CaseFileReader.read(file, false));
    assertEquals(String.join("\n", expectations(file)), thrown.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCaseFiles")
  void theRunnerReportsTheSameProblemsAndRunsNothing(Path file) throws IOException {
    CaseFileReport report = PolicyTestRunner.standalone().run(file);
    assertFalse(report.ran());
    assertEquals(expectations(file).size(), report.problems().size());
    assertEquals(0, report.passed());
    assertEquals(1, report.failed(), "a file that cannot run counts as one failure");
  }

  private static List<String> expectations(Path file) throws IOException {
    String folder = file.getParent().toString();
    List<String> expected = Files.readAllLines(file).stream()
        .filter(line -> line.startsWith("# expect: "))
        .map(line -> file + ":" + line.substring("# expect: ".length()).replace("{dir}", folder))
        .toList();
    if (expected.isEmpty()) {
      throw new IllegalStateException(file + " has no '# expect:' lines");
    }
    return expected;
  }
}
