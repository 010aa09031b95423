package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's policy, enforced through the real driver and sidecar. */
class DemoPolicyTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder()
          .policy(resource("dev/gatehouse/sidecar/demo/policy.yaml"))
          .seed("classpath:dev/gatehouse/sidecar/demo/seed.sql")
          .build();

  /** A classpath resource copied to a file (it may live inside a jar). */
  static Path resource(String name) {
    try (var in = DemoPolicyTest.class.getClassLoader().getResourceAsStream(name)) {
      Path file = java.nio.file.Files.createTempFile("gatehouse-policy-", ".yaml");
      java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Connection agent() throws SQLException {
    return sidecar.connect(sidecar.principal("alice").groups("agents").claim("tenant", 2));
  }

  @Test
  void agentReadsACustomerThroughAWhereClause() throws SQLException {
    try (Connection c = agent();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT full_name FROM customers WHERE id = 2")) {
      assertTrue(rs.next());
      assertEquals("Grace Hopper", rs.getString(1));
    }
  }

  @Test
  void anotherTenantsAgentDoesNotSeeTheCustomer() throws SQLException {
    try (Connection c = sidecar.connect(sidecar.principal("bob").groups("agents")
            .claim("tenant", 1));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT full_name FROM customers WHERE id = 2")) {
      assertTrue(!rs.next(), "customer 2 belongs to tenant 2");
    }
  }

  @Test
  void cardNumbersShowOnlyTheirLastFourDigits() throws SQLException {
    try (Connection c = agent();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT card_number FROM customers WHERE id = 2")) {
      assertTrue(rs.next());
      assertEquals("***********0005", rs.getString(1));
    }
  }

  @Test
  void unfilteredCustomerScanIsDeniedNamingTheRule() throws SQLException {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(SQLException.class, () -> s.executeQuery("select * from CUSTOMERS"));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().contains("no-unfiltered-customer-scans"), e.getMessage());
    }
  }

  @Test
  void stackedDropIsDeniedEvenBehindAHarmlessSelect() throws SQLException {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.execute("SELECT 1; DROP TABLE orders"));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().contains("no-ddl"), e.getMessage());
    }
    try (Connection c = agent();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      assertTrue(rs.next(), "orders still exists");
    }
  }

  @Test
  void principalOutsideTheAgentsGroupIsDeniedByDefault() throws SQLException {
    try (Connection c = sidecar.connect(sidecar.principal("mallory").groups("interns"));
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT id FROM orders WHERE id = 1"));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().startsWith("denied by default"), e.getMessage());
    }
  }

  @Test
  void fileReadingFunctionIsDeniedUnlessARuleNamesIt() throws SQLException {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM CSVREAD('/etc/passwd')"));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().toLowerCase().contains("csvread"), e.getMessage());
    }
  }

  @Test
  void gibberishIsNotUnderstoodAndDenied() throws SQLException {
    try (Connection c = agent(); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELEKT * FRUM orders"));
      assertEquals("42601", e.getSQLState());
    }
  }
}
