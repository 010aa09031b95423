package dev.gatehouse.sidecar.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditLog} in memory, for tests of the code that appends: the same records, chain and
 * enforcement of the redaction settings as the file log, and a switch to make appends fail so
 * fail-closed paths can be tested.
 */
public final class InMemoryAuditLog implements AuditLog {
  private final boolean redactParams;
  private final int recordRows;
  private final HashChain chain = HashChain.genesis();
  private final List<AuditRecord> records = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private final ByteBuilder line = new ByteBuilder(512);
  private boolean available = true;
  private boolean closed;

  /**
   * @param redactParams as {@code audit.redact_literals}: drop parameter values
   * @param recordRows as {@code audit.record_rows}: keep at most this many shown rows
   */
  public InMemoryAuditLog(boolean redactParams, int recordRows) {
    this.redactParams = redactParams;
    this.recordRows = recordRows;
  }

  @Override
  public synchronized long append(AuditEvent event) {
    if (closed) {
      throw new AuditUnavailableException("the audit log is closed");
    }
    if (!available) {
      throw new AuditUnavailableException("the audit log is unavailable (test switch)");
    }
    AuditEvent enforced = event.enforce(redactParams, recordRows);
    String prevHash = chain.lastHash();
    line.clear();
    long seq = chain.seal(PreparedRecord.of(enforced), line);
    records.add(new AuditRecord(seq, prevHash, chain.lastHash(), enforced));
    lines.add(new String(line.array(), 0, line.length() - 1, StandardCharsets.UTF_8));
    return seq;
  }

  /** Makes later appends throw {@link AuditUnavailableException} (false) or succeed (true). */
  public synchronized void setAvailable(boolean available) {
    this.available = available;
  }

  /** The records appended so far, in seq order. */
  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** The events appended so far, as recorded (after redaction), in seq order. */
  public synchronized List<AuditEvent> events() {
    List<AuditEvent> events = new ArrayList<>(records.size());
    for (AuditRecord r : records) {
      events.add(r.event());
    }
    return events;
  }

  /** The JSON lines a file log would hold, without their newlines. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
