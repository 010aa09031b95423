package dev.gatehouse.sidecar.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings of one load, so that loading goes on after the first error
 * and the user sees every problem in one run.
 */
final class Problems {
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  void error(YamlNode.Location location, String message) {
    errors.add(new ConfigProblem(location, message));
  }

  void warn(YamlNode.Location location, String message) {
    warnings.add(new ConfigProblem(location, message));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Ends the load when anything was wrong. */
  void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }
}
