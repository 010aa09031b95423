package dev.gatehouse.examples;

import static dev.gatehouse.sidecar.junit.PolicyAssertions.assertAllowed;
import static dev.gatehouse.sidecar.junit.PolicyAssertions.assertDenied;
import static dev.gatehouse.sidecar.junit.PolicyAssertions.assertNotUnderstood;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analytics agent's policy through a real sidecar: reads aggregates, never personal data. */
class AnalyticsAgentPolicyTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = GatehouseSidecar.builder()
      .policy(Path.of("policies/analytics-agent.policy.yaml"))
      .h2Datasource("analytics", "policies/shop-seed.sql")
      .build();

  private Connection analyst() throws SQLException {
    return sidecar.connect(sidecar.principal("ana").groups("analytics"), "analytics");
  }

  @Test
  void aggregatesAreAllowedAndPersonalDataIsNot() throws SQLException {
    try (Connection c = analyst()) {
      assertEquals(5, assertAllowed(c,
          "SELECT country, count(id) FROM customers GROUP BY country"));
      SQLException e = assertDenied(c,
          "SELECT count(*) FROM orders WHERE customer_id IN"
              + " (SELECT id FROM customers WHERE email LIKE '%.org')",
          "no-personal-data");
      assertTrue(e.getMessage().contains("group or count by country"), e.getMessage());
    }
  }

  @Test
  void theAgentCannotWriteHoweverItTries() throws SQLException {
    try (Connection c = analyst()) {
      assertDenied(c, "SELECT count(*) FROM orders; DELETE FROM orders", "analytics-is-read-only");
      assertDenied(c, "/* report */ DELETE FROM orders WHERE id = 1", "analytics-is-read-only");
      assertNotUnderstood(c, "DEL/**/ETE FROM orders");
      assertEquals(7, assertAllowed(c, "SELECT id FROM orders"), "every order is still there");
    }
  }

  @Test
  void serverFilesStayOnTheServer() throws SQLException {
    try (Connection c = analyst()) {
      SQLException e = assertDenied(c, "SELECT * FROM CSVREAD('/etc/passwd')");
      assertTrue(e.getMessage().contains("csvread"), e.getMessage());
    }
  }
}
