package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.sql.TableName;
import java.util.Locale;
import java.util.Set;

/**
 * The databases' own catalogs. They show more than an agent's data: other sessions and their
 * SQL (H2's {@code INFORMATION_SCHEMA.SESSIONS}, PostgreSQL's {@code pg_stat_activity},
 * MariaDB's {@code PROCESSLIST}), users and their password hashes, server settings. An allow
 * rule reaches them only by naming them in {@code tables}; "may read anything" does not include
 * them.
 */
final class SystemCatalogs {
  private static final Set<String> SCHEMAS = Set.of(
      "information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys");

  private SystemCatalogs() {}

  static boolean contains(TableName t) {
    return t != null && SCHEMAS.contains(t.schema().toLowerCase(Locale.ROOT));
  }
}
