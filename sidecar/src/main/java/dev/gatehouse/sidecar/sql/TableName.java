package dev.gatehouse.sidecar.sql;

import java.util.Objects;

/**
 * A table (or view) name resolved the way the backend resolves it: default schema applied,
 * unquoted parts case-folded per dialect, quotes removed, catalog checked. Two references denote
 * the same table exactly when their {@code TableName}s are equal. Compare configured names with
 * {@link NameResolver#table(String)}, which applies the same rules.
 *
 * @param catalog the database (PostgreSQL, H2) the table lives in, canonical case; {@code null}
 *     when the datasource does not say (every catalog qualifier then means the connection's own
 *     database: PostgreSQL and H2 reject any other). Always {@code null} for MariaDB.
 * @param schema the schema (MariaDB: the database), canonical case, never {@code null}
 * @param table the table name, canonical case, never {@code null}
 */
public record TableName(String catalog, String schema, String table) {

  public TableName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** {@code schema.table} as the policy writes it (canonical case, no quotes). */
  public String qualified() {
    return schema + "." + table;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
