package dev.gatehouse.sidecar.exec;

import dev.gatehouse.sidecar.GatehouseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rows of a {@code DatabaseMetaData} result that a principal may see (issue #8: an agent's
 * view of the schema lists only what it may read). Without this, {@code getTables} would name
 * every table the sidecar's database user can see, whatever the policy says about reading them.
 *
 * <p>Each method has a scope that says which columns of its rows name a table or column, and
 * every such name must be visible for the row to be shown: a foreign key is listed only when both
 * ends are readable, a schema only when it holds a readable table. Methods whose rows cannot be
 * judged against the policy (procedures, functions, user-defined types: the policy speaks of
 * tables) answer no rows; only methods that name no database object at all ({@code getTypeInfo},
 * {@code getTableTypes}, {@code getClientInfoProperties}) pass unchanged. A method missing from
 * the list answers no rows: fail closed, so a method added to a later JDBC version cannot
 * open a hole.
 */
final class VisibleMetadata {
  private enum Scope {
    /** Rows name no database object. */
    ALL,
    /** {@code TABLE_CAT, TABLE_SCHEM, TABLE_NAME}. */
    TABLE,
    /** The table columns and {@code COLUMN_NAME} (a null column name judges the table). */
    COLUMN,
    /** Both ends of a foreign key: {@code PKTABLE_*}, {@code PKCOLUMN_NAME}, {@code FK…}. */
    KEYS,
    /** The table and its super table ({@code SUPERTABLE_NAME}, same catalog and schema). */
    SUPER_TABLES,
    /** Rows name columns of the table given as arguments 1–3 (catalog, schema, table). */
    ARGUMENT_TABLE,
    /** {@code TABLE_SCHEM, TABLE_CATALOG}: a schema holding a visible table. */
    SCHEMAS,
    /** {@code TABLE_CAT}: a catalog holding a visible table. */
    CATALOGS,
    /** Rows the policy cannot judge: none are shown. */
    NOTHING
  }

  private static final Map<String, Scope> SCOPES = Map.ofEntries(
      Map.entry("getTypeInfo", Scope.ALL),
      Map.entry("getTableTypes", Scope.ALL),
      Map.entry("getClientInfoProperties", Scope.ALL),
      Map.entry("getTables", Scope.TABLE),
      Map.entry("getTablePrivileges", Scope.TABLE),
      Map.entry("getColumns", Scope.COLUMN),
      Map.entry("getColumnPrivileges", Scope.COLUMN),
      Map.entry("getPrimaryKeys", Scope.COLUMN),
      Map.entry("getIndexInfo", Scope.COLUMN),
      Map.entry("getPseudoColumns", Scope.COLUMN),
      Map.entry("getImportedKeys", Scope.KEYS),
      Map.entry("getExportedKeys", Scope.KEYS),
      Map.entry("getCrossReference", Scope.KEYS),
      Map.entry("getSuperTables", Scope.SUPER_TABLES),
      Map.entry("getBestRowIdentifier", Scope.ARGUMENT_TABLE),
      Map.entry("getVersionColumns", Scope.ARGUMENT_TABLE),
      Map.entry("getSchemas", Scope.SCHEMAS),
      Map.entry("getCatalogs", Scope.CATALOGS));

  /** Methods that would reach rows around {@code next()}, or the unfiltered result itself. */
  private static final Set<String> CURSOR_MOVES = Set.of("unwrap", "absolute", "relative",
      "previous", "first", "last", "beforeFirst", "afterLast", "moveToInsertRow");

  /** Decides one row of a metadata result, positioned on it. */
  @FunctionalInterface
  private interface RowTest {
    boolean visible(ResultSet rs) throws SQLException;
  }

  private VisibleMetadata() {}

  /**
   * Calls {@code call} and returns its result with the rows {@code visibility} does not allow
   * left out.
   *
   * @param args the call's arguments, as passed to the backend's {@code DatabaseMetaData}
   */
  static ResultSet filter(String method, Object[] args, DatabaseMetaData md,
      SchemaVisibility visibility, MetadataCall call) throws SQLException {
    Scope scope = SCOPES.getOrDefault(method, Scope.NOTHING);
    if (scope == Scope.ALL) {
      return call.run();
    }
    // gathered before the call: the backend's driver may not allow two open results
    Set<Container> containers = scope == Scope.SCHEMAS || scope == Scope.CATALOGS
        ? visibleContainers(md, args, scope, visibility) : Set.of();
    ResultSet rs = call.run();
    try {
      return rowsWhere(rs, test(scope, rs, args, visibility, containers));
    } catch (SQLException | RuntimeException e) {
      rs.close();
      throw e;
    }
  }

  /** The backend call being filtered. */
  @FunctionalInterface
  interface MetadataCall {
    ResultSet run() throws SQLException;
  }

