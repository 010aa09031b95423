package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.field;
import static dev.gatehouse.sidecar.audit.AuditFixtures.lines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.writeLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuditWriterTest {
  @TempDir Path dir;

  private Path log() {
    return dir.resolve("audit/gatehouse.jsonl");
  }

  private AuditVerifier.Report verifyAll(Path active) throws Exception {
    return AuditVerifier.verify(
        new LogFiles(active).allInOrder(), LogFiles.headOf(active), List.of(), true);
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void appendsChainedRecordsThatVerify(Durability durability) throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), durability, 0))) {
      assertEquals(1, audit.append(statement(1)));
      assertEquals(2, audit.append(statement(2)));
    }
    List<String> lines = lines(log());
    assertEquals(2, lines.size());
    assertEquals(HashChain.GENESIS, field(lines.get(0), "prev_hash"));
    assertEquals(field(lines.get(0), "hash"), field(lines.get(1), "prev_hash"));
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(2, report.records());
  }

  @Test
  void recordsReadBackAsTheEventsThatWereAppended() throws Exception {
    AuditEvent event = statement(1);
    writeLog(log(), 1);
    JsonNode json = RecordLine.MAPPER.readTree(lines(log()).get(0));
    assertEquals(event, AuditEvent.fromJson(json));
  }

  @Test
  void continuesTheChainAfterARestart() throws Exception {
    writeLog(log(), 3);
    try (AuditLog audit = AuditLog.open(config(log()))) {
      assertEquals(4, audit.append(statement(4)));
    }
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(4, report.lastSeq());
  }

  @Test
  void headNamesTheLastRecord() throws Exception {
    writeLog(log(), 5);
    ChainHead head = ChainHead.read(LogFiles.headOf(log()));
    String last = lines(log()).get(4);
    assertEquals(5, head.seq());
    assertEquals(field(last, "hash"), head.hash());
    assertEquals("gatehouse.jsonl", head.file());
  }

  @Test
  void stdoutSinkCarriesTheSameLinesAsTheFile() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AuditConfig config = new AuditConfig(log(), Durability.FSYNC, true, 20, 0, true);
    try (PrintStream stdout = new PrintStream(captured, true, StandardCharsets.UTF_8);
        AuditLog audit = AuditLog.open(config, stdout)) {
      for (int i = 1; i <= 5; i++) {
        audit.append(statement(i));
      }
    }
    List<String> shipped = List.of(captured.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(lines(log()), shipped);
  }

  @Test
  void stdoutSinkIsOffUnlessConfigured() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream stdout = new PrintStream(captured, true, StandardCharsets.UTF_8);
        AuditLog audit = AuditLog.open(config(log()), stdout)) {
      audit.append(statement(1));
    }
    assertEquals(0, captured.size());
  }

  @Test
  void parametersAreDroppedUnlessRedactionIsOff() throws Exception {
    AuditEvent withParams = statement(1).toBuilder().params(List.of("4111111111111111")).build();
    writeLog(log(), 0);
    try (AuditLog audit = AuditLog.open(config(log()))) {
      audit.append(withParams);
    }
    String redacted = lines(log()).get(0);
    assertFalse(redacted.contains("4111111111111111"), redacted);
    assertTrue(redacted.contains("\"params_redacted\":true"), redacted);

    Path kept = dir.resolve("kept/gatehouse.jsonl");
    try (AuditLog audit =
        AuditLog.open(new AuditConfig(kept, Durability.WRITE, false, 20, 0, false))) {
      audit.append(withParams);
    }
    assertTrue(lines(kept).get(0).contains("\"params\":[\"4111111111111111\"]"));
  }

  @Test
  void keepsAtMostRecordRowsOfWhatTheAgentWasShown() throws Exception {
    List<List<String>> shown = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      shown.add(java.util.Arrays.asList("row" + i, null));
    }
    AuditEvent event = statement(1).toBuilder().rows(5).shownRows(shown).build();
    try (AuditLog audit =
        AuditLog.open(new AuditConfig(log(), Durability.WRITE, true, 2, 0, false))) {
      audit.append(event);
    }
    AuditEvent read = AuditEvent.fromJson(RecordLine.MAPPER.readTree(lines(log()).get(0)));
    assertEquals(shown.subList(0, 2), read.shownRows());

    Path none = dir.resolve("none/gatehouse.jsonl");
    try (AuditLog audit =
        AuditLog.open(new AuditConfig(none, Durability.WRITE, true, 0, 0, false))) {
      audit.append(event);
    }
    assertFalse(lines(none).get(0).contains("shown_rows"));
  }

  @Test
  void aSecondWriterOnTheSameLogIsRefused() {
    try (AuditLog first = AuditLog.open(config(log()))) {
      first.append(statement(1));
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())));
      assertTrue(e.getMessage().contains("another writer"), e.getMessage());
      first.append(statement(2));
    }
  }

  @Test
  void closedLogRejectsAppends() {
    AuditLog audit = AuditLog.open(config(log()));
    audit.close();
    assertThrows(AuditUnavailableException.class, () -> audit.append(statement(1)));
    audit.close(); // idempotent
  }

  @Test
  void anInterruptedAppenderStillWritesAndKeepsItsInterruptFlag() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      Thread.currentThread().interrupt();
      long seq;
      try {
        seq = audit.append(statement(1));
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
      }
      assertEquals(1, seq);
      assertEquals(2, audit.append(statement(2)), "the log is still usable");
    }
    assertTrue(verifyAll(log()).ok());
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void concurrentAppendersEachAppearExactlyOnceInTheirOrder(Durability durability)
      throws Exception {
    int threads = 64;
    int perThread = 40;
    ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    try (AuditLog audit = AuditLog.open(config(log(), durability, 0))) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread worker = new Thread(() -> {
          awaitQuietly(start);
          for (int i = 0; i < perThread; i++) {
            AuditEvent event = statement(i).toBuilder().field("thread", thread).build();
            acknowledged.add(new long[] {thread, i, audit.append(event)});
          }
        });
        worker.start();
        workers.add(worker);
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
    }
    Map<Long, JsonNode> bySeq = new HashMap<>();
    for (String line : lines(log())) {
      JsonNode record = RecordLine.MAPPER.readTree(line);
      assertEquals(null, bySeq.put(record.get("seq").longValue(), record), "seq appears once");
    }
    assertEquals(threads * perThread, bySeq.size());
    assertEquals(threads * perThread, acknowledged.size());
    long[] lastSeqOfThread = new long[threads];
    List<long[]> inOrder = new ArrayList<>(acknowledged);
    inOrder.sort((a, b) -> Long.compare(a[2], b[2]));
    for (long[] ack : inOrder) {
      JsonNode record = bySeq.get(ack[2]);
      assertEquals(ack[0], record.get("thread").longValue(), "the acknowledged event is there");
      assertEquals(ack[1], record.get("n").longValue());
      assertTrue(ack[2] > lastSeqOfThread[(int) ack[0]], "a thread's events keep their order");
      lastSeqOfThread[(int) ack[0]] = ack[2];
    }
    assertTrue(verifyAll(log()).ok());
  }

  @Test
  void rotatesIntoNumberedFilesThatVerifyAsOneChain() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 2000))) {
      for (int i = 1; i <= 40; i++) {
        audit.append(statement(i));
      }
    }
    List<Path> files = new LogFiles(log()).allInOrder();
    assertTrue(files.size() >= 3, files.toString());
    assertEquals("gatehouse.000001.jsonl", files.get(0).getFileName().toString());
    assertEquals(log(), files.get(files.size() - 1));
    for (int i = 1; i < files.size(); i++) {
      List<String> previous = lines(files.get(i - 1));
      assertEquals(field(previous.get(previous.size() - 1), "hash"),
          field(lines(files.get(i)).get(0), "prev_hash"), "each file continues the chain");
    }
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(40, report.records());

    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 2000))) {
      assertEquals(41, audit.append(statement(41)), "seq goes on across restarts and files");
    }
    assertTrue(verifyAll(log()).ok());
  }

  @Test
  void aCrashRightAfterRotationContinuesFromTheNewestRotatedFile() throws Exception {
    writeLog(log(), 4);
    Files.move(log(), new LogFiles(log()).rotated(1));
    Files.createFile(log());
    try (AuditLog audit = AuditLog.open(config(log()))) {
      assertEquals(5, audit.append(statement(5)));
    }
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(2, report.files());
  }

  @Test
  void aTornTailIsRemovedAndRecordedOnRestart() throws Exception {
    writeLog(log(), 5);
    byte[] fragment = "{\"datasource\":\"orders\",\"decis".getBytes(StandardCharsets.UTF_8);
    Files.write(log(), fragment, StandardOpenOption.APPEND);
    assertTrue(verifyAll(log()).warnings().get(0).contains(":6: torn final line (crash?)"));

    try (AuditLog audit = AuditLog.open(config(log()))) {
      assertEquals(7, audit.append(statement(6)), "seq 6 is the log_recovered record");
    }
    List<String> lines = lines(log());
    assertEquals(7, lines.size());
    AuditEvent recovered = AuditEvent.fromJson(RecordLine.MAPPER.readTree(lines.get(5)));
    assertEquals(AuditEvent.Type.LOG_RECOVERED, recovered.type());
    assertEquals("6", recovered.extensionText("torn_line"));
    assertEquals(String.valueOf(fragment.length), recovered.extensionText("torn_bytes"));
    assertEquals(HashChain.hex(HashChain.newDigest().digest(fragment)),
        recovered.extensionText("torn_sha256"));
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertTrue(report.warnings().get(0).contains("removed a torn line (line 6"),
        report.warnings().toString());
  }

  @Test
  void theStdoutSinkAlsoCarriesTheRecoveryRecord() throws Exception {
    writeLog(log(), 2);
    Files.write(log(), "{\"da".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AuditConfig config = new AuditConfig(log(), Durability.WRITE, true, 20, 0, true);
    try (PrintStream stdout = new PrintStream(captured, true, StandardCharsets.UTF_8);
        AuditLog audit = AuditLog.open(config, stdout)) {
      audit.append(statement(3));
    }
    List<String> shipped = List.of(captured.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(lines(log()).subList(2, 4), shipped, "every link, so the shipped copy chains");
    assertTrue(shipped.get(0).contains("\"type\":\"log_recovered\""), shipped.get(0));
  }

  @Test
  void refusesToStartWhenTheHeadIsAheadOfTheLog() throws Exception {
    writeLog(log(), 5);
    writeLines(log(), lines(log()).subList(0, 3));
    AuditUnavailableException e =
        assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())));
    assertTrue(e.getMessage().contains("ends at seq 3 but its head"), e.getMessage());
  }

  @Test
  void refusesToStartWhenTheLogIsGoneButItsHeadIsNot() throws Exception {
    writeLog(log(), 5);
    Files.delete(log());
    AuditUnavailableException e =
        assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())));
    assertTrue(e.getMessage().contains("records seq 5"), e.getMessage());
  }

  @Test
  void refusesToContinueFromALastRecordThatDoesNotVerify() throws Exception {
    writeLog(log(), 5);
    List<String> lines = lines(log());
    lines.set(4, lines.get(4).replace("\"allow\"", "\"deny\""));
    writeLines(log(), lines);
    AuditUnavailableException e =
        assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())));
    assertTrue(e.getMessage().contains("not a valid record"), e.getMessage());
  }

  @Test
  void failsClosedWhenTheDirectoryCannotBeCreated() throws Exception {
    Files.writeString(dir.resolve("not-a-dir"), "x");
    Path impossible = dir.resolve("not-a-dir/gatehouse.jsonl");
    assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(impossible)));
  }

  @Test
  void failsClosedOnAFullDisk() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full");
    Files.createDirectories(log().getParent());
    Files.createSymbolicLink(log(), full);
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> audit.append(statement(1)));
      assertTrue(e.getMessage().contains("cannot write the audit log"), e.getMessage());
      assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)),
          "and keeps failing while the disk is full");
    }
  }

  @Test
  void failsClosedWhenTheLogFileIsRemoved() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      audit.append(statement(1));
      Files.delete(log());
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
      assertTrue(e.getMessage().contains("removed or replaced"), e.getMessage());
      assertThrows(AuditUnavailableException.class, () -> audit.append(statement(3)));
      assertFalse(Files.exists(log()), "no new chain is started behind the operator's back");
    }
  }

  @Test
  void failsClosedWhenTheLogFileIsReplaced() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log()))) {
      audit.append(statement(1));
      Files.move(log(), dir.resolve("elsewhere.jsonl"));
      Files.writeString(log(), "");
      assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
      assertEquals(0, Files.size(log()));
    }
  }

  @Test
  void failsClosedWhenTheDirectoryIsReplaced() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log()))) {
      audit.append(statement(1));
      Files.move(log().getParent(), dir.resolve("moved"));
      Files.createDirectories(log().getParent());
      assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
    }
  }

  @Test
  void bytesWrittenByAnotherProcessFailTheBatchThenAreRemovedAndRecorded() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log()))) {
      audit.append(statement(1));
      Files.write(log(), "{\"datas".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
      assertTrue(e.getMessage().contains("another process changed it"), e.getMessage());
      assertEquals(3, audit.append(statement(3)), "seq 2 is the log_recovered record");
    }
    List<String> lines = lines(log());
    assertTrue(lines.get(1).contains("\"type\":\"log_recovered\""), lines.get(1));
    AuditVerifier.Report report = verifyAll(log());
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(1, report.warnings().size(), report.warnings().toString());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
