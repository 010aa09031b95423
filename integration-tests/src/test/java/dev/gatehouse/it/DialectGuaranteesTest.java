package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarantees the sql tests' decision corpus checks offline, once more through the real
 * driver and a real PostgreSQL and MariaDB (issue #8): dialect forms that hide a denied action
 * are denied, forms the analysis cannot read are refused, a masked column stays masked through
 * dialect syntax, and a row filter filters. A handful of cases per dialect; the corpus in
 * {@code sidecar/src/test} is the exhaustive list.
 */
class DialectGuaranteesTest {
  private static final String POLICY = """
      default: deny
      rules:
        - name: agents-read
          when: { principals: [group:agents], statements: [select], tables: [dia_customers, dia_orders] }
          effect: allow
        - name: agents-add-orders
          when: { principals: [group:agents], statements: [insert], tables: [dia_orders] }
          effect: allow
      masking:
        - name: cards
          columns: [dia_customers.card]
          method: last4
      row_filters:
        - name: tenant
          tables: [dia_orders]
          where: "tenant_id = :claims.tenant"
          principals: [group:agents]
      """;

  private static Databases.Scratch pg;
  private static Databases.Scratch maria;
  private static GatehouseSidecar pgSidecar;
  private static GatehouseSidecar mariaSidecar;

  @BeforeAll
  static void start() throws SQLException {
    if (Databases.postgresReachable()) {
      pg = Databases.Scratch.postgres("gh_dialect");
      seed(pg, "jsonb");
      pgSidecar = sidecar(pg);
    }
    if (Databases.mariadbReachable()) {
      maria = Databases.Scratch.mariadb("gh_dialect");
      seed(maria, "json");
      mariaSidecar = sidecar(maria);
    }
  }

  private static void seed(Databases.Scratch s, String json) throws SQLException {
    try (Connection c = s.direct(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE dia_customers (id INT PRIMARY KEY, name VARCHAR(40),"
          + " card VARCHAR(20))");
      st.execute("CREATE TABLE dia_orders (id INT PRIMARY KEY, tenant_id INT, total INT, data "
          + json + ")");
      st.execute("CREATE TABLE dia_secrets (id INT PRIMARY KEY, s VARCHAR(40))");
      st.execute("INSERT INTO dia_customers VALUES (1, 'Ada', '4111111111111111'),"
          + " (2, 'alan', '5555555555554444')");
      st.execute("INSERT INTO dia_orders VALUES (1, 1, 10, '{\"k\": \"one\"}'),"
          + " (2, 1, 20, '{\"k\": \"two\"}'), (3, 2, 30, '{\"k\": \"other tenant\"}')");
      st.execute("INSERT INTO dia_secrets VALUES (1, 'the secret')");
    }
  }

  private static GatehouseSidecar sidecar(Databases.Scratch s) {
    return GatehouseSidecar.builder().policyText(POLICY)
        .datasource("dia", s.url(), s.user(), "", s.defaultSchema()).build().start();
  }

  @AfterAll
  static void stop() throws SQLException {
    for (GatehouseSidecar s : new GatehouseSidecar[] {pgSidecar, mariaSidecar}) {
      if (s != null) {
        s.close();
      }
    }
    for (Databases.Scratch s : new Databases.Scratch[] {pg, maria}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static Connection agent(GatehouseSidecar s, String name) throws SQLException {
    Assumptions.assumeTrue(s != null, name + " is not reachable on this machine; its dialect"
        + " guarantee tests are skipped");
    return s.connect(s.principal("dia-agent").groups("agents").claim("tenant", 1), "dia");
  }

  private static List<String> column(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static void refused(Statement s, String sql, String state) {
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
    assertEquals(state, e.getSQLState(), sql + ": " + e.getMessage());
  }

  private static int count(Databases.Scratch db, String table) throws SQLException {
    try (Connection c = db.direct(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void postgresFormsThatHideAWriteAreDenied() throws SQLException {
    try (Connection c = agent(pgSidecar, "PostgreSQL"); Statement s = c.createStatement()) {
      refused(s, "WITH d AS (DELETE FROM dia_customers RETURNING id) SELECT * FROM d", "42501");
      refused(s, "INSERT INTO dia_orders (id, tenant_id, total) VALUES (1, 1, 99)"
          + " ON CONFLICT (id) DO UPDATE SET total = 99", "42501");
      refused(s, "UPDATE dia_customers SET name = 'x' WHERE id = 1 RETURNING card", "42501");
      refused(s, "SELECT s FROM dia_secrets WHERE id = 1", "42501");
      refused(s, "SELECT id::text FROM dia_secrets WHERE id = 1", "42501");
      // forms the analysis refuses to read: not understood, so denied
      refused(s, "DO $$ BEGIN DELETE FROM dia_customers; END $$", "42601");
      refused(s, "SELECT $tag$x$tag$ FROM dia_customers WHERE id = 1", "42601");
      refused(s, "COPY dia_customers TO STDOUT", "42601");
      refused(s, "EXPLAIN ANALYZE DELETE FROM dia_customers", "42501");
    }
    assertEquals(2, count(pg, "dia_customers"));
    assertEquals(3, count(pg, "dia_orders"));
  }

  @Test
  void postgresSyntaxKeepsMaskingAndRowFilters() throws SQLException {
    try (Connection c = agent(pgSidecar, "PostgreSQL"); Statement s = c.createStatement()) {
      for (String sql : List.of("SELECT card::text FROM dia_customers WHERE id = 1",
          "SELECT c.card FROM dia_customers c WHERE c.name ILIKE 'ada'",
          "SELECT (card)::varchar FROM dia_customers ORDER BY id LIMIT 1")) {
        List<String> cards = column(s, sql);
        assertEquals(1, cards.size(), sql);
        assertFalse(cards.get(0).contains("41111111"), sql + ": " + cards);
        assertTrue(cards.get(0).endsWith("1111"), sql + ": " + cards);
      }
      assertEquals(List.of("one", "two"),
          column(s, "SELECT data->>'k' FROM dia_orders WHERE total > 0 ORDER BY id"));
      assertEquals(List.of("1"), column(s,
          "SELECT count(*) FROM dia_orders WHERE data @> '{\"k\": \"one\"}'"));
      assertEquals(List.of("30"), column(s, "SELECT sum(total)::text FROM dia_orders"
          + " WHERE id = ANY (ARRAY[1, 2, 3])"));
      // inserting is allowed, but a new row could escape the tenant filter: refused
      refused(s, "INSERT INTO dia_orders (id, tenant_id, total) VALUES (4, 2, 40) RETURNING id",
          "42501");
    }
    assertEquals(3, count(pg, "dia_orders"));
  }

  @Test
  void mariadbFormsThatHideAWriteAreDenied() throws SQLException {
    try (Connection c = agent(mariaSidecar, "MariaDB"); Statement s = c.createStatement()) {
      refused(s, "INSERT INTO dia_orders (id, tenant_id, total) VALUES (1, 1, 99)"
          + " ON DUPLICATE KEY UPDATE total = 99", "42501");
      refused(s, "REPLACE INTO dia_orders (id, tenant_id, total) VALUES (1, 1, 99)", "42501");
      refused(s, "SELECT s FROM `dia_secrets` WHERE id = 1", "42501");
      refused(s, "SELECT s FROM " + maria.name() + ".DIA_SECRETS WHERE id = 1", "42501");
      refused(s, "SELECT card FROM dia_customers INTO OUTFILE '/tmp/gh_cards.txt'", "42601");
      refused(s, "SELECT 1 FROM dia_customers # comment", "42601");
      refused(s, "SELECT /*! s FROM dia_secrets */ 1", "42601");
    }
    assertEquals(3, count(maria, "dia_orders"));
  }

  @Test
  void mariadbSyntaxKeepsMaskingAndRowFilters() throws SQLException {
    try (Connection c = agent(mariaSidecar, "MariaDB"); Statement s = c.createStatement()) {
      for (String sql : List.of("SELECT `card` FROM `dia_customers` WHERE id = 1",
          "SELECT c.card FROM dia_customers AS c ORDER BY c.id LIMIT 0, 1",
          "SELECT card FROM " + maria.name() + ".dia_customers WHERE id = 1")) {
        List<String> cards = column(s, sql);
        assertEquals(1, cards.size(), sql);
        assertFalse(cards.get(0).contains("41111111"), sql + ": " + cards);
        assertTrue(cards.get(0).endsWith("1111"), sql + ": " + cards);
      }
      assertEquals(List.of("20"), column(s, "SELECT total FROM dia_orders ORDER BY id LIMIT 1, 5"));
      assertEquals(List.of("2"), column(s, "SELECT count(*) FROM `dia_orders`"));
    }
  }
}
