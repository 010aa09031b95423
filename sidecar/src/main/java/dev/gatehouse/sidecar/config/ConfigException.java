package dev.gatehouse.sidecar.config;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration or policy that can't be used, with every problem found in it, not only the
 * first: a user fixing a file wants the whole list in one run of {@code check} (SPEC §3).
 *
 * <p>{@link #getMessage()} is the list, one {@code file:line: message} a line, ordered by file
 * and line, ready to print as is.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private static final Comparator<ConfigProblem> BY_POSITION =
      Comparator.comparing((ConfigProblem p) -> String.valueOf(p.location().file()))
          .thenComparingInt(p -> p.location().line())
          .thenComparingInt(p -> p.location().column());

  private final transient List<ConfigProblem> problems;

  /**
   * @param problems at least one problem; kept in file and line order (stable, so problems on
   *     one line keep the order they were found in)
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(format(sorted(problems)));
    this.problems = sorted(problems);
  }

  /** A single problem. */
  public ConfigException(YamlNode.Location location, String message) {
    this(List.of(new ConfigProblem(location, message)));
  }

  /** Every problem found, in file and line order. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.stream().sorted(BY_POSITION).collect(Collectors.toUnmodifiableList());
  }

  private static String format(List<ConfigProblem> problems) {
    StringBuilder out = new StringBuilder();
    for (ConfigProblem problem : problems) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(problem);
    }
    return out.toString();
  }
}
