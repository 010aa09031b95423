package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.exec.SchemaVisibility;
import dev.gatehouse.sidecar.policy.PolicyEngine;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one principal may see of a datasource's schema, as the policy in force says: a table is
 * visible when the policy would allow (or send for approval) some read of it, a column when it
 * would allow reading that column ({@link PolicyEngine#mayRead}). Masking does not hide a column:
 * the agent may read it, masked.
 *
 * <p>Names from the backend's metadata are exact (stored) names, so they are resolved as quoted
 * identifiers with the datasource's {@link NameResolver}: the same canonical names the policy's
 * rules were compiled to. A name that does not resolve is not visible (fail closed). Answers are
 * cached for the life of one metadata call, which asks about the same table once per column.
 */
final class PolicyVisibility implements SchemaVisibility {
  private final PolicyEngine engine;
  private final Principal principal;
  private final String datasource;
  private final NameResolver names;
  private final Map<List<String>, Boolean> tables = new HashMap<>();

  PolicyVisibility(PolicyEngine engine, Principal principal, String datasource,
      NameResolver names) {
    this.engine = engine;
    this.principal = principal;
    this.datasource = datasource;
    this.names = names;
  }

  @Override
  public boolean tableVisible(String catalog, String schema, String table) {
    return tables.computeIfAbsent(Arrays.asList(catalog, schema, table),
        k -> judgeTable(catalog, schema, table));
  }

  @Override
  public boolean columnVisible(String catalog, String schema, String table, String column) {
    TableName t = resolve(catalog, schema, table);
    if (t == null || column == null) {
      return false;
    }
    String canonical;
    try {
      canonical = names.identifier(quoted(column));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return engine.mayRead(principal, datasource, t, canonical);
  }

  private boolean judgeTable(String catalog, String schema, String table) {
    TableName t = resolve(catalog, schema, table);
    if (t == null) {
      return false;
    }
    if (engine.mayRead(principal, datasource, t, null)) {
      return true;
    }
    // an allow rule that lists columns reaches only those: the table shows if one is readable
    for (String column : engine.columnsNamed(datasource, t)) {
      if (engine.mayRead(principal, datasource, t, column)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The table a metadata row names, or null when it cannot be told. MariaDB's driver reports
   * the database as the catalog (or, asked to, as the schema); it is the schema of a
   * {@link TableName} there.
   */
  private TableName resolve(String catalog, String schema, String table) {
    if (table == null) {
      return null;
    }
    String written;
    if (names.dialect() == Dialect.MARIADB) {
      String database = schema != null ? schema : catalog;
      if (database == null) {
        return null;
      }
      written = quoted(database) + "." + quoted(table);
    } else {
      if (schema == null) {
        return null;
      }
      written = (catalog == null ? "" : quoted(catalog) + ".") + quoted(schema) + "."
          + quoted(table);
    }
    try {
      return names.table(written);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String quoted(String name) {
    String q = names.dialect() == Dialect.MARIADB ? "`" : "\"";
    return q + name.replace(q, q + q) + q;
  }
}
