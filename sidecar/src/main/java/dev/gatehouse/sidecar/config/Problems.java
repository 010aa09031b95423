package dev.gatehouse.sidecar.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings of one load, so that loading goes on after the first error
 * and the user sees every problem in one run.
 */
public final class Problems {
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  public void error(YamlNode.Location location, String message) {
    errors.add(new ConfigProblem(location, message));
  }

  public void warn(YamlNode.Location location, String message) {
    warnings.add(new ConfigProblem(location, message));
  }

  public List<ConfigProblem> errors() {
    return List.copyOf(errors);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Ends the load when anything was wrong. */
  public void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  public List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }
}
