package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.DevKeys;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an agent sees when it cannot get a connection (SPEC §6): a closed port, a datasource the
 * sidecar does not serve, a token the sidecar does not trust. Each is an SQLException with the
 * right SQLState and a message that says what to fix, and none of them echoes the token.
 */
@Timeout(60)
class ConnectFailureTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll()
          .datasource("orders", DirectH2.url("it-connect-orders"), "sa", "")
          .datasource("billing", DirectH2.url("it-connect-billing"), "sa", "")
          .build();

  private static Properties withToken(String token) {
    Properties p = new Properties();
    p.setProperty("token", token);
    return p;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void unreachableSidecarIs08001NamingHostAndPort() throws Exception {
    int port = closedPort();
    String token = sidecar.principal("lost").token();
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:gatehouse://127.0.0.1:" + port + "/orders?connect_timeout=5s", withToken(token)));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertInstanceOf(SQLNonTransientConnectionException.class, e);
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertFalse(e.getMessage().contains(token));
  }

  @Test
  void unknownDatasourceIsNamedAndTheServedOnesListed() {
    SQLException e = assertThrows(SQLException.class,
        () -> sidecar.connect(sidecar.principal("lost"), "ordres"));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("ordres"), e.getMessage());
    assertTrue(e.getMessage().contains("orders") && e.getMessage().contains("billing"),
        "lists the datasources the sidecar serves: " + e.getMessage());
  }

  @Test
  void forgedTokenIs28000() {
    String forged = DevKeys.generate().token("mallory").groups("admins").mint();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(sidecar.url("orders"), withToken(forged)));
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
    assertFalse(e.getMessage().contains(forged));
  }

  @Test
  void malformedTokenIs28000() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(sidecar.url("orders"), withToken("aaa.bbb.ccc")));
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertFalse(e.getMessage().contains("aaa.bbb.ccc"));
  }

  @Test
  void noTokenAtAllIs28000() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(sidecar.url("orders"), new Properties()));
    assertEquals("28000", e.getSQLState(), e.getMessage());
  }

  @Test
  void databasePasswordIsRefused() {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("password", "the-real-db-password");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(sidecar.url("orders"), p));
    assertEquals("28000", e.getSQLState(), e.getMessage());
    assertFalse(e.getMessage().contains("the-real-db-password"));
  }

  @Test
  void closedConnectionIs08003() throws SQLException {
    Connection c = sidecar.connect(sidecar.principal("done"), "orders");
    Statement s = c.createStatement();
    c.close();
    assertTrue(c.isClosed());
    assertFalse(c.isValid(1));
    SQLException e = assertThrows(SQLException.class, () -> c.createStatement());
    assertEquals("08003", e.getSQLState());
    SQLException onStatement = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    assertTrue(onStatement.getSQLState().equals("08003")
        || onStatement.getSQLState().equals("HY010"), onStatement.getSQLState());
  }

  @Test
  void aSessionAnswersOnlyItsOwnPrincipal() throws SQLException {
    // a second connection of the same principal is a separate session; both work
    try (Connection a = sidecar.connect(sidecar.principal("same"), "orders");
        Connection b = sidecar.connect(sidecar.principal("same"), "orders")) {
      assertTrue(a.isValid(5));
      assertTrue(b.isValid(5));
    }
  }

  @Test
  void anExpiredTokenIsRefusedAt28000() {
    DevKeys other = DevKeys.generate();
    String old = other.token("late").issuedAt(Instant.now().minus(Duration.ofHours(2)))
        .ttl(Duration.ofMinutes(5)).mint();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(sidecar.url("orders"), withToken(old)));
    assertEquals("28000", e.getSQLState(), e.getMessage());
  }
}
