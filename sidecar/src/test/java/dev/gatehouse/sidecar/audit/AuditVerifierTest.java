package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.field;
import static dev.gatehouse.sidecar.audit.AuditFixtures.forge;
import static dev.gatehouse.sidecar.audit.AuditFixtures.lines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.rechain;
import static dev.gatehouse.sidecar.audit.AuditFixtures.rewriteHead;
import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of tampering we can think of, and what the chain, the head and an external anchor
 * each catch. Where a check cannot catch something (the chain alone and a cut-off end), the test
 * says so by asserting that it passes, so the limit is documented and cannot drift silently.
 */
class AuditVerifierTest {
  @TempDir Path dir;
  private Path log;
  private Path head;
  private List<String> lines;

  @BeforeEach
  void tenRecords() throws Exception {
    log = dir.resolve("gatehouse.jsonl");
    head = LogFiles.headOf(log);
    writeLog(log, 10);
    lines = lines(log);
  }

  private AuditVerifier.Report verify() throws Exception {
    return AuditVerifier.verify(List.of(log), head, List.of(), false);
  }

  private AuditVerifier.Report verifyWithoutHead() throws Exception {
    return AuditVerifier.verify(List.of(log), null, List.of(), false);
  }

  private static void assertProblem(AuditVerifier.Report report, long line, String text) {
    assertFalse(report.ok(), "expected a problem, got " + report);
    assertEquals(line, report.problem().line(), report.problem().toString());
    assertTrue(report.problem().message().contains(text), report.problem().toString());
  }

  @Test
  void untouchedLogVerifiesAgainstItsHead() throws Exception {
    AuditVerifier.Report report = verify();
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(10, report.records());
    assertEquals(1, report.firstSeq());
    assertEquals(10, report.lastSeq());
    assertTrue(report.checked().stream().anyMatch(c -> c.contains("matches the last record")));
    assertTrue(report.warnings().isEmpty(), report.warnings().toString());
  }

