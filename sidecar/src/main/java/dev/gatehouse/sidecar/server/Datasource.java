package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.exec.Backend;
import dev.gatehouse.sidecar.sql.LiteralRedactor;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;

/**
 * A datasource at run time: its backend pool, the analyzer that reads SQL in its dialect, and
 * how its statements are written to the audit log.
 *
 * @param redactLiterals whether the audit log replaces literals with {@code ?}
 *     ({@code audit.redact_literals}, on by default)
 */
record Datasource(Backend backend, SqlAnalyzer analyzer, LiteralRedactor redactor,
    boolean redactLiterals) {
  String name() {
    return backend.name();
  }

  /** The statement as the audit log may show it. */
  String auditText(String sql) {
    return redactLiterals ? redactor.redact(sql) : sql;
  }
}
