package dev.gatehouse.examples;

import static dev.gatehouse.sidecar.junit.PolicyAssertions.assertAllowed;
import static dev.gatehouse.sidecar.junit.PolicyAssertions.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ops agent's policy as ordinary JUnit tests: a real sidecar on H2 and the real driver,
 * connected as the principal each test names. The case file says the same in YAML; this is the
 * style for tests that need Java (several statements on one connection, parameters, results).
 */
class OpsAgentPolicyTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = GatehouseSidecar.builder()
      .policy(Path.of("policies/ops-agent.policy.yaml"))
      .h2Datasource("shop", "policies/shop-seed.sql")
      .build();

  private Connection as(String subject, String group) throws SQLException {
    return sidecar.connect(sidecar.principal(subject).groups(group), "shop");
  }

  @Test
  void theAgentReadsButEveryChangeWaitsForAManager() throws SQLException {
    try (Connection c = as("ops-bot", "ops")) {
      assertEquals(2, assertAllowed(c, "SELECT id, status FROM orders WHERE id IN (1, 5)"));
      // approvals are not enabled in the test sidecar: a statement that needs one is refused,
      // naming the approve rule
      SQLException e = assertDenied(c, "UPDATE orders SET status = 'shipped' WHERE id = 5",
          "changes-need-an-ops-manager");
      assertTrue(e.getMessage().contains("needs approval"), e.getMessage());
    }
  }

  @Test
  void aManagerChangesOneOrderAndTheChangeIsThere() throws SQLException {
    try (Connection c = as("maria", "ops-managers")) {
      assertEquals(1, assertAllowed(c, "UPDATE orders SET status = 'shipped' WHERE id = 1"));
      try (PreparedStatement s = c.prepareStatement("SELECT status FROM orders WHERE id = ?")) {
        s.setInt(1, 1);
        try (ResultSet rs = s.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("shipped", rs.getString(1));
        }
      }
    }
  }

  @Test
  void nobodyChangesInBulkOrTouchesTheSchema() throws SQLException {
    try (Connection c = as("maria", "ops-managers")) {
      assertDenied(c, "DELETE FROM orders", "no-bulk-changes");
      assertDenied(c, "SELECT 1 FROM orders WHERE id = 1; DROP TABLE orders",
          "no-schema-or-privilege-changes");
      assertEquals(7, assertAllowed(c, "SELECT id FROM orders WHERE id > 0"), "nothing was lost");
    }
  }

  @Test
  void staffRecordsStayOffLimitsHoweverTheyAreNamed() throws SQLException {
    try (Connection c = as("ops-bot", "ops")) {
      assertDenied(c, "SELECT * FROM \"PUBLIC\".\"STAFF\" WHERE \"ID\" = 1",
          "ops-staff-records-are-off-limits");
      assertDenied(c, "SELECT id FROM orders WHERE total > (SELECT max(salary) FROM staff)",
          "ops-staff-records-are-off-limits");
    }
  }
}
