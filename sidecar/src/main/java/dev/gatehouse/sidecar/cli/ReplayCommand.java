package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.audit.AuditReplay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay [--session ID] [--principal SUB] [--from TIME] [--to TIME] [--json] FILE…} (SPEC
 * §3): prints what happened as a timeline, grouped by session.
 */
@Command(
    name = "replay",
    description = "Prints sessions from audit log files as a timeline: time, principal, "
        + "statement, decision, rule, rows, masked columns, duration, and the rows the agent "
        + "was shown when recorded.",
    mixinStandardHelpOptions = true)
public final class ReplayCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "audit log files")
  List<Path> files;

  @Option(names = "--session", paramLabel = "ID", description = "only this session")
  String session;

  @Option(names = "--principal", paramLabel = "SUB", description = "only this subject")
  String principal;

  @Option(names = "--from", paramLabel = "TIME",
      description = "from this time on (ISO-8601: 2025-06-01T10:00:00Z; no zone means UTC; a "
          + "date means its start)")
  String from;

  @Option(names = "--to", paramLabel = "TIME",
      description = "before this time (a date means through its end)")
  String to;

  @Option(names = "--json", description = "print the matching records as JSON Lines")
  boolean json;

  private final PrintStream out;
  private final PrintStream err;

  public ReplayCommand() {
    this(System.out, System.err);
  }

  /** With the streams to print to (tests). */
  public ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    AuditReplay.Filter filter;
    try {
      filter = new AuditReplay.Filter(session, principal, time(from, false), time(to, true));
    } catch (DateTimeParseException e) {
      err.println("replay: not a time: " + e.getParsedString()
          + " (use ISO-8601, e.g. 2025-06-01T10:00:00Z or 2025-06-01)");
      return 2;
    }
    try {
      new AuditReplay(out, err).replay(files, filter, json);
      return 0;
    } catch (IOException e) {
      err.println("replay: cannot read the log: " + e.getMessage());
      return 2;
    }
  }

  /** An instant from ISO-8601 text; a bare date is its start, or for an end bound its end. */
  static Instant time(String text, boolean end) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithZone) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        LocalDate date = LocalDate.parse(text);
        return (end ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
    }
  }
}