  @Test
  void editedFieldIsAHashMismatchAtItsLine() throws Exception {
    lines.set(3, lines.get(3).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
    writeLines(log, lines);
    assertProblem(verify(), 4, "hash does not match");
  }

  @Test
  void editedHashIsCaught() throws Exception {
    String hash = field(lines.get(5), "hash");
    lines.set(5, lines.get(5).replace(hash, "f".repeat(64)));
    writeLines(log, lines);
    assertProblem(verify(), 6, "hash does not match");
  }

  @Test
  void deletedMiddleRecordIsASeqGap() throws Exception {
    lines.remove(4);
    writeLines(log, lines);
    assertProblem(verify(), 5, "seq 6 follows seq 4: 1 record(s) missing");
  }

  @Test
  void deletedLastRecordsAreCaughtByTheHeadButNotByTheChainAlone() throws Exception {
    writeLines(log, lines.subList(0, 8));
    assertProblem(verify(), 8, "the log ends at seq 8 but head");
    assertTrue(verifyWithoutHead().ok(), "a chain alone cannot see its end cut off");
  }

  @Test
  void forgedRecordInsertedWithARecomputedHashBreaksTheNextLink() throws Exception {
    AuditEvent forged = statement(99).toBuilder().decision("deny").build();
    lines.add(4, forge(forged, 5, field(lines.get(3), "hash")));
    writeLines(log, lines);
    // the forgery itself verifies (seq 5 after seq 4, right prev_hash); the genuine seq 5 after
    // it cannot
    assertProblem(verify(), 6, "seq 5 follows seq 5: records reordered or duplicated");
  }

  @Test
  void forgedRecordWithTheWholeSuffixRewrittenIsCaughtByTheHead() throws Exception {
    lines.add(4, forge(statement(99), 5, field(lines.get(3), "hash")));
    rechain(lines, 5);
    writeLines(log, lines);
    assertTrue(verifyWithoutHead().ok(), "a consistently rewritten chain verifies on its own");
    assertProblem(verify(), 10, "seq 10 has hash");
  }

  @Test
  void suffixAndHeadRewrittenTogetherAreCaughtOnlyByAnExternalAnchor() throws Exception {
    String originalLast = lines.get(9);
    lines.add(4, forge(statement(99), 5, field(lines.get(3), "hash")));
    rechain(lines, 5);
    writeLines(log, lines);
    rewriteHead(head, lines);
    assertTrue(verify().ok(), "whoever can rewrite both files defeats the local checks");
    AuditVerifier.Anchor shipped =
        AuditVerifier.Anchor.parse("10:" + field(originalLast, "hash"));
    AuditVerifier.Report anchored =
        AuditVerifier.verify(List.of(log), head, List.of(shipped), false);
    assertProblem(anchored, 10, "anchor 10");
  }

  @Test
  void forgedRecordAppendedAtTheEndIsReportedAsNotCoveredByTheHead() throws Exception {
    lines.add(forge(statement(99), 11, field(lines.get(9), "hash")));
    writeLines(log, lines);
    AuditVerifier.Report report = verify();
    assertTrue(report.ok(), "an appended record chains correctly");
    assertTrue(report.warnings().stream().anyMatch(w -> w.contains("1 record(s) after seq 10")),
        report.warnings().toString());
  }

  @Test
  void reorderedRecordsAreCaughtAtTheFirstOutOfPlace() throws Exception {
    String fourth = lines.get(3);
    lines.set(3, lines.get(4));
    lines.set(4, fourth);
    writeLines(log, lines);
    assertProblem(verify(), 4, "seq 5 follows seq 3");
  }

  @Test
  void truncatedMidLineIsATornTailWarningButTheHeadCatchesTheLoss() throws Exception {
    byte[] bytes = Files.readAllBytes(log);
    int cut = bytes.length - lines.get(9).length() / 2;
    Files.write(log, java.util.Arrays.copyOf(bytes, cut));
    AuditVerifier.Report alone = verifyWithoutHead();
    assertTrue(alone.ok(), String.valueOf(alone));
    assertEquals(9, alone.records());
    assertTrue(alone.warnings().get(0).contains(":10: torn final line (crash?)"),
        alone.warnings().toString());
    assertProblem(verify(), 9, "the log ends at seq 9 but head");
  }

  @Test
  void editedWhitespaceKeepsTheHashButIsNotCanonical() throws Exception {
    lines.set(2, lines.get(2).replace("\"decision\":\"allow\"", "\"decision\": \"allow\""));
    writeLines(log, lines);
    assertProblem(verify(), 3, "not in canonical form");
  }

  @Test
  void duplicatedKeyIsNotARecord() throws Exception {
    lines.set(2, lines.get(2).replace("{\"datasource\"", "{\"decision\":\"deny\",\"datasource\""));
    writeLines(log, lines);
    assertProblem(verify(), 3, "not a JSON record");
  }

  @Test
  void garbageLineInTheMiddleIsAProblem() throws Exception {
    lines.add(5, "not json at all");
    writeLines(log, lines);
    assertProblem(verify(), 6, "not a JSON record");
  }

  @Test
  void forgedGenesisIsCaught() throws Exception {
    List<String> forged = new ArrayList<>(lines.subList(3, 10));
    forged.set(0, forge(statement(4), 4, HashChain.GENESIS));
    writeLines(log, forged);
    assertProblem(verifyWithoutHead(), 1, "only seq 1 starts from the genesis hash");
  }

  @Test
  void missingFirstRecordsAreANoteUnlessGenesisIsRequired() throws Exception {
    writeLines(log, lines.subList(2, 10));
    AuditVerifier.Report lenient = verify();
    assertTrue(lenient.ok(), String.valueOf(lenient));
    assertTrue(lenient.checked().get(0).contains("chain starts at seq 3"), lenient.toString());
    AuditVerifier.Report strict = AuditVerifier.verify(List.of(log), head, List.of(), true);
    assertProblem(strict, 1, "records 1 to 2 are missing");
  }

  @Test
  void unreadableHeadIsAProblem() throws Exception {
    Files.writeString(head, "{not a head");
    AuditVerifier.Report report = verify();
    assertFalse(report.ok());
    assertEquals(head, report.problem().file());
  }

  @Test
  void swappedRotatedFilesAreCaught() throws Exception {
    Path rotating = dir.resolve("rot/gatehouse.jsonl");
    try (AuditLog audit =
        AuditLog.open(config(rotating, AuditConfig.Durability.WRITE, 1500))) {
      for (int i = 1; i <= 30; i++) {
        audit.append(statement(i));
      }
    }
    List<Path> files = new LogFiles(rotating).allInOrder();
    assertTrue(files.size() >= 3, files.toString());
    assertTrue(AuditVerifier.verify(files, LogFiles.headOf(rotating), List.of(), true).ok());
    List<Path> swapped = new ArrayList<>(files);
    swapped.set(0, files.get(1));
    swapped.set(1, files.get(0));
    AuditVerifier.Report report =
        AuditVerifier.verify(swapped, LogFiles.headOf(rotating), List.of(), false);
    assertProblem(report, 1, "seq 1 follows seq");
    assertEquals(files.get(0), report.problem().file());
  }

  @Test
  void tornLineInAFileThatIsNotTheLastIsAProblem() throws Exception {
    Path second = dir.resolve("gatehouse.000002.jsonl");
    Files.write(log, (String.join("\n", lines.subList(0, 5)) + "\n{\"datasource\":\"or")
        .getBytes(StandardCharsets.UTF_8));
    writeLines(second, lines.subList(5, 10));
    AuditVerifier.Report report = AuditVerifier.verify(List.of(log, second), null, List.of(), true);
    assertProblem(report, 6, "not at the end of the last file");
  }

  @Test
  void emptyLogWithoutHeadVerifiesAsEmpty() throws Exception {
    Files.write(log, new byte[0]);
    AuditVerifier.Report report = verifyWithoutHead();
    assertTrue(report.ok());
    assertEquals(0, report.records());
    assertNull(report.problem());
  }
}
