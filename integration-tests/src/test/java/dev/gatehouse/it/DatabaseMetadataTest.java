package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DatabaseMetaData through the gatehouse: the scalar facts the sidecar sends at connect, the
 * result-set methods streamed like queries, and what the gatehouse itself adds (the principal as
 * the user name, a URL without the token). Result sets are compared row by row with H2's own
 * answer for the same call.
 */
class DatabaseMetadataTest {
  private static final String DB = "it-meta";

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().datasource("meta", DirectH2.url(DB), "sa", "").build();

  private static Connection direct;
  private static Connection c;

  @BeforeAll
  static void createSchema() throws SQLException {
    direct = DirectH2.connect(DB);
    try (Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE meta_customer (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL,"
          + " email VARCHAR(120), credit DECIMAL(12, 2) DEFAULT 0)");
      s.execute("CREATE TABLE meta_order_line (order_id INT, line_no SMALLINT,"
          + " customer_id INT REFERENCES meta_customer (id), note CLOB,"
          + " PRIMARY KEY (order_id, line_no))");
      s.execute("CREATE VIEW meta_big_customers AS SELECT * FROM meta_customer WHERE credit > 1000");
      s.execute("CREATE INDEX meta_customer_email ON meta_customer (email)");
    }
    c = sidecar.connect(sidecar.principal("meta-agent").groups("agents"), "meta");
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
    direct.close();
  }

