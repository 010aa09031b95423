package dev.gatehouse.sidecar.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads logs back as a timeline (SPEC §3 {@code replay}): per session, in order, who did what,
 * what was decided by which rule, how many rows, what was masked, how long it took, and the rows
 * the agent was shown when they were recorded.
 *
 * <p>Replay reads; it does not verify. Lines that are not records (a torn tail) are skipped with
 * a note on the error stream; {@code audit verify} is the tool that judges the log.
 */
public final class AuditReplay {
  /**
   * Which records to show; {@code null} fields do not filter.
   *
   * @param session only this session
   * @param principal only records whose principal's {@code sub} is this
   * @param from only records at or after this time
   * @param to only records before this time
   */
  public record Filter(String session, String principal, Instant from, Instant to) {
    public static final Filter ALL = new Filter(null, null, null, null);

    boolean matches(AuditEvent e) {
      return (session == null || session.equals(e.session()))
          && (principal == null || (e.principal() != null && principal.equals(e.principal().sub())))
          && (from == null || !e.ts().isBefore(from))
          && (to == null || e.ts().isBefore(to));
    }
  }

  /** A record read back, with the line it was read from. */
  private record Entry(AuditRecord record, String line) {
    AuditEvent event() {
      return record.event();
    }
  }

  private final PrintStream out;
  private final PrintStream err;

