package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.lines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leader/follower group commit in {@link AuditWriter}: real files, real threads. Each thread
 * tags its events with {@code thread} and {@code n}, so an acknowledged seq can be matched with
 * the record the file holds under it.
 */
class AuditGroupCommitTest {
  private static final long JOIN_MILLIS = 60_000;

  @TempDir Path dir;

  private Path log() {
    return dir.resolve("audit/gatehouse.jsonl");
  }

  private AuditVerifier.Report verifyAll() throws Exception {
    return AuditVerifier.verify(
        new LogFiles(log()).allInOrder(), LogFiles.headOf(log()), List.of(), true);
  }

  private static AuditEvent tagged(int thread, int n) {
    return statement(n).toBuilder().field("thread", thread).build();
  }

  /** The file's statement records by seq, each as {thread, n}. */
  private Map<Long, long[]> recordsBySeq() throws Exception {
    Map<Long, long[]> bySeq = new HashMap<>();
    for (String line : lines(log())) {
      JsonNode record = RecordLine.MAPPER.readTree(line);
      if (record.has("thread")) {
        long[] tag = {record.get("thread").longValue(), record.get("n").longValue()};
        assertNull(bySeq.put(record.get("seq").longValue(), tag), "a seq appears once");
      }
    }
    return bySeq;
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void manyThreadsGetDistinctContiguousSeqsAndTheFileVerifies(Durability durability)
      throws Exception {
    int threads = 16;
    int perThread = 500;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    try (AuditLog audit = AuditLog.open(config(log(), durability, 0))) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(start(() -> {
          awaitUninterruptibly(start);
          for (int i = 0; i < perThread; i++) {
            long seq = audit.append(tagged(thread, i));
            assertNull(acknowledged.put(seq, new long[] {thread, i}), "seq " + seq + " twice");
          }
        }));
      }
      start.countDown();
      joinAll(workers);
    }
    int total = threads * perThread;
    assertEquals(total, acknowledged.size());
    for (long seq = 1; seq <= total; seq++) {
      assertNotNull(acknowledged.get(seq), "seqs are contiguous; missing " + seq);
    }
    Map<Long, long[]> inFile = recordsBySeq();
    assertEquals(total, lines(log()).size());
    for (Map.Entry<Long, long[]> ack : acknowledged.entrySet()) {
      long[] record = inFile.get(ack.getKey());
      assertEquals(ack.getValue()[0], record[0], "seq " + ack.getKey() + " is that thread's");
      assertEquals(ack.getValue()[1], record[1]);
    }
    AuditVerifier.Report report = verifyAll();
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(total, report.records());
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void closeWhileThreadsAppendLeavesExactlyTheAcknowledgedRecords(Durability durability)
      throws Exception {
    int threads = 8;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    AuditLog audit = AuditLog.open(config(log(), durability, 0));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(start(() -> {
        for (int i = 0; ; i++) {
          try {
            acknowledged.put(audit.append(tagged(thread, i)), new long[] {thread, i});
          } catch (AuditUnavailableException e) {
            refused.incrementAndGet();
            return;
          }
        }
      }));
    }
    while (acknowledged.size() < 200) {
      Thread.sleep(1);
    }
    audit.close();
    joinAll(workers); // a record stranded in the queue would hang its thread here
    assertEquals(threads, refused.get(), "every thread ends with AuditUnavailableException");
    Map<Long, long[]> inFile = recordsBySeq();
    assertEquals(acknowledged.keySet(), inFile.keySet(), "acknowledged = written, no more");
    for (Map.Entry<Long, long[]> ack : acknowledged.entrySet()) {
      long[] record = inFile.get(ack.getKey());
      assertEquals(ack.getValue()[0], record[0]);
      assertEquals(ack.getValue()[1], record[1]);
    }
    AuditVerifier.Report report = verifyAll();
    assertTrue(report.ok(), String.valueOf(report));
    assertThrows(AuditUnavailableException.class, () -> audit.append(statement(1)));
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void anUncontendedAppendIsWrittenByTheCallingThreadItself(Durability durability)
      throws Exception {
    WatchingSink sink = new WatchingSink();
    AuditConfig config = new AuditConfig(log(), durability, true, 20, 0, true);
    try (AuditLog audit = AuditLog.open(config, sink)) {
      assertEquals(1, audit.append(statement(1)));
      assertEquals(2, audit.append(statement(2)));
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        assertFalse(t.getName().startsWith("gatehouse-audit"), "no writer thread: " + t);
      }
    }
    assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), sink.writers);
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void recordsQueuedWhileALeaderWritesAreWrittenTogetherByOneOfTheirThreads(Durability durability)
      throws Exception {
    WatchingSink sink = new WatchingSink();
    AuditConfig config = new AuditConfig(log(), durability, true, 20, 0, true);
    int followers = 6;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    try (AuditLog audit = AuditLog.open(config, sink)) {
      sink.holdNextWrite();
      Thread first = start(() -> acknowledged.put(audit.append(tagged(0, 0)), new long[] {0, 0}));
      sink.awaitHeld();
      List<Thread> queued = startFollowers(audit, followers, acknowledged, null);
      awaitParked(queued, audit);
      sink.release();
      first.join(JOIN_MILLIS);
      joinAll(queued);
      assertEquals(2, sink.writers.size(), "the leader's batch, then one batch for the rest");
      assertSame(first, sink.writers.get(0));
      assertTrue(queued.contains(sink.writers.get(1)), "led by a queued appender, no other thread");
    }
    assertEquals(followers + 1, acknowledged.size());
    assertEquals(acknowledged.keySet(), recordsBySeq().keySet());
    assertTrue(verifyAll().ok());
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void closeWritesWhatWasQueuedBeforeItThenRefuses(Durability durability) throws Exception {
    WatchingSink sink = new WatchingSink();
    AuditConfig config = new AuditConfig(log(), durability, true, 20, 0, true);
    int followers = 4;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    AuditLog audit = AuditLog.open(config, sink);
    sink.holdNextWrite();
    Thread first = start(() -> acknowledged.put(audit.append(tagged(0, 0)), new long[] {0, 0}));
    sink.awaitHeld();
    List<Thread> queued = startFollowers(audit, followers, acknowledged, null);
    awaitParked(queued, audit);
    Thread closer = start(audit::close);
    while (closer.getState() != Thread.State.WAITING) {
      Thread.sleep(1); // close() waits for the leader lock
    }
    sink.release();
    closer.join(JOIN_MILLIS);
    assertFalse(closer.isAlive());
    assertEquals(followers + 1, recordsBySeq().size(), "close wrote the queued records first");
    first.join(JOIN_MILLIS);
    joinAll(queued);
    assertEquals(followers + 1, acknowledged.size());
    assertThrows(AuditUnavailableException.class, () -> audit.append(statement(9)));
    assertEquals(acknowledged.keySet(), recordsBySeq().keySet());
    assertTrue(verifyAll().ok());
    AuditLog.open(config(log())).close(); // and the files were released
  }

  @Test
  void aFailingBatchFailsExactlyItsOwnAppendersAndTheNextOneRecovers() throws Exception {
    WatchingSink sink = new WatchingSink();
    AuditConfig config = new AuditConfig(log(), Durability.WRITE, true, 20, 0, true);
    int followers = 5;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    List<AuditUnavailableException> failures = Collections.synchronizedList(new ArrayList<>());
    try (AuditLog audit = AuditLog.open(config, sink)) {
      sink.holdNextWrite();
      Thread first = start(() -> acknowledged.put(audit.append(tagged(0, 0)), new long[] {0, 0}));
      sink.awaitHeld();
      List<Thread> queued = startFollowers(audit, followers, acknowledged, failures);
      awaitParked(queued, audit);
      // while the leader is between batches, another process appends to the file
      Files.write(log(), "{\"datas".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      sink.release();
      first.join(JOIN_MILLIS);
      joinAll(queued);
      assertEquals(List.of(1L), List.copyOf(acknowledged.keySet()), "the first batch was fine");
      assertEquals(followers, failures.size(), "every appender of the next batch failed");
      for (AuditUnavailableException e : failures) {
        assertTrue(e.getMessage().contains("another process changed it"), e.getMessage());
      }
      assertEquals(3, audit.append(statement(3)), "seq 2 is the log_recovered record");
    }
    List<String> lines = lines(log());
    assertEquals(3, lines.size());
    assertTrue(lines.get(1).contains("\"type\":\"log_recovered\""), lines.get(1));
    assertTrue(verifyAll().ok());
  }

  @Test
  void aBatchFailedByAClosedChannelIsFollowedByAWorkingOne() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      assertEquals(1, audit.append(statement(1)));
      // what ClosedByInterruptException leaves behind when an interrupt lands mid-write
      ((AuditWriter) audit).fileForTest().dataChannelForTest().close();
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
      assertTrue(e.getMessage().contains("ClosedChannelException"), e.getMessage());
      assertEquals(2, audit.append(statement(3)), "the next batch reopens the same file");
    }
    AuditVerifier.Report report = verifyAll();
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(2, report.records());
  }

  @Test
  void aClosedHeadChannelIsReopenedAndRelocked() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      assertEquals(1, audit.append(statement(1)));
      FileChannel head = ((AuditWriter) audit).fileForTest().headChannelForTest();
      head.close(); // drops the lock, as an interrupt during the head write would
      assertEquals(2, audit.append(statement(2)));
      assertEquals(2, ChainHead.read(LogFiles.headOf(log())).seq(), "the head is written again");
      AuditUnavailableException e =
          assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())));
      assertTrue(e.getMessage().contains("another writer"), "the lock is held again");
    }
    assertTrue(verifyAll().ok());
  }

  @Test
  void failsClosedWhenAnotherWriterTookTheHeadLockMeanwhile() throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      assertEquals(1, audit.append(statement(1)));
      ((AuditWriter) audit).fileForTest().headChannelForTest().close();
      try (FileChannel other = FileChannel.open(LogFiles.headOf(log()), StandardOpenOption.WRITE)) {
        FileLock taken = other.tryLock();
        assertNotNull(taken);
        AuditUnavailableException e =
            assertThrows(AuditUnavailableException.class, () -> audit.append(statement(2)));
        assertTrue(e.getMessage().contains("another writer"), e.getMessage());
        taken.release();
      }
      assertEquals(2, audit.append(statement(3)), "once the lock is free again, it goes on");
    }
    assertTrue(verifyAll().ok());
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void anInterruptedAppenderOfEitherModeWritesAndKeepsItsFlag(Durability durability)
      throws Exception {
    try (AuditLog audit = AuditLog.open(config(log(), durability, 0))) {
      for (int i = 1; i <= 3; i++) {
        Thread.currentThread().interrupt();
        try {
          assertEquals(i, audit.append(statement(i)));
        } finally {
          assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
        }
      }
    }
    assertTrue(verifyAll().ok());
  }

  /**
   * Interrupts aimed at appenders while they lead or wait: an interrupt that lands in a channel
   * operation fails that batch (how often depends on timing); none may break the log for good,
   * lose an acknowledged record or leave the chain unverifiable.
   */
  @Test
  void interruptsDuringAppendsNeverCostAnAcknowledgedRecordOrTheLog() throws Exception {
    int threads = 4;
    int perThread = 300;
    Map<Long, long[]> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    try (AuditLog audit = AuditLog.open(config(log(), Durability.FSYNC, 0))) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(start(() -> {
          for (int i = 0; i < perThread; i++) {
            try {
              acknowledged.put(audit.append(tagged(thread, i)), new long[] {thread, i});
            } catch (AuditUnavailableException e) {
              failed.incrementAndGet();
            }
          }
        }));
      }
      Thread interrupter = start(() -> {
        for (int i = 0; workers.stream().anyMatch(Thread::isAlive); i++) {
          workers.get(i % threads).interrupt();
          LockSupport.parkNanos(200_000);
        }
      });
      joinAll(workers);
      interrupter.join(JOIN_MILLIS);
      assertEquals(threads * perThread, acknowledged.size() + failed.get());
      long last = audit.append(statement(0));
      assertTrue(last > acknowledged.size(), "the log still works after the storm");
      assertThrows(AuditUnavailableException.class, () -> AuditLog.open(config(log())),
          "and still holds the head lock");
    }
    Map<Long, long[]> inFile = recordsBySeq();
    for (Map.Entry<Long, long[]> ack : acknowledged.entrySet()) {
      long[] record = inFile.get(ack.getKey());
      assertNotNull(record, "acknowledged seq " + ack.getKey() + " is in the file");
      assertEquals(ack.getValue()[0], record[0]);
      assertEquals(ack.getValue()[1], record[1]);
    }
    AuditVerifier.Report report = verifyAll();
    assertTrue(report.ok(), String.valueOf(report));
  }

  // ---- helpers ----

  private List<Thread> startFollowers(AuditLog audit, int count, Map<Long, long[]> acknowledged,
      List<AuditUnavailableException> failures) {
    List<Thread> started = new ArrayList<>();
    for (int t = 1; t <= count; t++) {
      int thread = t;
      started.add(start(() -> {
        try {
          acknowledged.put(audit.append(tagged(thread, 0)), new long[] {thread, 0});
        } catch (AuditUnavailableException e) {
          if (failures == null) {
            throw e;
          }
          failures.add(e);
        }
      }));
    }
    return started;
  }

  /** Waits until each thread is parked in the writer: its record is queued behind the leader. */
  private static void awaitParked(List<Thread> threads, AuditLog audit) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
    for (Thread t : threads) {
      while (LockSupport.getBlocker(t) != audit) {
        if (System.nanoTime() > deadline) {
          fail(t + " never queued");
        }
        Thread.sleep(1);
      }
    }
  }

  private static Thread start(Runnable body) {
    Thread thread = new Thread(body);
    thread.start();
    return thread;
  }

  /** Joins all within one deadline; a thread still alive then waits for a stranded record. */
  private static void joinAll(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      assertFalse(t.isAlive(), t + " still waits for its record");
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A stdout sink that notes which thread wrote each batch, and can hold the leader inside its
   * batch (after the file write, with the leader lock held) until released.
   */
  private static final class WatchingSink extends PrintStream {
    final List<Thread> writers = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holdNext;

    WatchingSink() {
      super(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    void holdNextWrite() {
      holdNext = true;
    }

    void awaitHeld() throws InterruptedException {
      assertTrue(held.await(JOIN_MILLIS, TimeUnit.MILLISECONDS), "the leader reached the sink");
    }

    void release() {
      released.countDown();
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      writers.add(Thread.currentThread());
      super.write(buf, off, len);
      if (holdNext) {
        holdNext = false;
        held.countDown();
        awaitUninterruptibly(released);
      }
    }
  }
}
