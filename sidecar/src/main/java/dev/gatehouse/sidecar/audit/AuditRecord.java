package dev.gatehouse.sidecar.audit;

/**
 * An event as the log holds it: with the {@code seq} the writer gave it and its place in the hash
 * chain ({@code hash = SHA-256(prev_hash ‖ canonical record without hash)}, docs/AUDIT.md).
 *
 * @param seq strictly increasing from 1 across rotations
 * @param prevHash the previous record's hash, or 64 zeros for the first record of a log
 * @param hash this record's hash, lower-case hex
 * @param event the event
 */
public record AuditRecord(long seq, String prevHash, String hash, AuditEvent event) {}
