package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DatabaseMetaData shows an agent only the schema it may read (issue #8): tables the policy
 * would deny every read of are not listed by any metadata call, under any name pattern, in any
 * case or quoting, on H2, PostgreSQL and MariaDB. Masked columns are listed (they are readable,
 * masked); a column the policy denies is not. Each backend gets its own namespace plus a second
 * one holding only denied tables, one of them named like an allowed table.
 */
class SchemaVisibilityTest {
  private static final String POLICY = """
      default: deny
      rules:
        - name: agents-read
          when: { principals: [group:agents], statements: [select], tables: [vis_orders, vis_customers] }
          effect: allow
        - name: staff-directory
          when: { principals: [group:agents], statements: [select], columns: [vis_staff.id, vis_staff.name] }
          effect: allow
        - name: no-notes
          when: { statements: [select], columns: [vis_customers.secret_note] }
          effect: deny
        - name: audit-needs-approval
          when: { principals: [group:agents], statements: [select], tables: [vis_audit] }
          effect: approve
          approvers: [group:managers]
        - name: no-unfiltered-orders
          when: { statements: [select], tables: [vis_orders], without_where: true }
          effect: deny
      masking:
        - name: cards
          columns: [vis_customers.card]
          method: last4
      """;

  private static final List<String> COMMON = List.of(
      "CREATE TABLE vis_customers (id INT PRIMARY KEY, name VARCHAR(40), card VARCHAR(20),"
          + " secret_note VARCHAR(40))",
      "CREATE TABLE vis_orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2),"
          + " FOREIGN KEY (customer_id) REFERENCES vis_customers (id))",
      "CREATE TABLE vis_staff (id INT PRIMARY KEY, name VARCHAR(40), salary INT)",
      "CREATE TABLE vis_audit (id INT PRIMARY KEY, what VARCHAR(40))",
      "CREATE TABLE vis_secrets (id INT PRIMARY KEY, customer_id INT, secret VARCHAR(40),"
          + " FOREIGN KEY (customer_id) REFERENCES vis_customers (id))",
      "CREATE INDEX vis_secrets_secret ON vis_secrets (secret)",
      "CREATE TABLE vis_secrets_archive (id INT)",
      "CREATE VIEW vis_secret_view AS SELECT id, secret FROM vis_secrets",
      "INSERT INTO vis_customers VALUES (1, 'Ada', '4111111111111111', 'owes us')");

  /** Case and quoting variants of allowed names, which are other tables (not on MariaDB). */
  private static final List<String> QUOTED = List.of(
      "CREATE TABLE \"Vis_Orders\" (id INT)",
      "CREATE TABLE \"VIS_customers\" (id INT)",
      "CREATE TABLE \"vis\"\"odd\" (id INT)");

  /** Visible table → its visible columns, lower case. */
  private static final Map<String, Set<String>> VISIBLE = new LinkedHashMap<>();

  static {
    VISIBLE.put("vis_audit", Set.of("id", "what"));
    VISIBLE.put("vis_customers", Set.of("id", "name", "card"));
    VISIBLE.put("vis_orders", Set.of("id", "customer_id", "total"));
    VISIBLE.put("vis_staff", Set.of("id", "name"));
  }

  /** A backend with the tables and a sidecar in front of it. */
  private record Target(Databases.Scratch main, Databases.Scratch hidden, String hiddenName,
      GatehouseSidecar sidecar) {
    boolean mariadb() {
      return main.dialect().equals("mariadb");
    }

    /** How the backend's metadata spells a name created unquoted. */
    String stored(String name) {
      return main.dialect().equals("h2") ? name.toUpperCase(Locale.ROOT) : name;
    }

    /** The catalog and schema arguments that select the main namespace. */
    String catalog() {
      return mariadb() ? main.name() : null;
    }

    String schema() {
      return mariadb() ? null : main.defaultSchema();
    }

    Connection agent() throws SQLException {
      return sidecar.connect(sidecar.principal("vis-agent").groups("agents"), "vis");
    }
  }

  private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws SQLException {
    Databases.Scratch h2 = Databases.Scratch.h2("vis");
    try (Connection c = h2.direct(); Statement s = c.createStatement()) {
      run(s, COMMON);
      run(s, QUOTED);
      s.execute("CREATE SCHEMA vis_hidden");
      s.execute("CREATE TABLE vis_hidden.vis_orders (id INT PRIMARY KEY)");
    }
    TARGETS.put("h2", new Target(h2, null, "VIS_HIDDEN", sidecar(h2)));
    if (Databases.postgresReachable()) {
      Databases.Scratch pg = Databases.Scratch.postgres("gh_vis");
      Databases.Scratch hidden = Databases.Scratch.postgres("gh_visx");
      try (Connection c = pg.direct(); Statement s = c.createStatement()) {
        run(s, COMMON);
        run(s, QUOTED);
        s.execute("CREATE TABLE " + hidden.name() + ".vis_orders (id INT PRIMARY KEY)");
      }
      TARGETS.put("postgresql", new Target(pg, hidden, hidden.name(), sidecar(pg)));
    }
    if (Databases.mariadbReachable()) {
      Databases.Scratch maria = Databases.Scratch.mariadb("gh_vis");
      Databases.Scratch hidden = Databases.Scratch.mariadb("gh_visx");
      try (Connection c = maria.direct(); Statement s = c.createStatement()) {
        run(s, COMMON);
        s.execute("CREATE TABLE " + hidden.name() + ".vis_orders (id INT PRIMARY KEY)");
      }
      TARGETS.put("mariadb", new Target(maria, hidden, hidden.name(), sidecar(maria)));
    }
  }

  private static GatehouseSidecar sidecar(Databases.Scratch s) {
    return GatehouseSidecar.builder().policyText(POLICY)
        .datasource("vis", s.url(), s.user(), "", s.defaultSchema()).build().start();
  }

  private static void run(Statement s, List<String> sql) throws SQLException {
    for (String q : sql) {
      s.execute(q);
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    for (Target t : TARGETS.values()) {
      t.sidecar().close();
      t.main().close();
      if (t.hidden() != null) {
        t.hidden().close();
      }
    }
  }

  private static Target target(String dialect) {
    Target t = TARGETS.get(dialect);
    Assumptions.assumeTrue(t != null, () -> dialect + " is not reachable on this machine ("
        + (dialect.equals("postgresql") ? "127.0.0.1:5432" : "127.0.0.1:3306")
        + "); its metadata tests are skipped");
    return t;
  }

  /** {@code namespace.table} of every row, lower case; MariaDB names the database the catalog. */
  private static Set<String> tables(ResultSet rs) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (rs) {
      while (rs.next()) {
        String ns = rs.getString("TABLE_SCHEM") != null ? rs.getString("TABLE_SCHEM")
            : rs.getString("TABLE_CAT");
        out.add((ns + "." + rs.getString("TABLE_NAME")).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static String ns(Target t) {
    return t.main().dialect().equals("h2") ? "public" : t.main().name();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void theWholeDatabaseListsOnlyReadableTables(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = t.agent()) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> want = new TreeSet<>();
      VISIBLE.keySet().forEach(table -> want.add(ns(t) + "." + table));
      assertEquals(want, tables(md.getTables(null, null, "%", null)));
      assertEquals(want, tables(md.getTables(t.catalog(), t.schema(), "%", null)));
      // the hidden namespace is reached by asking for it, and still shows nothing
      String hidden = t.stored(t.hiddenName());
      assertEquals(Set.of(), tables(t.mariadb() ? md.getTables(hidden, null, "%", null)
          : md.getTables(null, hidden, "%", null)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void namePatternsCannotSurfaceHiddenTables(String dialect) throws SQLException {
    Target t = target(dialect);
    List<String> patterns = List.of("vis_secret%", "%secret%", "%SECRET%", "VIS_SECRETS",
        "vis_secrets", "vis\\_secrets", "_is_secrets", "vis_secret_view", "%odd%", "Vis_Orders",
        "VIS_customers", "vis_secrets_archive", "%", "_%", "vis%");
    try (Connection c = t.agent()) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> want = new TreeSet<>();
      VISIBLE.keySet().forEach(table -> want.add(ns(t) + "." + table));
      for (String p : patterns) {
        for (String[] where : new String[][] {{null, null}, {t.catalog(), t.schema()},
            {null, "%"}}) {
          Set<String> got = tables(md.getTables(where[0], where[1], p, null));
          assertTrue(want.containsAll(got), p + " in " + String.join(",", where[0] == null
              ? "null" : where[0], where[1] == null ? "null" : where[1]) + " listed " + got);
        }
      }
      assertEquals(Set.of(), tables(md.getTables(null, null, "%secret%", null)));
      assertEquals(Set.of(), tables(md.getTables(null, null, "vis\\_secret%",
          new String[] {"TABLE", "VIEW", "BASE TABLE"})));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void onlyReadableColumnsAreListedAndMaskedOnesAre(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = t.agent()) {
      DatabaseMetaData md = c.getMetaData();
      Map<String, Set<String>> got = new LinkedHashMap<>();
      try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
        while (rs.next()) {
          got.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT),
              k -> new TreeSet<>()).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
      Map<String, Set<String>> want = new TreeMap<>();
      VISIBLE.forEach((k, v) -> want.put(k, new TreeSet<>(v)));
      assertEquals(want, new TreeMap<>(got));
      try (ResultSet rs = md.getColumns(t.catalog(), t.schema(), t.stored("vis_secrets"), "%")) {
        assertFalse(rs.next(), "columns of a hidden table");
      }
      try (ResultSet rs = md.getColumns(t.catalog(), t.schema(), t.stored("vis_customers"),
          t.stored("secret%"))) {
        assertFalse(rs.next(), "a denied column");
      }
      // the masked column is listed, and reading it gives the masked value
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT card FROM vis_customers WHERE id = 1")) {
        assertTrue(rs.next());
        assertFalse(rs.getString(1).contains("41111111"), rs.getString(1));
        assertTrue(rs.getString(1).endsWith("1111"), rs.getString(1));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void keysAndIndexesNeedBothEndsReadable(String dialect) throws SQLException {
    Target t = target(dialect);
    String cat = t.catalog();
    String schema = t.schema();
    try (Connection c = t.agent()) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(List.of(), column(md.getPrimaryKeys(cat, schema, t.stored("vis_secrets")),
          "COLUMN_NAME"));
      assertEquals(List.of(), column(md.getIndexInfo(cat, schema, t.stored("vis_secrets"), false,
          false), "INDEX_NAME"));
      assertEquals(List.of("id"), column(md.getPrimaryKeys(cat, schema, t.stored("vis_staff")),
          "COLUMN_NAME"));
      assertEquals(List.of("vis_orders"), column(md.getExportedKeys(cat, schema,
          t.stored("vis_customers")), "FKTABLE_NAME"), "vis_secrets references it too");
      assertEquals(List.of("vis_customers"), column(md.getImportedKeys(cat, schema,
          t.stored("vis_orders")), "PKTABLE_NAME"));
      assertEquals(List.of(), column(md.getImportedKeys(cat, schema, t.stored("vis_secrets")),
          "PKTABLE_NAME"));
      assertEquals(List.of(), column(md.getCrossReference(cat, schema, t.stored("vis_customers"),
          cat, schema, t.stored("vis_secrets")), "FKCOLUMN_NAME"));
      assertEquals(List.of(), column(md.getBestRowIdentifier(cat, schema,
          t.stored("vis_secrets"), DatabaseMetaData.bestRowSession, true), "COLUMN_NAME"));
      assertEquals(List.of(), column(md.getTablePrivileges(null, null, "%secret%"),
          "TABLE_NAME"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void namespacesHoldingNothingReadableAreNotListed(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = t.agent()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> schemas = column(md.getSchemas(), "TABLE_SCHEM");
      List<String> catalogs = column(md.getCatalogs(), "TABLE_CAT");
      String hidden = t.hiddenName().toLowerCase(Locale.ROOT);
      assertFalse(schemas.contains(hidden), schemas.toString());
      assertFalse(catalogs.contains(hidden), catalogs.toString());
      for (String system : List.of("information_schema", "pg_catalog", "mysql",
          "performance_schema", "sys")) {
        assertFalse(schemas.contains(system), schemas.toString());
        assertFalse(catalogs.contains(system), catalogs.toString());
      }
      if (t.mariadb()) {
        assertEquals(List.of(t.main().name()), catalogs);
      } else {
        assertEquals(List.of(ns(t)), schemas);
        assertEquals(1, catalogs.size(), catalogs.toString());
        assertEquals(List.of(ns(t)), column(md.getSchemas(null, "%"), "TABLE_SCHEM"));
        assertEquals(List.of(), column(md.getSchemas(null, t.stored(t.hiddenName())),
            "TABLE_SCHEM"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void aPrincipalThePolicyLetsReadNothingSeesNoSchema(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = t.sidecar().connect(t.sidecar().principal("stranger"), "vis")) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals(Set.of(), tables(md.getTables(null, null, "%", null)));
      assertEquals(List.of(), column(md.getColumns(null, null, "%", "%"), "COLUMN_NAME"));
      assertEquals(List.of(), column(md.getSchemas(), "TABLE_SCHEM"));
      assertEquals(List.of(), column(md.getCatalogs(), "TABLE_CAT"));
      assertEquals(List.of(), column(md.getImportedKeys(t.catalog(), t.schema(),
          t.stored("vis_orders")), "PKTABLE_NAME"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void whatIsListedIsWhatTheStatementPathAllows(String dialect) throws SQLException {
    Target t = target(dialect);
    List<String> all = new ArrayList<>();
    try (Connection d = t.main().direct()) {
      DatabaseMetaData md = d.getMetaData();
      try (ResultSet rs = md.getTables(t.catalog(), t.schema(), "%", null)) {
        while (rs.next()) {
          all.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    assertTrue(all.size() >= 7, all.toString());
    try (Connection c = t.agent(); Statement s = c.createStatement()) {
      Set<String> listed = new TreeSet<>();
      for (String table : tables(c.getMetaData().getTables(t.catalog(), t.schema(), "%", null))) {
        listed.add(table.substring(table.indexOf('.') + 1));
      }
      for (String table : all) {
        String quoted = t.mariadb() ? "`" + table + "`"
            : "\"" + table.replace("\"", "\"\"") + "\"";
        String sql = "SELECT id FROM " + quoted + " WHERE id = 1";
        String lower = table.toLowerCase(Locale.ROOT);
        if (lower.equals("vis_audit")) {
          continue; // approval: no reviewer in this test, listed because it may be approved
        }
        if (listed.contains(lower) && table.equals(t.stored(lower))) {
          s.executeQuery(sql).close();
        } else {
          SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql).close(),
              sql);
          assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void namelessAnswersPassAndRoutinesAreNotListed(String dialect) throws SQLException {
    Target t = target(dialect);
    try (Connection c = t.agent(); Connection d = t.main().direct()) {
      DatabaseMetaData md = c.getMetaData();
      DatabaseMetaData want = d.getMetaData();
      assertEquals(column(want.getTypeInfo(), "TYPE_NAME"), column(md.getTypeInfo(),
          "TYPE_NAME"));
      assertEquals(column(want.getTableTypes(), "TABLE_TYPE"), column(md.getTableTypes(),
          "TABLE_TYPE"));
      assertEquals(want.getIdentifierQuoteString(), md.getIdentifierQuoteString());
      assertEquals(want.getDatabaseProductName(), md.getDatabaseProductName());
      assertEquals(want.getDatabaseProductVersion(), md.getDatabaseProductVersion());
      assertEquals(List.of(), column(md.getProcedures(null, null, "%"), "PROCEDURE_NAME"));
      assertEquals(List.of(), column(md.getFunctions(null, null, "%"), "FUNCTION_NAME"));
    }
  }

  private static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        String v = rs.getString(label);
        out.add(v == null ? null : v.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
