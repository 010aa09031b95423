package dev.gatehouse.it.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's JDBC layer over {@code jdbc:gatehouse}: {@link JdbcTemplate} queries, updates and
 * batches, Spring's translation of our SQLStates into its {@link DataAccessException}s, and
 * transactions through {@link DataSourceTransactionManager} (what {@code @Transactional} uses).
 *
 * <p>What Spring makes of our SQLStates, as found here (Spring 6.2): the database product is
 * H2, whose error codes in Spring's {@code sql-error-codes.xml} do not know our vendor codes, so
 * Spring falls back to the exception's JDBC subclass. A policy denial ({@code 42501}) is a
 * {@link SQLSyntaxErrorException} as JDBC prescribes for class 42 ("syntax error or access rule
 * violation"), and Spring turns every {@code SQLSyntaxErrorException} into a
 * {@link BadSqlGrammarException}, never a {@link PermissionDeniedDataAccessException}. The
 * SQLState and our message naming the rule stay on the cause ({@code getSQLException()}); Spring's
 * own message only says "bad SQL grammar [sql]". An application that wants the
 * permission exception registers a custom translator, as {@link #customTranslatorGivesPermissionDenied} shows.
 */
@Timeout(120)
class SpringJdbcClientTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = Shop.onH2();

  private DriverManagerDataSource dataSource;
  private JdbcTemplate jdbc;

  @BeforeEach
  void template() {
    dataSource = new DriverManagerDataSource(sidecar.url());
    Properties p = new Properties();
    p.setProperty("token", Shop.agent(sidecar).token());
    dataSource.setConnectionProperties(p);
    jdbc = new JdbcTemplate(dataSource);
  }

  record Customer(int id, String name, String email, String card) {}

  @Test
  void queriesSeeTheTenantsRowsMasked() {
    List<Customer> customers = jdbc.query(
        "SELECT id, full_name, email, card_number FROM customers ORDER BY id",
        (rs, i) -> new Customer(rs.getInt("id"), rs.getString("full_name"),
            rs.getString("email"), rs.getString("card_number")));
    assertEquals(List.of(1, 3), customers.stream().map(Customer::id).toList());
    assertEquals(Shop.ADA_CARD_MASKED, customers.get(0).card());
    assertEquals(Shop.ALAN_CARD_MASKED, customers.get(1).card());
    Shop.assertNoSecret(customers.toString());
    assertTrue(customers.get(0).email().endsWith("@example.com"), customers.get(0).email());

    BigDecimal total = jdbc.queryForObject(
        "SELECT SUM(total) FROM orders WHERE status = ?", BigDecimal.class, "paid");
    assertEquals(0, new BigDecimal("40.00").compareTo(total), "tenant 2's order is not summed");
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM orders ORDER BY id");
    assertEquals(3, rows.size());
  }

  @Test
  void updatesAreCutToTheTenant() {
    assertEquals(1, jdbc.update("UPDATE orders SET status = ? WHERE id = ?", "packed", 13));
    assertEquals(0, jdbc.update("UPDATE orders SET status = ? WHERE id = ?", "stolen", 21),
        "tenant 2's order is outside the row filter");
    assertEquals("packed",
        jdbc.queryForObject("SELECT status FROM orders WHERE id = 13", String.class));
  }

  @Test
  void batchUpdate() {
    int[] counts = jdbc.batchUpdate("INSERT INTO order_notes (id, order_id, body) VALUES (?, ?, ?)",
        List.of(new Object[] {101, 11, "gift wrap"}, new Object[] {102, 11, "leave at door"},
            new Object[] {103, 12, "fragile"}));
    assertArrayEquals(new int[] {1, 1, 1}, counts);
    assertEquals(3, jdbc.queryForObject(
        "SELECT COUNT(*) FROM order_notes WHERE id BETWEEN 101 AND 103", Integer.class));
  }

  @Test
  void policyDenialIsBadSqlGrammarWithOurSqlStateAndRule() {
    BadSqlGrammarException e = assertThrows(BadSqlGrammarException.class,
        () -> jdbc.queryForList("SELECT employee, amount FROM salaries"));
    SQLException cause = e.getSQLException();
    assertEquals("42501", cause.getSQLState());
    // Spring's own message is "StatementCallback; bad SQL grammar [sql]": ours is on the cause
    assertTrue(cause.getMessage().contains("salaries are for HR only"), cause.getMessage());
    assertTrue(cause.getMessage().contains("no-salaries"), cause.getMessage());
    assertEquals("SELECT employee, amount FROM salaries", e.getSql());
  }

  @Test
  void writeWithoutARuleIsDeniedToo() {
    BadSqlGrammarException e = assertThrows(BadSqlGrammarException.class,
        () -> jdbc.update("DELETE FROM customers WHERE id = ?", 1));
    assertEquals("42501", e.getSQLException().getSQLState(), e.getMessage());
  }

  @Test
  void customTranslatorGivesPermissionDenied() {
    SQLErrorCodeSQLExceptionTranslator translator =
        new SQLErrorCodeSQLExceptionTranslator(dataSource);
    translator.setCustomTranslator((task, sql, ex) -> "42501".equals(ex.getSQLState())
        ? new PermissionDeniedDataAccessException(task + ": " + ex.getMessage(), ex)
        : null);
    jdbc.setExceptionTranslator(translator);
    PermissionDeniedDataAccessException e = assertThrows(PermissionDeniedDataAccessException.class,
        () -> jdbc.queryForList("SELECT * FROM salaries"));
    assertTrue(e.getMessage().contains("no-salaries"), e.getMessage());
    // other errors keep Spring's own translation
    assertThrows(BadSqlGrammarException.class, () -> jdbc.queryForList("SELEC * FROM orders"));
  }

  @Test
  void unparseableStatementIsBadSqlGrammar() {
    BadSqlGrammarException e = assertThrows(BadSqlGrammarException.class,
        () -> jdbc.queryForList("SELEC id FROM orders"));
    assertEquals("42601", e.getSQLException().getSQLState(), e.getMessage());
  }

  @Test
  void timeoutIsQueryTimeoutException() {
    jdbc.setQueryTimeout(1);
    QueryTimeoutException e = assertThrows(QueryTimeoutException.class,
        () -> jdbc.queryForObject("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)", Long.class));
    SQLException cause = assertInstanceOf(SQLTimeoutException.class, e.getCause(), e.toString());
    assertEquals("HYT00", cause.getSQLState());
  }

  @Test
  void transactionCommits() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tx.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO order_notes (id, order_id, body) VALUES (201, 11, 'one')");
      jdbc.update("UPDATE orders SET status = 'shipped' WHERE id = 11");
    });
    assertEquals(1, jdbc.queryForObject(
        "SELECT COUNT(*) FROM order_notes WHERE id = 201", Integer.class));
    assertEquals("shipped",
        jdbc.queryForObject("SELECT status FROM orders WHERE id = 11", String.class));
  }

  @Test
  void transactionRollsBackOnRequest() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    tx.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO order_notes (id, order_id, body) VALUES (301, 11, 'undone')");
      assertEquals(1, jdbc.queryForObject(
          "SELECT COUNT(*) FROM order_notes WHERE id = 301", Integer.class), "seen inside");
      status.setRollbackOnly();
    });
    assertEquals(0, jdbc.queryForObject(
        "SELECT COUNT(*) FROM order_notes WHERE id = 301", Integer.class));
  }

  /** A denial inside a transaction fails it, and the writes before it are rolled back. */
  @Test
  void denialInsideATransactionRollsItBack() {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    BadSqlGrammarException e = assertThrows(BadSqlGrammarException.class,
        () -> tx.executeWithoutResult(status -> {
          jdbc.update("INSERT INTO order_notes (id, order_id, body) VALUES (401, 12, 'half')");
          jdbc.update("UPDATE salaries SET amount = amount * 2");
        }));
    assertEquals("42501", e.getSQLException().getSQLState());
    assertEquals(0, jdbc.queryForObject(
        "SELECT COUNT(*) FROM order_notes WHERE id = 401", Integer.class));
  }
}
