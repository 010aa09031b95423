package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.audit.AuditVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit verify FILE…} (SPEC §3): checks the hash chain of the given files, in order, and
 * the end of the log against its head. Exit 0 when it verifies (a torn final line of the last
 * file after a crash is a warning, not a failure), 1 when a record was modified, inserted,
 * deleted or reordered or the end was cut off, 2 when the files cannot be read.
 */
@Command(
    name = "audit",
    description = "Work with the audit log.",
    mixinStandardHelpOptions = true)
public final class AuditCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  public AuditCommand() {
    this(System.out, System.err);
  }

  /** With the streams to print to (tests). */
  public AuditCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    err.println("usage: audit verify [--head FILE | --no-head] [--anchor SEQ:HASH]… "
        + "[--require-genesis] FILE…");
    return 2;
  }

  @Command(
      name = "verify",
      description = {
        "Checks the hash chain of audit log files given oldest first (rotated files, then the "
            + "active one: e.g. audit/gatehouse*.jsonl) and compares the end with the head file "
            + "beside the last file.",
        "Exit 0: verifies; 1: tampered or truncated (the first bad record is named with "
            + "file:line); 2: unreadable."
      },
      mixinStandardHelpOptions = true)
  int verify(
      @Parameters(arity = "1..*", paramLabel = "FILE", description = "log files, oldest first")
          List<Path> files,
      @Option(names = "--head", paramLabel = "FILE",
          description = "the head file (default: LAST_FILE.head when it exists)")
          Path head,
      @Option(names = "--no-head", description = "do not compare with a head file")
          boolean noHead,
      @Option(names = "--anchor", paramLabel = "SEQ:HASH",
          description = "a record known from elsewhere (e.g. shipped by the stdout sink) that "
              + "the log must contain")
          List<String> anchors,
      @Option(names = "--require-genesis",
          description = "fail unless the first file starts the chain at seq 1")
          boolean requireGenesis) {
    List<AuditVerifier.Anchor> expected = new ArrayList<>();
    try {
      for (String anchor : anchors == null ? List.<String>of() : anchors) {
        expected.add(AuditVerifier.Anchor.parse(anchor));
      }
    } catch (IllegalArgumentException e) {
      err.println("audit verify: " + e.getMessage());
      return 2;
    }
    Path headFile = noHead ? null : head != null ? head : defaultHead(files);
    AuditVerifier.Report report;
    try {
      report = AuditVerifier.verify(files, headFile, expected, requireGenesis);
    } catch (IOException e) {
      err.println("audit verify: cannot read the log: " + e.getMessage());
      return 2;
    }
    print(report, headFile == null && !noHead ? files.get(files.size() - 1) : null);
    return report.ok() ? 0 : 1;
  }

  private static Path defaultHead(List<Path> files) {
    Path last = files.get(files.size() - 1);
    Path head = last.resolveSibling(last.getFileName() + ".head");
    return Files.exists(head) ? head : null;
  }

  private void print(AuditVerifier.Report report, Path noHeadBeside) {
    String range = report.records() == 0 ? "" :
        String.format(" (seq %d to %d)", report.firstSeq(), report.lastSeq());
    out.printf("checked %d file(s), %d record(s)%s%s%n", report.files(), report.records(),
        report.ok() ? "" : " before the problem", range);
    for (String line : report.checked()) {
      out.println(line);
    }
    if (noHeadBeside != null) {
      out.println("no head file beside " + noHeadBeside + ": records cut off the end would not "
          + "be noticed");
    }
    for (String warning : report.warnings()) {
      out.println("warning: " + warning);
    }
    out.println(report.ok() ? "OK: the chain verifies" : "TAMPERED: " + report.problem());
  }
}
