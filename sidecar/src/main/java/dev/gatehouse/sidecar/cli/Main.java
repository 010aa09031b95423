package dev.gatehouse.sidecar.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar gatehouse-sidecar.jar COMMAND} (SPEC §3). */
@Command(
    name = "gatehouse",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Gatehouse sidecar: lets agents use databases through JDBC without the credential.",
    subcommands = {
      ServeCommand.class,
      CheckCommand.class,
      ExplainCommand.class,
      TestCommand.class,
      KeygenCommand.class,
      TokenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (used by tests and the demo). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * Runs a command line printing to the given streams (for tests and embedding); returns its
   * exit code.
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(System.out, System.err);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand(new AuditCommand(out, err));
    cl.addSubcommand(new ReplayCommand(out, err));
    cl.addSubcommand(new ApprovalsCommand(out, err));
    cl.addSubcommand(new DemoCommand(out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"gatehouse " + (v == null ? "dev" : v)};
    }
  }
}