  private static RowTest test(Scope scope, ResultSet rs, Object[] args,
      SchemaVisibility v, Set<Container> containers) throws SQLException {
    switch (scope) {
      case TABLE: {
        int[] t = columns(rs, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME");
        return r -> v.tableVisible(r.getString(t[0]), r.getString(t[1]), r.getString(t[2]));
      }
      case COLUMN: {
        int[] t = columns(rs, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME");
        return r -> columnOrTable(v, r.getString(t[0]), r.getString(t[1]), r.getString(t[2]),
            r.getString(t[3]));
      }
      case KEYS: {
        int[] t = columns(rs, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME",
            "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME");
        return r -> columnOrTable(v, r.getString(t[0]), r.getString(t[1]), r.getString(t[2]),
                r.getString(t[3]))
            && columnOrTable(v, r.getString(t[4]), r.getString(t[5]), r.getString(t[6]),
                r.getString(t[7]));
      }
      case SUPER_TABLES: {
        int[] t = columns(rs, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
        return r -> v.tableVisible(r.getString(t[0]), r.getString(t[1]), r.getString(t[2]))
            && v.tableVisible(r.getString(t[0]), r.getString(t[1]), r.getString(t[3]));
      }
      case ARGUMENT_TABLE: {
        int[] t = columns(rs, "COLUMN_NAME");
        String catalog = (String) args[0];
        String schema = (String) args[1];
        String table = (String) args[2];
        if (table == null || !v.tableVisible(catalog, schema, table)) {
          return r -> false;
        }
        return r -> columnOrTable(v, catalog, schema, table, r.getString(t[0]));
      }
      case SCHEMAS: {
        int[] t = columns(rs, "TABLE_SCHEM", "TABLE_CATALOG");
        return r -> holdsVisible(containers, r.getString(t[1]), r.getString(t[0]));
      }
      case CATALOGS: {
        int[] t = columns(rs, "TABLE_CAT");
        return r -> holdsVisible(containers, r.getString(t[0]), null);
      }
      default:
        return r -> false;
    }
  }

  private static boolean columnOrTable(SchemaVisibility v, String catalog, String schema,
      String table, String column) {
    return column == null ? v.tableVisible(catalog, schema, table)
        : v.columnVisible(catalog, schema, table, column);
  }

  /** A catalog and schema that hold at least one visible table; either may be null. */
  private record Container(String catalog, String schema) {}

  /**
   * Where the visible tables are. For {@code getSchemas(catalog, schemaPattern)} the same filter
   * narrows the tables looked at; {@code getSchemas()} and {@code getCatalogs()} look at all.
   */
  private static Set<Container> visibleContainers(DatabaseMetaData md, Object[] args,
      Scope scope, SchemaVisibility v) throws SQLException {
    String catalog = scope == Scope.SCHEMAS && args.length == 2 ? (String) args[0] : null;
    String schemaPattern = scope == Scope.SCHEMAS && args.length == 2 ? (String) args[1] : null;
    Set<Container> out = new HashSet<>();
    try (ResultSet rs = md.getTables(catalog, schemaPattern, "%", null)) {
      int[] t = columns(rs, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME");
      while (rs.next()) {
        String cat = rs.getString(t[0]);
        String schema = rs.getString(t[1]);
        if (v.tableVisible(cat, schema, rs.getString(t[2]))) {
          out.add(new Container(cat, schema));
        }
      }
    }
    return out;
  }

  /**
   * True when a visible table lives in {@code catalog} (and {@code schema}, unless null). A
   * null catalog on either side matches any: PostgreSQL's driver leaves it out of some results
   * and not others, and a connection reaches one catalog there anyway.
   */
  private static boolean holdsVisible(Set<Container> containers, String catalog, String schema) {
    if (schema == null && catalog == null) {
      return false;
    }
    for (Container c : containers) {
      boolean catalogMatches = catalog == null || c.catalog() == null
          || catalog.equals(c.catalog());
      boolean schemaMatches = schema == null || schema.equals(c.schema());
      if (catalogMatches && schemaMatches) {
        return true;
      }
    }
    return false;
  }

  /**
   * The positions of the named columns. A result that lacks one cannot be judged, so the call
   * is refused rather than passed on unfiltered.
   */
  private static int[] columns(ResultSet rs, String... labels) throws SQLException {
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      try {
        out[i] = rs.findColumn(labels[i]);
      } catch (SQLException e) {
        throw new GatehouseException(GatehouseException.FEATURE_NOT_SUPPORTED,
            "the database's metadata result has no " + labels[i]
                + " column, so the sidecar cannot tell whether the policy lets you see its rows");
      }
    }
    return out;
  }

  /** {@code rs} showing only the rows {@code test} accepts; everything else is delegated. */
  private static ResultSet rowsWhere(ResultSet rs, RowTest test) {
    Objects.requireNonNull(test);
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
        new Class<?>[] {ResultSet.class}, (proxy, m, a) -> {
          if (m.getName().equals("next") && m.getParameterCount() == 0) {
            while (rs.next()) {
              if (test.visible(rs)) {
                return true;
              }
            }
            return false;
          }
          if (m.getName().equals("isWrapperFor")) {
            return false;
          }
          if (CURSOR_MOVES.contains(m.getName())) {
            // the unfiltered result must not be reachable around the filter
            throw new SQLException("a filtered metadata result only moves forward with next()");
          }
          try {
            return m.invoke(rs, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