  public AuditReplay(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Prints the matching records of {@code files} (any order; records are ordered by seq).
   *
   * @param json print the matching records' lines as they are in the log (JSON Lines, seq order)
   *     instead of the timeline
   * @return how many records matched
   */
  public int replay(List<Path> files, Filter filter, boolean json) throws IOException {
    List<Entry> kept = read(files, filter);
    Map<Long, Entry> bySeq = new HashMap<>();
    Map<Long, Entry> ends = new HashMap<>();
    for (Entry e : kept) {
      bySeq.put(e.record().seq(), e);
      if (e.event().type() == AuditEvent.Type.STATEMENT_END && e.event().statementSeq() != null) {
        ends.put(e.event().statementSeq(), e);
      }
    }
    List<Entry> matching = new ArrayList<>();
    for (Entry e : kept) {
      if (filter.matches(e.event()) && !isJoinedEnd(e, bySeq, ends, filter)) {
        matching.add(e);
      }
    }
    if (json) {
      printJson(matching, ends);
    } else {
      printTimeline(matching, ends);
    }
    return matching.size();
  }

  /** A statement_end is shown inside its statement's entry when that statement is shown too. */
  private static boolean isJoinedEnd(
      Entry e, Map<Long, Entry> bySeq, Map<Long, Entry> ends, Filter filter) {
    Long statementSeq = e.event().statementSeq();
    if (e.event().type() != AuditEvent.Type.STATEMENT_END || statementSeq == null) {
      return false;
    }
    Entry statement = bySeq.get(statementSeq);
    return statement != null && filter.matches(statement.event()) && ends.get(statementSeq) == e;
  }

  /** The records that match, and every statement_end (it may belong to a matching statement). */
  private List<Entry> read(List<Path> files, Filter filter) throws IOException {
    List<Entry> entries = new ArrayList<>();
    HashChain hasher = HashChain.genesis();
    for (Path file : files) {
      try (LogLines lines = new LogLines(file)) {
        byte[] line;
        while ((line = lines.next()) != null) {
          try {
            AuditRecord record = RecordLine.check(line, hasher).toRecord();
            if (!filter.matches(record.event())
                && record.event().type() != AuditEvent.Type.STATEMENT_END) {
              continue;
            }
            entries.add(new Entry(record, new String(line, StandardCharsets.UTF_8)));
          } catch (RecordLine.MalformedRecordException | IllegalArgumentException e) {
            err.printf("replay: skipped %s:%d, not a readable record (%s); run 'audit verify'%n",
                file, lines.number(), e.getMessage());
          }
        }
      }
    }
    entries.sort(Comparator.comparingLong(e -> e.record().seq()));
    return entries;
  }

  private void printJson(List<Entry> matching, Map<Long, Entry> ends) {
    for (Entry e : matching) {
      out.println(e.line());
      Entry end = ends.get(e.record().seq());
      if (end != null) {
        out.println(end.line());
      }
    }
  }

  private void printTimeline(List<Entry> matching, Map<Long, Entry> ends) {
    Map<String, List<Entry>> bySession = new LinkedHashMap<>();
    for (Entry e : matching) {
      String session = e.event().session() == null ? "" : e.event().session();
      bySession.computeIfAbsent(session, k -> new ArrayList<>()).add(e);
    }
    if (bySession.isEmpty()) {
      out.println("no matching audit records");
      return;
    }
    boolean first = true;
    for (Map.Entry<String, List<Entry>> session : bySession.entrySet()) {
      if (!first) {
        out.println();
      }
      first = false;
      printSession(session.getKey(), session.getValue(), ends);
    }
  }

  private void printSession(String session, List<Entry> entries, Map<Long, Entry> ends) {
    AuditEvent opening = entries.get(0).event();
    if (session.isEmpty()) {
      out.println("outside any session");
    } else {
      StringBuilder header = new StringBuilder("session ").append(session);
      appendPrincipal(header.append("  "), opening.principal());
      if (opening.datasource() != null) {
        header.append("  datasource ").append(opening.datasource());
      }
      out.println(header);
    }
    for (Entry e : entries) {
      printEntry(e, ends.get(e.record().seq()), session.isEmpty());
    }
  }

  private void printEntry(Entry entry, Entry end, boolean showPrincipal) {
    AuditEvent e = entry.event();
    StringBuilder line = new StringBuilder("  ").append(AuditTime.format(e.ts()))
        .append("  #").append(entry.record().seq()).append("  ");
    if (showPrincipal && e.principal() != null) {
      appendPrincipal(line, e.principal()).append("  ");
    }
    switch (e.type()) {
      case STATEMENT, STATEMENT_END -> appendStatement(line, e, end == null ? null : end.event());
      default -> appendOther(line, e);
    }
    out.println(line.toString().stripTrailing());
    if (e.sql() != null) {
      for (String sqlLine : e.sql().split("\\R")) {
        out.println("      " + sqlLine);
      }
    }
    if (e.params() != null) {
      out.println("      params: " + String.join(", ", nullsShown(e.params())));
    }
    printShownRows(e);
  }

  private static void appendStatement(StringBuilder line, AuditEvent e, AuditEvent end) {
    if (e.type() == AuditEvent.Type.STATEMENT_END) {
      line.append("end of #").append(e.statementSeq()).append("  ");
    } else {
      line.append(e.decision() == null ? "?" : e.decision().toUpperCase(java.util.Locale.ROOT))
          .append("  ");
    }
    if (!e.rules().isEmpty()) {
      line.append(e.rules().size() == 1 ? "rule " : "rules ")
          .append(String.join(", ", e.rules())).append("  ");
    }
    AuditEvent last = end == null ? e : end;
    if (last.rows() != null) {
      line.append(last.rows()).append(last.rows() == 1 ? " row  " : " rows  ");
    }
    if (last.updateCount() != null) {
      line.append(last.updateCount()).append(" updated  ");
    }
    if (last.durationMs() != null) {
      line.append(last.durationMs()).append(" ms  ");
    }
    if (!e.maskedColumns().isEmpty()) {
      line.append("masked ").append(String.join(", ", e.maskedColumns())).append("  ");
    }
    if (last.error() != null) {
      line.append("error ").append(last.error().sqlState()).append(": ")
          .append(last.error().message()).append("  ");
    }
    if (e.paramsRedacted()) {
      line.append("(parameters redacted)  ");
    }
    appendExtensions(line, e);
  }

  private static void appendOther(StringBuilder line, AuditEvent e) {
    line.append(e.type().json().replace('_', ' ')).append("  ");
    if (e.decision() != null) {
      line.append(e.decision()).append("  ");
    }
    if (!e.rules().isEmpty()) {
      line.append("rule ").append(String.join(", ", e.rules())).append("  ");
    }
    if (e.error() != null) {
      line.append("error ").append(e.error().sqlState()).append(": ")
          .append(e.error().message()).append("  ");
    }
    appendExtensions(line, e);
  }

  private static void appendExtensions(StringBuilder line, AuditEvent e) {
    for (String name : e.extensionNames()) {
      line.append(name).append('=').append(e.extensionText(name)).append("  ");
    }
  }

  private void printShownRows(AuditEvent e) {
    if (e.shownRows() == null) {
      return;
    }
    long total = e.rows() == null ? e.shownRows().size() : e.rows();
    out.printf("      shown rows (%d of %d):%n", e.shownRows().size(), total);
    for (List<String> row : e.shownRows()) {
      out.println("        " + String.join(" | ", nullsShown(row)));
    }
  }

  private static StringBuilder appendPrincipal(StringBuilder line, AuditPrincipal p) {
    if (p == null) {
      return line.append("(no principal)");
    }
    line.append(p.sub() == null ? "(unknown subject)" : p.sub());
    if (p.iss() != null) {
      line.append(" (").append(p.iss()).append(')');
    }
    if (!p.groups().isEmpty()) {
      line.append(" groups ").append(String.join(",", p.groups()));
    }
    return line;
  }

  private static List<String> nullsShown(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(v == null ? "NULL" : v);
    }
    return out;
  }
}
