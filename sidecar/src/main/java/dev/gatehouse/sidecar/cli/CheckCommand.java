package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.policy.Policy;
import dev.gatehouse.sidecar.policytest.OfflineSidecar;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code check --config FILE} (SPEC §3): validates the configuration and the policy, compiled
 * for every datasource as {@code serve} compiles it, and prints every problem as
 * {@code file:line: message}, then the warnings as {@code file:line: warning: message}. Exit 1
 * on any problem, 0 with a one-line summary otherwise.
 *
 * <p>{@code check --policy FILE… [--dialect D]} checks policy files alone, for a policy
 * repository's CI.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validates a configuration and its policy (or policy files alone, with --policy), the way"
          + " serve loads them: every problem as file:line: message.",
      "Exit 0: valid (a one-line summary is printed); 1: problems; 2: bad arguments."
    })
final class CheckCommand implements Callable<Integer> {
  @Mixin PolicyOptions policy;

  private final PrintStream out;
  private final PrintStream err;

  CheckCommand() {
    this(System.out, System.err);
  }

  /** With the streams to print to (tests). */
  CheckCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    GatehouseConfig config;
    OfflineSidecar sidecar;
    try {
      config = policy.config();
      sidecar = policy.load(config, Set.of());
    } catch (ConfigException e) {
      // one problem a line, file and line first, as editors and CI logs link them
      out.println(e.getMessage());
      int n = e.problems().size();
      out.println(n + (n == 1 ? " problem" : " problems") + "; not valid");
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("check: " + e.getMessage());
      return 2;
    }
    for (ConfigProblem w : sidecar.warnings()) {
      out.println(warning(w));
    }
    out.println("ok: " + summary(config, sidecar));
    return 0;
  }

  private static String warning(ConfigProblem w) {
    String where = w.location().line() <= 0
        ? String.valueOf(w.location().file()) : w.location().toString();
    return where + ": warning: " + w.message();
  }

  private String summary(GatehouseConfig config, OfflineSidecar sidecar) {
    Policy p = sidecar.policy();
    String counts = count(p.rules().size(), "rule") + ", "
        + count(p.masking().size(), "masking rule") + ", "
        + count(p.rowFilters().size(), "row filter");
    if (config != null) {
      return count(config.datasources().size(), "datasource") + ", " + counts;
    }
    List<?> files = policy.policyFiles();
    return count(files.size(), "policy file") + ", " + counts + " (dialect "
        + policy.dialect().name().toLowerCase(Locale.ROOT) + ")";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
