package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken configurations in {@code resources/config/invalid}: each file ends with
 * {@code # expect: LINE: message} comments, and loading it must fail with exactly those problems,
 * as {@code file:LINE: message}, in that order. Adding a case is adding a file.
 */
class InvalidConfigTest {
  /** Values that must never show up in a message; the fixtures reference them. */
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "ORDERS_DB_PASSWORD", "env-SECRET-orders",
          "DB_URL_NOT_JDBC", "mysql://app:SECRET@db/orders");

  static Stream<Path> invalidConfigurations() throws URISyntaxException, IOException {
    Path folder = Path.of(InvalidConfigTest.class.getResource("/config/invalid").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("policy.yaml"))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigurations")
  void reportsEveryProblemWithFileAndLine(Path file) throws IOException {
    String expected = String.join("\n", expectations(file));

    ConfigException thrown =
        assertThrows(ConfigException.class, () -> new ConfigLoader(ENVIRONMENT::get).load(file));

    assertEquals(expected, thrown.getMessage());
    assertFalse(thrown.getMessage().contains("SECRET"), "a secret leaked into: " + thrown);
  }

  private static List<String> expectations(Path file) throws IOException {
    String folder = file.getParent().toString();
    List<String> expected =
        Files.readAllLines(file).stream()
            .filter(line -> line.startsWith("# expect: "))
            .map(
                line -> file + ":" + line.substring("# expect: ".length()).replace("{dir}", folder))
            .collect(Collectors.toList());
    if (expected.isEmpty()) {
      throw new IllegalStateException(file + " has no '# expect:' lines");
    }
    return expected;
  }
}
