package dev.gatehouse.sidecar.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiFunction;
import picocli.CommandLine;

/** Runs one command as {@code java -jar … COMMAND} would, capturing what it prints. */
final class Cli {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  int exit;

  static Cli run(BiFunction<PrintStream, PrintStream, Object> command, String... args) {
    Cli cli = new Cli();
    cli.exit = new CommandLine(command.apply(cli.out, cli.err))
        .setOut(new PrintWriter(cli.out, true))
        .setErr(new PrintWriter(cli.err, true))
        .execute(args);
    return cli;
  }

  String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  /** The last line printed to standard output. */
  String lastLine() {
    String[] lines = out().strip().split("\n");
    return lines[lines.length - 1];
  }

  /** A file of {@code src/test/resources/policytest}. */
  static Path fixture(String name) {
    try {
      return Path.of(Cli.class.getResource("/policytest/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no fixture " + name, e);
    }
  }
}
