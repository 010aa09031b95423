package dev.gatehouse.sidecar.sql;

import java.util.Objects;

/**
 * A function or statement form that reads or writes the server's files, runs code, reaches
 * other servers or otherwise acts outside the data (the per-dialect catalogue in
 * {@code dangerous.tsv}). The policy denies a statement with any of these unless a rule names
 * it explicitly.
 *
 * @param name the catalogue entry, lower case: a function name such as {@code pg_read_file}, or a
 *     statement form such as {@code create function}
 * @param reason why it is dangerous, for the agent and the audit log
 */
public record DangerousUse(String name, String reason) {
  public DangerousUse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }
}
