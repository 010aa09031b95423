package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactions through the gatehouse behave as on the database: work done with auto-commit off
 * lives on one backend connection until commit or rollback, other connections do not see it
 * before commit, and every way a transaction can end (commit, rollback, savepoint,
 * setAutoCommit(true), close) ends it the way JDBC says. What the database holds is checked on
 * a direct H2 connection, behind the sidecar's back.
 */
class TransactionTest {
  private static final String DB = "it-tx";

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().datasource("tx", DirectH2.url(DB), "sa", "").build();

  private static Connection direct;

  @BeforeAll
  static void createTable() throws SQLException {
    direct = DirectH2.connect(DB);
    try (Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)");
    }
  }

  @AfterAll
  static void closeDirect() throws SQLException {
    direct.close();
  }

  @BeforeEach
  void reset() throws SQLException {
    try (Statement s = direct.createStatement()) {
      s.execute("DELETE FROM account");
      s.execute("INSERT INTO account VALUES (1, 100), (2, 200)");
    }
  }

  private static Connection connect() throws SQLException {
    return sidecar.connect(sidecar.principal("tx-agent"), "tx");
  }

  /** What the database holds (committed), read directly. */
  private static int committedBalance(int id) throws SQLException {
    return balance(direct, id);
  }

  private static int balance(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  private static int rows(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM account")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  @Test
  void autoCommitIsOnByDefaultAndEachStatementCommits() throws SQLException {
    try (Connection c = connect()) {
      assertTrue(c.getAutoCommit());
      update(c, "UPDATE account SET balance = 150 WHERE id = 1");
      assertEquals(150, committedBalance(1));
    }
  }

  @Test
  void rollbackDiscardsTheTransaction() throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      update(c, "UPDATE account SET balance = balance - 50 WHERE id = 1");
      update(c, "UPDATE account SET balance = balance + 50 WHERE id = 2");
      update(c, "INSERT INTO account VALUES (3, 300)");
      assertEquals(50, balance(c, 1), "the transaction sees its own writes");
      assertEquals(3, rows(c));
      c.rollback();
      assertEquals(100, balance(c, 1));
      assertEquals(2, rows(c));
    }
    assertEquals(100, committedBalance(1));
    assertEquals(200, committedBalance(2));
  }

  @Test
  void commitKeepsTheTransaction() throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      update(c, "UPDATE account SET balance = balance - 50 WHERE id = 1");
      update(c, "UPDATE account SET balance = balance + 50 WHERE id = 2");
      c.commit();
      // the next transaction starts at once and can be rolled back on its own
      update(c, "UPDATE account SET balance = 0 WHERE id = 1");
      c.rollback();
    }
    assertEquals(50, committedBalance(1));
    assertEquals(250, committedBalance(2));
  }

  @Test
  void anotherConnectionDoesNotSeeUncommittedWork() throws SQLException {
    try (Connection writer = connect();
        Connection reader = connect()) {
      writer.setAutoCommit(false);
      update(writer, "INSERT INTO account VALUES (3, 300)");
      update(writer, "UPDATE account SET balance = 999 WHERE id = 1");
      assertEquals(2, rows(reader), "the insert is not visible before commit");
      assertEquals(100, balance(reader, 1), "nor is the update");
      assertEquals(100, committedBalance(1));
      writer.commit();
      assertEquals(3, rows(reader));
      assertEquals(999, balance(reader, 1));
    }
  }

  @Test
  void savepointsRollBackPartOfATransaction() throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      update(c, "UPDATE account SET balance = 1 WHERE id = 1");
      Savepoint named = c.setSavepoint("after_first");
      assertEquals("after_first", named.getSavepointName());
      update(c, "UPDATE account SET balance = 2 WHERE id = 1");
      Savepoint unnamed = c.setSavepoint();
      assertTrue(unnamed.getSavepointId() > 0);
      update(c, "UPDATE account SET balance = 3 WHERE id = 1");
      c.rollback(unnamed);
      assertEquals(2, balance(c, 1));
      c.rollback(named);
      assertEquals(1, balance(c, 1));
      update(c, "INSERT INTO account VALUES (3, 300)");
      Savepoint released = c.setSavepoint("released");
      c.releaseSavepoint(released);
      SQLException e = assertThrows(SQLException.class, () -> c.rollback(released));
      assertTrue(e.getSQLState() != null && !e.getSQLState().isEmpty(), "has a SQLState");
      c.commit();
    }
    assertEquals(1, committedBalance(1));
    assertEquals(300, committedBalance(3));
  }

  @Test
  void turningAutoCommitBackOnCommits() throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      update(c, "UPDATE account SET balance = 7 WHERE id = 1");
      assertEquals(100, committedBalance(1));
      c.setAutoCommit(true);
      assertEquals(7, committedBalance(1), "setAutoCommit(true) committed");
      update(c, "UPDATE account SET balance = 8 WHERE id = 1");
      assertEquals(8, committedBalance(1), "and each statement commits again");
    }
  }

  @Test
  void closingAConnectionRollsBackItsOpenTransaction() throws SQLException {
    Connection c = connect();
    c.setAutoCommit(false);
    update(c, "UPDATE account SET balance = 0 WHERE id = 1");
    update(c, "INSERT INTO account VALUES (3, 300)");
    c.close();
    assertEquals(100, committedBalance(1));
    assertEquals(2, rows(direct));
    // and the row lock is gone: a direct update does not wait
    try (Statement s = direct.createStatement()) {
      s.execute("SET LOCK_TIMEOUT 1000");
      assertEquals(1, s.executeUpdate("UPDATE account SET balance = 101 WHERE id = 1"));
    }
  }

  @Test
  void commitAndRollbackNeedAutoCommitOff() throws SQLException {
    try (Connection c = connect()) {
      SQLException commit = assertThrows(SQLException.class, c::commit);
      assertEquals("25000", commit.getSQLState());
      SQLException rollback = assertThrows(SQLException.class, c::rollback);
      assertEquals("25000", rollback.getSQLState());
      SQLException savepoint = assertThrows(SQLException.class, c::setSavepoint);
      assertEquals("25000", savepoint.getSQLState());
    }
  }

  @Test
  void isolationLevelIsAppliedOnTheBackend() throws SQLException {
    try (Connection c = connect()) {
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
      c.setAutoCommit(false);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT ISOLATION_LEVEL FROM INFORMATION_SCHEMA.SESSIONS"
                  + " WHERE SESSION_ID = SESSION_ID()")) {
        assertTrue(rs.next());
        assertEquals("SERIALIZABLE", rs.getString(1));
      }
      c.rollback();
    }
  }

  @Test
  void aFailedStatementLeavesTheTransactionUsable() throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      update(c, "UPDATE account SET balance = 5 WHERE id = 1");
      SQLException dup =
          assertThrows(SQLException.class, () -> update(c, "INSERT INTO account VALUES (1, 0)"));
      assertEquals("23505", dup.getSQLState(), dup.getMessage());
      assertEquals(5, balance(c, 1), "the earlier work of the transaction is still there");
      c.commit();
    }
    assertEquals(5, committedBalance(1));
  }
}
