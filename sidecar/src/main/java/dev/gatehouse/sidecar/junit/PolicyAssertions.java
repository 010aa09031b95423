package dev.gatehouse.sidecar.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Assertions for policy tests over a {@link GatehouseSidecar} connection: the statement really
 * goes through the driver and the sidecar, so what is asserted is what an agent would get.
 *
 * <pre>{@code
 * try (Connection c = sidecar.connect(sidecar.principal("ana").groups("analysts"))) {
 *   assertDenied(c, "SELECT email FROM customers WHERE id = 1", "no-pii");
 *   assertAllowed(c, "SELECT count(*) FROM orders");
 * }
 * }</pre>
 */
public final class PolicyAssertions {
  /** SQLState of a policy denial (SPEC §6). */
  public static final String DENIED = "42501";
  /** SQLState of a statement that is not understood and so denied (SPEC §6). */
  public static final String NOT_UNDERSTOOD = "42601";

  private PolicyAssertions() {}

  /**
   * Runs {@code sql} and asserts that the policy denied it by the rule named {@code rule}
   * (SQLState 42501, the message naming the rule).
   *
   * @return the denial, for further checks of its message
   */
  public static SQLException assertDenied(Connection connection, String sql, String rule) {
    SQLException e = assertDenied(connection, sql);
    Pattern named = Pattern.compile("\\brule:? " + Pattern.quote(rule) + "(?![A-Za-z0-9_.-])");
    assertTrue(named.matcher(e.getMessage()).find(),
        () -> "expected a denial by rule " + rule + ", got: " + e.getMessage());
    return e;
  }

  /**
   * Runs {@code sql} and asserts that the policy denied it, whatever decided (a rule, the
   * default, a dangerous function).
   *
   * @return the denial
   */
  public static SQLException assertDenied(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      assertEquals(DENIED, e.getSQLState(),
          () -> "expected a policy denial (SQLState " + DENIED + "), got SQLState "
              + e.getSQLState() + ": " + e.getMessage());
      return e;
    }
    return fail("expected the policy to deny, but it ran: " + sql);
  }

  /**
   * Runs {@code sql} and asserts that it was not understood and so denied (SQLState 42601).
   *
   * @return the refusal
   */
  public static SQLException assertNotUnderstood(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      assertEquals(NOT_UNDERSTOOD, e.getSQLState(), () -> "expected SQLState " + NOT_UNDERSTOOD
          + " (not understood), got " + e.getSQLState() + ": " + e.getMessage());
      return e;
    }
    return fail("expected the statement to be refused as not understood, but it ran: " + sql);
  }

  /**
   * Runs {@code sql} and asserts that the policy let it run.
   *
   * @return the rows a query returned, or the update count of any other statement
   */
  public static long assertAllowed(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      if (!s.execute(sql)) {
        return s.getUpdateCount();
      }
      long rows = 0;
      try (ResultSet rs = s.getResultSet()) {
        while (rs.next()) {
          rows++;
        }
      }
      return rows;
    } catch (SQLException e) {
      return fail("expected the statement to run, got SQLState " + e.getSQLState() + ": "
          + e.getMessage(), e);
    }
  }
}
