package dev.gatehouse.sidecar.config;

import java.nio.file.Path;

/**
 * The audit trail (SPEC §8).
 *
 * @param path the JSON Lines file; rotated files sit beside it
 * @param durability {@link Durability#FSYNC} forces each record to disk before the agent sees its
 *     result (group commit amortises it); {@link Durability#WRITE} hands it to the OS only
 * @param redactLiterals replace SQL literals and parameters with {@code ?} in the log
 * @param recordRows how many rows of each result (after masking) to keep in the log; 0 keeps none
 * @param maxFileBytes rotate the file when it grows past this size
 * @param stdout also write each event, as one JSON line, to standard output for log shippers
 */
public record AuditConfig(
    Path path,
    Durability durability,
    boolean redactLiterals,
    int recordRows,
    long maxFileBytes,
    boolean stdout) {
  public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

  /** How far a record is pushed before the statement's result is released. */
  public enum Durability {
    FSYNC,
    WRITE
  }
}
