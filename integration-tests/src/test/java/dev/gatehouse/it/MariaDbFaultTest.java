package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BackendFaultTest}'s database faults on MariaDB, whose driver reports them differently
 * (its own exception types, {@code KILL QUERY} on a second connection to cancel, and a
 * {@code SLEEP} that a kill ends early with a normal result instead of an error). The real
 * server is never touched; a {@link FaultProxy} in front of it is broken instead.
 */
@Timeout(180)
class MariaDbFaultTest {
  private static final String POLICY = String.join("\n",
      "default: allow",
      "rules:",
      "  - name: sleeping-allowed-in-fault-tests",
      "    when: { functions: [sleep] }",
      "    effect: allow",
      "");

  private static final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "it-mariadb-fault");
    t.setDaemon(true);
    return t;
  });

  private FaultProxy proxy;
  private final List<GatehouseSidecar> sidecars = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();

  @BeforeEach
  void startProxy() throws Exception {
    assumeTrue(Databases.mariadbReachable(),
        "MariaDB does not answer on 127.0.0.1:3306; the MariaDB fault tests need it");
    proxy = FaultProxy.to("127.0.0.1", 3306);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (GatehouseSidecar s : sidecars) {
      s.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (!tags.isEmpty()) {
      try (Connection c = Databases.mariadb(); Statement s = c.createStatement()) {
        for (String tag : tags) {
          for (long id : queriesTagged(c, tag)) {
            try {
              s.execute("KILL QUERY " + id);
            } catch (SQLException alreadyGone) {
              // it ended between the look-up and the kill
            }
          }
        }
      }
    }
  }

  @AfterAll
  static void stopBackground() {
    background.shutdownNow();
  }

  private GatehouseSidecar sidecar(String policy) {
    GatehouseSidecar s = GatehouseSidecar.builder().policyText(policy)
        .datasource("maria", "jdbc:mariadb://127.0.0.1:" + proxy.port() + "/test",
            Databases.MARIADB_USER, "")
        .build();
    sidecars.add(s);
    return s.start();
  }

  private static Connection connect(GatehouseSidecar s) throws SQLException {
    return s.connect(s.principal("faulty"), "maria");
  }

  private String tag() {
    String tag = "gh_fault_tag_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    tags.add(tag);
    return tag;
  }

  private static List<Long> queriesTagged(Connection c, String tag) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM information_schema.processlist"
        + " WHERE command = 'Query' AND info LIKE CONCAT('%', ?, '%') AND id <> CONNECTION_ID()")) {
      ps.setString(1, tag);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static boolean awaitRunning(String tag, boolean wanted, long millis) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try (Connection c = Databases.mariadb()) {
      while (true) {
        boolean running = !queriesTagged(c, tag).isEmpty();
        if (running == wanted) {
          return true;
        }
        if (System.nanoTime() > end) {
          return false;
        }
        Thread.sleep(50);
      }
    }
  }

  private static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  private static void assertConnectionClass(SQLException e) {
    assertNotNull(e.getSQLState(), e.toString());
    assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("maria"), "names the datasource: " + e.getMessage());
  }

  @Test
  void databaseDownAtStartIs08001UntilItReturns() throws Exception {
    proxy.refuse();
    GatehouseSidecar s = sidecar(POLICY);
    SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(40),
        () -> assertThrows(SQLException.class, () -> connect(s).close()));
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertConnectionClass(e);
    assertFalse(e.getMessage().contains("Gatehouse sidecar"), e.getMessage());

    proxy.restore();
    try (Connection c = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> connect(s))) {
      assertEquals(42, selectOne(c));
    }
  }

  @Test
  void connectionCutMidQueryIs08006AndTheSessionGoesOn() throws Exception {
    GatehouseSidecar s = sidecar(POLICY);
    String tag = tag();
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      Future<SQLException> waiter = background.submit(() -> {
        try {
          st.executeQuery("SELECT SLEEP(20), '" + tag + "'").close();
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      assertTrue(awaitRunning(tag, true, 10_000), "MariaDB started the query");
      proxy.cut();
      SQLException e = waiter.get(15, TimeUnit.SECONDS);
      assertNotNull(e, "the query ended normally although its connection was cut");
      assertEquals("08006", e.getSQLState(), e.getMessage());
      assertConnectionClass(e);
      assertEquals(42, (int) assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> selectOne(c)));
    }
  }

  @Test
  void slowQueryOverTheStatementTimeoutIsHyt00AndKilledOnTheServer() throws Exception {
    GatehouseSidecar s = sidecar(POLICY + "limits: { statement_timeout: 1s }\n");
    String tag = tag();
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      long start = System.nanoTime();
      // a killed SLEEP returns 1 as if it had finished: the agent must still hear HYT00
      SQLException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> assertThrows(SQLException.class,
              () -> st.executeQuery("SELECT SLEEP(30), '" + tag + "'").close()));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertInstanceOf(SQLTimeoutException.class, e, e.toString());
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertTrue(millis >= 900 && millis < 10_000, "timed out after " + millis + " ms");
      assertTrue(awaitRunning(tag, false, 3_000), "MariaDB is still running the query");
      assertEquals(42, selectOne(c), "the session goes on after a timeout");
    }
  }
}
