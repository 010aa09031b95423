package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file log, written by the appending threads themselves with leader/follower group commit.
 * An appender serialises its event to canonical JSON, queues it and tries to become the leader.
 * The leader drains everything queued (its own record included), and {@link AuditFile} seals the
 * batch into the chain, writes it with one write, forces it with one {@code fdatasync} (fsync
 * mode), updates the head and copies it to the stdout sink; then the leader releases every
 * appender of the batch. Appenders that find a leader at work park until their record is done,
 * and whatever arrives while a leader forces is written and forced together by the next leader,
 * so the fsync cost is shared. A single session never hands off to another thread: it writes
 * its own record and returns (there is no writer thread to wake and wait for).
 *
 * <p>A caller never returns before its record is where the durability setting promises; seq
 * order is queue order is chain order; a failed batch fails every appender in it with {@link
 * AuditUnavailableException} (see {@link AuditFile} for how the next batch recovers). After
 * {@link #close} every append throws.
 *
 * <p>Interrupts: a channel operation in a thread whose interrupt flag is set closes the channel
 * for everyone. So the flag is cleared while a thread may lead a batch and restored before
 * {@link #append} returns; an interrupt that still lands mid-write fails that batch only.
 */
final class AuditWriter implements AuditLog {
  private static final int MAX_BATCH = 4096;

  private final boolean redactParams;
  private final int recordRows;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock leader = new ReentrantLock();
  private volatile boolean closed;
  private volatile Throwable fatal;

  // Guarded by leader.
  private final AuditFile file;
  private final List<Pending> batch = new ArrayList<>();
  private final List<PreparedRecord> records = new ArrayList<>();
  private boolean finished; // the file is closed; a batch drained now can only be failed

  private AuditWriter(AuditConfig config, AuditFile file) {
    this.redactParams = config.redactLiterals();
    this.recordRows = config.recordRows();
    this.file = file;
  }

  static AuditWriter open(AuditConfig config, PrintStream stdout) {
    return new AuditWriter(config, AuditFile.open(config, stdout));
  }

  @Override
  public long append(AuditEvent event) {
    PreparedRecord record = PreparedRecord.of(event.enforce(redactParams, recordRows));
    if (closed) {
      throw unavailable();
    }
    Pending pending = new Pending(record);
    queue.add(pending);
    return commit(pending);
  }

  /**
   * Waits until {@code pending} is written, leading a batch whenever the leader lock is free.
   *
   * <p>Why no record is stranded in the queue: an appender enqueues before it tries the lock, and
   * a leader looks at the queue only after it has unlocked (see {@link #unlockAndHandOff}). Both
   * are volatile accesses, which the memory model orders totally. So for a queued record whose
   * appender's {@code tryLock} failed, the thread that held the lock then unlocks after that
   * enqueue and finds the queue non-empty: it unparks the appender at the head of the queue,
   * which tries the lock again. Either it wins and drains (the head at least), or it loses to a
   * thread that drains and hands off in the same way. Every lock holder drains the head, so the
   * queue ahead of any record shrinks until the record is drained. A queued record's appender is
   * always waiting for it (records leave the queue only to be completed or failed), so the
   * unpark always reaches a thread that will act on it.
   */
  private long commit(Pending pending) {
    boolean interrupted = false;
    try {
      while (!pending.done) {
        interrupted |= Thread.interrupted(); // before any I/O this thread may do as the leader
        if (leader.tryLock()) {
          try {
            leadOneBatch();
          } finally {
            unlockAndHandOff();
          }
        } else {
          LockSupport.park(this);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return pending.result();
  }

  /** Drains up to {@link #MAX_BATCH} queued records and writes (or fails) them as one batch. */
  private void leadOneBatch() {
    for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      if (finished) {
        failBatch(unavailable()); // queued just as close() finished the file
        return;
      }
      for (Pending p : batch) {
        records.add(p.record);
      }
      long first;
      try {
        first = file.append(records);
      } catch (AuditUnavailableException e) {
        failBatch(e);
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).complete(first + i);
      }
    } catch (Throwable t) {
      stop(t);
    } finally {
      batch.clear();
      records.clear();
    }
  }

  /** After the lock is released: makes sure whatever was queued meanwhile gets a leader. */
  private void unlockAndHandOff() {
    leader.unlock();
    Pending next = queue.peek();
    if (next != null && next.waiter != Thread.currentThread()) {
      LockSupport.unpark(next.waiter); // this thread loops and tries the lock by itself
    }
  }

  private void failBatch(AuditUnavailableException failure) {
    for (Pending p : batch) {
      p.fail(failure);
    }
  }

  /**
   * An Error (out of memory, say) while leading: the state of the chain is unknown, so fail
   * everyone, release the files and accept nothing more.
   */
  private void stop(Throwable t) {
    fatal = t;
    closed = true;
    finished = true;
    file.abandon();
    AuditUnavailableException failure = unavailable();
    failBatch(failure);
    for (Pending p; (p = queue.poll()) != null; ) {
      p.fail(failure);
    }
  }

  /**
   * Writes everything queued, forces it and releases the files. Appends that raced with close
   * and were queued after its last batch are failed by whichever thread leads next.
   */
  @Override
  public void close() {
    closed = true;
    boolean interrupted = false;
    leader.lock();
    try {
      while (!finished && !queue.isEmpty()) {
        interrupted |= Thread.interrupted();
        leadOneBatch();
      }
      interrupted |= Thread.interrupted();
      if (!finished) {
        finished = true;
        try {
          file.close();
        } catch (IOException | RuntimeException e) {
          fatal = e; // every record was already where its durability promised; later appends say why
        }
      }
    } finally {
      unlockAndHandOff();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private AuditUnavailableException unavailable() {
    Throwable cause = fatal;
    return cause == null
        ? new AuditUnavailableException("the audit log " + file.path() + " is closed")
        : new AuditUnavailableException(
            "the audit writer stopped: " + AuditFile.describe(cause), cause);
  }

  /** For tests: the file, to close its channels as an interrupt would. */
  AuditFile fileForTest() {
    return file;
  }

  /** One appender waiting for its record; completed by whichever thread leads its batch. */
  private static final class Pending {
    final PreparedRecord record;
    final Thread waiter = Thread.currentThread();
    private long seq;
    private AuditUnavailableException failure;
    private volatile boolean done; // written last: publishes seq and failure

    Pending(PreparedRecord record) {
      this.record = record;
    }

    // Only the lock holder completes or fails a record, and only once: stop() may meet records
    // of the batch that were already completed.
    void complete(long assigned) {
      if (done) {
        return;
      }
      seq = assigned;
      done = true;
      wake();
    }

    void fail(AuditUnavailableException e) {
      if (done) {
        return;
      }
      failure = e;
      done = true;
      wake();
    }

    private void wake() {
      if (waiter != Thread.currentThread()) {
        LockSupport.unpark(waiter);
      }
    }

    long result() {
      if (failure != null) {
        throw new AuditUnavailableException(failure.getMessage(), failure);
      }
      return seq;
    }
  }
}
