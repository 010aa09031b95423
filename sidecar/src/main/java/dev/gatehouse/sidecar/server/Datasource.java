package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.exec.Backend;
import dev.gatehouse.sidecar.sql.LiteralRedactor;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;

/**
 * A datasource at run time: its backend pool, the analyzer that reads SQL in its dialect, and
 * the redactor that keeps literals out of the audit log.
 */
record Datasource(Backend backend, SqlAnalyzer analyzer, LiteralRedactor redactor) {
  String name() {
    return backend.name();
  }
}
