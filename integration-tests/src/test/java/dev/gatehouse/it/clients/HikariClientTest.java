package dev.gatehouse.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HikariCP pooling {@code jdbc:gatehouse} connections: the token from each of the URL's token
 * sources (SPEC §2), the connection test both ways Hikari does it (JDBC4 {@code isValid}, which
 * is the driver's Ping call, and a {@code connectionTestQuery}, which is a statement the policy
 * must allow), many borrows and returns from concurrent threads with the tenant's row filter
 * and masking holding on every one, and a pool that notices when the sidecar is gone.
 */
@Timeout(120)
class HikariClientTest {
  /** A test query the sidecar's audit log can tell apart from the tests' own statements. */
  private static final String TEST_QUERY = "SELECT 1 AS hikari_alive";

  @RegisterExtension
  static final GatehouseSidecar sidecar = Shop.onH2();

  @TempDir
  Path dir;

  private static HikariConfig pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    config.setPoolName("gatehouse-it");
    return config;
  }

  /** One statement a pooled connection runs: the tenant's orders, with their customers' cards. */
  private static List<String> tenantOrders(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT o.id, c.card_number FROM orders o"
        + " JOIN customers c ON c.id = o.customer_id WHERE o.total >= ? ORDER BY o.id")) {
      ps.setBigDecimal(1, java.math.BigDecimal.ZERO);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getInt(1) + " " + rs.getString(2));
        }
      }
    }
    return rows;
  }

  private static final List<String> TENANT_ONE_ORDERS = List.of(
      "11 " + Shop.ADA_CARD_MASKED, "12 " + Shop.ALAN_CARD_MASKED, "13 " + Shop.ADA_CARD_MASKED);

  @Test
  void tokenInTheUrl() throws SQLException {
    String token = Shop.agent(sidecar).token();
    try (HikariDataSource ds = new HikariDataSource(pool(sidecar.url() + "?token=" + token));
        Connection c = ds.getConnection()) {
      assertEquals("agent-7", c.getMetaData().getUserName());
      assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
    }
  }

  @Test
  void tokenFileInTheUrl() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, Shop.agent(sidecar).token());
    try (HikariDataSource ds =
            new HikariDataSource(pool(sidecar.url() + "?token_file=" + file));
        Connection c = ds.getConnection()) {
      assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
    }
  }

  /** For configurations that only have user and password fields (SPEC §2). */
  @Test
  void tokenInThePasswordField() throws SQLException {
    HikariConfig config = pool(sidecar.url());
    config.setUsername("agent-7");
    config.setPassword(Shop.agent(sidecar).token());
    try (HikariDataSource ds = new HikariDataSource(config);
        Connection c = ds.getConnection()) {
      assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
    }
  }

  @Test
  void aDatabasePasswordInThePasswordFieldIsRefusedAtPoolStart() {
    HikariConfig config = pool(sidecar.url());
    config.setUsername("sa");
    config.setPassword("hunter2");
    HikariPool.PoolInitializationException e =
        assertThrows(HikariPool.PoolInitializationException.class,
            () -> new HikariDataSource(config).close());
    SQLException cause = assertInstanceOf(SQLException.class, e.getCause(), e.toString());
    assertEquals("28000", cause.getSQLState(), cause.getMessage());
    assertFalse(cause.getMessage().contains("hunter2"), cause.getMessage());
  }

  /**
   * Eight threads borrow from a pool of four, two hundred times each, and every borrow sees only
   * its tenant's rows, masked; with the test query set, Hikari also runs it on borrows after
   * the connection rested, and the sidecar records it like any statement.
   */
  @ParameterizedTest(name = "connectionTestQuery = {0}")
  @ValueSource(strings = {"", TEST_QUERY})
  void concurrentBorrowersOnBothKindsOfConnectionTest(String testQuery) throws Exception {
    HikariConfig config = pool(sidecar.url());
    config.addDataSourceProperty("token", Shop.agent(sidecar).token());
    if (!testQuery.isEmpty()) {
      config.setConnectionTestQuery(testQuery);
    }
    long testQueriesBefore = auditedTestQueries();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      List<Callable<Integer>> borrowers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        borrowers.add(() -> {
          for (int i = 0; i < 200; i++) {
            try (Connection c = ds.getConnection()) {
              if (i % 20 == 0) {
                assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
              } else {
                assertTrue(c.isValid(2));
              }
            }
          }
          return 200;
        });
      }
      int borrows = 0;
      for (Future<Integer> f : threads.invokeAll(borrowers)) {
        borrows += f.get();
      }
      assertEquals(1600, borrows);
      assertTrue(ds.getHikariPoolMXBean().getTotalConnections() <= 4);
      // Hikari tests a connection on borrow when it has rested longer than half a second
      Thread.sleep(700);
      try (Connection c = ds.getConnection()) {
        assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
      }
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
    }
    long testQueries = auditedTestQueries() - testQueriesBefore;
    if (testQuery.isEmpty()) {
      assertEquals(0, testQueries, "without a test query Hikari uses isValid (Ping)");
    } else {
      assertTrue(testQueries >= 1, "the test query ran through the sidecar");
    }
  }

  /** A test query the policy denies fails the pool at start, naming the rule: not silently. */
  @Test
  void aTestQueryThePolicyDeniesFailsThePoolAtStart() {
    HikariConfig config = pool(sidecar.url());
    config.addDataSourceProperty("token", Shop.agent(sidecar).token());
    config.setConnectionTestQuery("SELECT 1 FROM salaries");
    HikariPool.PoolInitializationException e =
        assertThrows(HikariPool.PoolInitializationException.class,
            () -> new HikariDataSource(config).close());
    SQLException cause = assertInstanceOf(SQLException.class, e.getCause(), e.toString());
    assertEquals("42501", cause.getSQLState(), cause.getMessage());
    assertTrue(cause.getMessage().contains("no-salaries"), cause.getMessage());
  }

  /**
   * When the sidecar goes away, the pool's connection test finds its connections dead and the
   * pool reports a connection failure ({@code 08xxx} underneath) instead of handing out a
   * connection that fails on first use.
   */
  @ParameterizedTest(name = "connectionTestQuery = {0}")
  @ValueSource(strings = {"", TEST_QUERY})
  void poolNoticesTheSidecarIsGone(String testQuery) throws Exception {
    GatehouseSidecar doomed = Shop.onH2().start();
    HikariConfig config = pool(doomed.url());
    config.addDataSourceProperty("token", Shop.agent(doomed).token());
    config.setConnectionTimeout(1_500);
    if (!testQuery.isEmpty()) {
      config.setConnectionTestQuery(testQuery);
    }
    try (HikariDataSource ds = new HikariDataSource(config)) {
      try (Connection c = ds.getConnection()) {
        assertEquals(TENANT_ONE_ORDERS, tenantOrders(c));
      }
      doomed.close();
      Thread.sleep(700); // past Hikari's bypass window, so the borrow tests the connection
      SQLTransientConnectionException e =
          assertThrows(SQLTransientConnectionException.class, ds::getConnection);
      SQLException cause = assertInstanceOf(SQLException.class, e.getCause(), e.toString());
      assertTrue(cause.getSQLState().startsWith("08"), cause.getSQLState() + " " + cause);
    } finally {
      doomed.close();
    }
  }

  /**
   * How many statements naming {@code hikari_alive} the sidecar has recorded so far (the audit
   * log redacts the literal, so the alias is what identifies the test query).
   */
  private static long auditedTestQueries() throws Exception {
    Path log = sidecar.auditLog();
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("\"type\":\"statement\"") && l.contains("hikari_alive"))
          .count();
    }
  }
}