  @Test
  void productFactsAreTheDatabases() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    DatabaseMetaData want = direct.getMetaData();
    assertEquals("H2", md.getDatabaseProductName());
    assertEquals(want.getDatabaseProductVersion(), md.getDatabaseProductVersion());
    assertEquals(want.getDatabaseMajorVersion(), md.getDatabaseMajorVersion());
    assertEquals(want.getIdentifierQuoteString(), md.getIdentifierQuoteString());
    assertEquals(want.storesUpperCaseIdentifiers(), md.storesUpperCaseIdentifiers());
    assertEquals(want.supportsTransactions(), md.supportsTransactions());
    assertEquals(want.getDefaultTransactionIsolation(), md.getDefaultTransactionIsolation());
    assertEquals(want.getSQLKeywords(), md.getSQLKeywords());
    assertTrue(md.getDriverName().toLowerCase(Locale.ROOT).contains("gatehouse"),
        md.getDriverName());
    assertEquals(c, md.getConnection());
  }

  @Test
  void userNameIsThePrincipal() throws SQLException {
    assertEquals("meta-agent", c.getMetaData().getUserName());
  }

  @Test
  void urlCarriesNoToken() throws SQLException {
    String token = sidecar.principal("url-agent").token();
    String url = sidecar.url("meta") + "?token=" + token + "&application_name=it";
    try (Connection byUrl = DriverManager.getConnection(url)) {
      String shown = byUrl.getMetaData().getURL();
      assertFalse(shown.contains(token), shown);
      assertFalse(shown.contains("token"), shown);
      assertTrue(shown.startsWith(sidecar.url("meta")), shown);
      assertEquals("url-agent", byUrl.getMetaData().getUserName());
    }
    Properties p = new Properties();
    p.setProperty("password", token);
    try (Connection byPassword = DriverManager.getConnection(sidecar.url("meta"), p)) {
      String shown = byPassword.getMetaData().getURL();
      assertFalse(shown.contains(token), shown);
      assertEquals("url-agent", byPassword.getMetaData().getUserName());
    }
  }

  @Test
  void getTablesListsTablesAndViews() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "PUBLIC", "META%", new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
        assertEquals("PUBLIC", rs.getString("TABLE_SCHEM"));
        assertEquals("BASE TABLE", rs.getString("TABLE_TYPE"));
      }
    }
    assertEquals(List.of("META_CUSTOMER", "META_ORDER_LINE"), tables);
    try (ResultSet rs = md.getTables(null, "PUBLIC", "META%", new String[] {"VIEW"})) {
      assertTrue(rs.next());
      assertEquals("META_BIG_CUSTOMERS", rs.getString(3));
      assertFalse(rs.next());
    }
    assertSameRows(md.getTables(null, "PUBLIC", "META%", null),
        direct.getMetaData().getTables(null, "PUBLIC", "META%", null));
  }

  @Test
  void getColumnsDescribesEachColumn() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getColumns(null, "PUBLIC", "META_CUSTOMER", "%")) {
      assertTrue(rs.next());
      assertEquals("ID", rs.getString("COLUMN_NAME"));
      assertEquals(Types.INTEGER, rs.getInt("DATA_TYPE"));
      assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
      assertEquals(1, rs.getInt("ORDINAL_POSITION"));
      assertTrue(rs.next());
      assertEquals("NAME", rs.getString("COLUMN_NAME"));
      assertEquals(80, rs.getInt("COLUMN_SIZE"));
      assertEquals("NO", rs.getString("IS_NULLABLE"));
      assertTrue(rs.next());
      assertEquals("EMAIL", rs.getString("COLUMN_NAME"));
      assertEquals("YES", rs.getString("IS_NULLABLE"));
      assertTrue(rs.next());
      assertEquals("CREDIT", rs.getString("COLUMN_NAME"));
      assertEquals(Types.DECIMAL, rs.getInt("DATA_TYPE"));
      assertEquals(12, rs.getInt("COLUMN_SIZE"));
      assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
      assertFalse(rs.next());
    }
    assertSameRows(md.getColumns(null, "PUBLIC", "META%", "%"),
        direct.getMetaData().getColumns(null, "PUBLIC", "META%", "%"));
  }

  @Test
  void getPrimaryKeysNamesTheKeyColumnsAndTheirPositions() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<String> key = new ArrayList<>();
    try (ResultSet rs = md.getPrimaryKeys(null, "PUBLIC", "META_ORDER_LINE")) {
      while (rs.next()) {
        key.add(rs.getShort("KEY_SEQ") + ":" + rs.getString("COLUMN_NAME"));
      }
    }
    // JDBC orders getPrimaryKeys by COLUMN_NAME; KEY_SEQ gives the position in the key
    assertEquals(List.of("2:LINE_NO", "1:ORDER_ID"), key);
    assertSameRows(md.getPrimaryKeys(null, "PUBLIC", "META_CUSTOMER"),
        direct.getMetaData().getPrimaryKeys(null, "PUBLIC", "META_CUSTOMER"));
  }

  @Test
  void foreignKeysIndexesSchemasAndTypesMatchTheDatabase() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    DatabaseMetaData want = direct.getMetaData();
    assertSameRows(md.getImportedKeys(null, "PUBLIC", "META_ORDER_LINE"),
        want.getImportedKeys(null, "PUBLIC", "META_ORDER_LINE"));
    assertSameRows(md.getIndexInfo(null, "PUBLIC", "META_CUSTOMER", false, false),
        want.getIndexInfo(null, "PUBLIC", "META_CUSTOMER", false, false));
    assertSameRows(md.getSchemas(), want.getSchemas());
    assertSameRows(md.getTableTypes(), want.getTableTypes());
    assertSameRows(md.getTypeInfo(), want.getTypeInfo());
  }

  /** Same columns (by label), same rows, same value in every cell. Closes both. */
  private static void assertSameRows(ResultSet got, ResultSet want) throws SQLException {
    try (got; want) {
      ResultSetMetaData gm = got.getMetaData();
      ResultSetMetaData wm = want.getMetaData();
      assertEquals(wm.getColumnCount(), gm.getColumnCount());
      for (int k = 1; k <= wm.getColumnCount(); k++) {
        assertEquals(wm.getColumnLabel(k), gm.getColumnLabel(k));
      }
      int row = 0;
      while (want.next()) {
        row++;
        assertTrue(got.next(), "gatehouse has row " + row);
        for (int k = 1; k <= wm.getColumnCount(); k++) {
          String where = "row " + row + " " + wm.getColumnLabel(k);
          if (wm.getColumnType(k) == Types.BOOLEAN) {
            // H2 writes TRUE, the driver true: compare the value, not the spelling
            assertEquals(want.getBoolean(k), got.getBoolean(k), where);
            assertEquals(want.wasNull(), got.wasNull(), where);
          } else {
            assertEquals(want.getString(k), got.getString(k), where);
          }
        }
      }
      assertFalse(got.next(), "gatehouse has no extra rows");
    }
  }
}
