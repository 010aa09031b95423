package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.PrintStream;

/**
 * The audit log of SPEC §8: every event, hash-chained, written before the agent sees the result
 * it records. Thread-safe; any number of sessions append concurrently.
 *
 * <p>Fail closed: {@link #append} either returns after the record is written (and, with {@code
 * durability: fsync}, forced to disk) or throws {@link AuditUnavailableException}, and then the
 * caller must not hand the statement's result to the agent.
 */
public interface AuditLog extends AutoCloseable {
  /**
   * Appends {@code event} and returns when it is written; with {@code durability: fsync} also
   * forced to disk. Concurrent appends share one write and one fsync (group commit).
   *
   * @return the seq the record was given (e.g. for a later {@code statement_end})
   * @throws AuditUnavailableException if the record could not be written; fail the statement
   */
  long append(AuditEvent event);

  /** Writes what is queued, forces it to disk and releases the file. Later appends throw. */
  @Override
  void close();

  /**
   * Opens (or creates) the log at {@code config.path()}, continuing the chain of the files already
   * there. Standard output is the second sink when {@code config.stdout()} is set.
   *
   * @throws AuditUnavailableException if the log cannot be opened or continued safely (a head
   *     that is ahead of the log, a last record that does not verify, another writer)
   */
  static AuditLog open(AuditConfig config) {
    return open(config, System.out);
  }

  /** As {@link #open(AuditConfig)}, with the stream the stdout sink writes to (for tests). */
  static AuditLog open(AuditConfig config, PrintStream stdout) {
    return AuditWriter.open(config, config.stdout() ? stdout : null);
  }

  /** A log kept in memory with the default settings (parameters redacted): for tests. */
  static InMemoryAuditLog inMemory() {
    return new InMemoryAuditLog(true, Integer.MAX_VALUE);
  }
}
