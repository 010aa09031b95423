package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.AGENT;
import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.lines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.cli.AuditCommand;
import dev.gatehouse.sidecar.cli.ReplayCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code audit verify} and {@code replay} as a user runs them: arguments, output, exit code. */
class AuditCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private int audit(String... args) {
    return withStreams(new CommandLine(new AuditCommand(out, err))).execute(args);
  }

  private int replay(String... args) {
    return withStreams(new CommandLine(new ReplayCommand(out, err))).execute(args);
  }

  /** Picocli's own output (help, usage errors) to the same streams. */
  private CommandLine withStreams(CommandLine commandLine) {
    return commandLine.setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void verifyPrintsWhatItCheckedAndExitsZero() {
    Path log = dir.resolve("gatehouse.jsonl");
    writeLog(log, 4);
    assertEquals(0, audit("verify", log.toString()));
    assertTrue(out().contains("checked 1 file(s), 4 record(s) (seq 1 to 4)"), out());
    assertTrue(out().contains("gatehouse.jsonl.head: seq 4 matches the last record"), out());
    assertTrue(out().endsWith("OK: the chain verifies\n"), out());
  }

  @Test
  void verifyNamesTheFirstBadRecordAndExitsOne() throws Exception {
    Path log = dir.resolve("gatehouse.jsonl");
    writeLog(log, 4);
    List<String> lines = lines(log);
    lines.set(1, lines.get(1).replace("agent-7", "agent-8"));
    writeLines(log, lines);
    assertEquals(1, audit("verify", log.toString()));
    assertTrue(out().contains("TAMPERED: " + log + ":2: seq 2: the hash does not match"), out());
    assertTrue(out().contains("1 record(s) before the problem"), out());
  }

  @Test
  void verifyWarnsWithoutAHead() {
    Path log = dir.resolve("gatehouse.jsonl");
    writeLog(log, 2);
    assertEquals(0, audit("verify", "--no-head", log.toString()));
    assertFalse(out().contains("head"), out());
    outBytes.reset();
    assertEquals(0, audit("verify", "--head", dir.resolve("missing.head").toString(),
        log.toString()));
    assertTrue(out().contains("absent or empty, not compared"), out());
  }

  @Test
  void verifyOfUnreadableFilesExitsTwo() {
    assertEquals(2, audit("verify", dir.resolve("nope.jsonl").toString()));
    assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("cannot read"));
    assertEquals(2, audit("verify", "--anchor", "12:beef", dir.resolve("x").toString()));
  }

  @Test
  void verifyTakesAnExternalAnchor() throws Exception {
    Path log = dir.resolve("gatehouse.jsonl");
    writeLog(log, 3);
    String hash = AuditFixtures.field(lines(log).get(1), "hash");
    assertEquals(0, audit("verify", "--anchor", "2:" + hash, log.toString()));
    assertEquals(1, audit("verify", "--anchor", "2:" + "0".repeat(64), log.toString()));
  }

  @Test
  void helpDescribesTheCommands() {
    assertEquals(0, audit("verify", "--help"));
    assertTrue(out().contains("--require-genesis"), out());
    assertEquals(2, audit(), "audit without a subcommand is a usage error");
    outBytes.reset();
    assertEquals(0, replay("--help"));
    assertTrue(out().contains("--principal=SUB"), out());
  }

  @Test
  void verifyOfAnEmptyLogComparesItsEmptyHead() {
    Path log = dir.resolve("gatehouse.jsonl");
    writeLog(log, 0);
    assertEquals(0, audit("verify", log.toString()));
    assertTrue(out().contains("the log was empty, and is"), out());
  }

  /** A small session: open, allowed and masked select with shown rows, a denial, close. */
  private Path session() {
    Path log = dir.resolve("gatehouse.jsonl");
    Instant t = Instant.parse("2025-06-01T10:00:00Z");
    try (AuditLog audit = AuditLog.open(config(log))) {
      audit.append(AuditEvent.builder(AuditEvent.Type.AUTH_FAILURE).ts(t)
          .field("reason", "token expired").build());
      audit.append(AuditEvent.builder(AuditEvent.Type.SESSION_OPEN).ts(t.plusSeconds(1))
          .session("s-1").principal(AGENT).datasource("orders").field("client", "psql").build());
      long select = audit.append(AuditEvent.builder(AuditEvent.Type.STATEMENT)
          .ts(t.plusSeconds(2)).session("s-1").principal(AGENT).datasource("orders")
          .sql("SELECT name, card_number\nFROM customers WHERE id = ?")
          .params(List.of("42")).decision("allow").rules(List.of("agents-read"))
          .maskedColumns(List.of("public.customers.card_number")).durationMs(3)
          .shownRows(List.of(Arrays.asList("alice", "************1234"),
              Arrays.asList("bob", null)))
          .build());
      audit.append(AuditEvent.builder(AuditEvent.Type.SESSION_OPEN).ts(t.plusSeconds(3))
          .session("s-2").principal(new AuditPrincipal("ci-bot", "https://idp/", List.of()))
          .datasource("orders").build());
      audit.append(AuditEvent.builder(AuditEvent.Type.STATEMENT_END).ts(t.plusSeconds(4))
          .session("s-1").principal(AGENT).statementSeq(select).rows(2500).durationMs(950)
          .build());
      audit.append(AuditEvent.builder(AuditEvent.Type.STATEMENT).ts(t.plusSeconds(5))
          .session("s-1").principal(AGENT).datasource("orders").sql("DELETE FROM customers")
          .decision("deny").rules(List.of("no-unfiltered-customer-scans"))
          .error("42501", "denied by rule no-unfiltered-customer-scans").build());
      audit.append(AuditEvent.builder(AuditEvent.Type.SESSION_CLOSE).ts(t.plusSeconds(6))
          .session("s-1").principal(AGENT).field("reason", "client closed").build());
    }
    return log;
  }

  @Test
  void replayPrintsASessionAsATimeline() {
    Path log = session();
    assertEquals(0, replay("--session", "s-1", log.toString()));
    List<String> lines = List.of(out().split("\n"));
    assertEquals("session s-1  agent-7 (https://idp.example.com/) groups agents  datasource "
        + "orders", lines.get(0));
    assertEquals("  2025-06-01T10:00:01.000Z  #2  session open  client=psql", lines.get(1));
    assertEquals("  2025-06-01T10:00:02.000Z  #3  ALLOW  rule agents-read  2500 rows  950 ms  "
        + "masked public.customers.card_number  (parameters redacted)", lines.get(2));
    assertEquals("      SELECT name, card_number", lines.get(3));
    assertEquals("      FROM customers WHERE id = ?", lines.get(4));
    assertEquals("      shown rows (2 of 2):", lines.get(5));
    assertEquals("        alice | ************1234", lines.get(6));
    assertEquals("        bob | NULL", lines.get(7));
    assertEquals("  2025-06-01T10:00:05.000Z  #6  DENY  rule no-unfiltered-customer-scans  "
        + "error 42501: denied by rule no-unfiltered-customer-scans", lines.get(8));
    assertEquals("      DELETE FROM customers", lines.get(9));
    assertEquals("  2025-06-01T10:00:06.000Z  #7  session close  reason=client closed",
        lines.get(10));
    assertEquals(11, lines.size(), out());
  }

  @Test
  void replayFiltersByPrincipalAndTime() {
    Path log = session();
    assertEquals(0, replay("--principal", "ci-bot", log.toString()));
    assertTrue(out().startsWith("session s-2  ci-bot (https://idp/)"), out());
    assertFalse(out().contains("agent-7"), out());

    outBytes.reset();
    assertEquals(0, replay("--from", "2025-06-01T10:00:00Z", "--to", "2025-06-01T10:00:01",
        log.toString()));
    assertEquals("outside any session\n  2025-06-01T10:00:00.000Z  #1  auth failure  "
        + "reason=token expired\n", out());

    outBytes.reset();
    assertEquals(0, replay("--from", "2025-06-02", log.toString()));
    assertEquals("no matching audit records\n", out());
    assertEquals(2, replay("--from", "yesterday", log.toString()));
  }

  @Test
  void replayAsJsonPrintsTheRecordsAsLogged() throws Exception {
    Path log = session();
    assertEquals(0, replay("--json", "--session", "s-1", log.toString()));
    List<String> expected = new ArrayList<>();
    for (String line : lines(log)) {
      if (line.contains("\"session\":\"s-1\"")) {
        expected.add(line);
      }
    }
    assertEquals(5, expected.size());
    assertEquals(expected, List.of(out().split("\n")), "verbatim lines, so they still verify");
  }

  @Test
  void replaySkipsATornLineWithANote() throws Exception {
    Path log = session();
    java.nio.file.Files.writeString(log, "{\"torn", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(0, replay("--session", "s-2", log.toString()));
    assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains(":8, not a readable record"));
  }
}
