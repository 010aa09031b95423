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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The database behind the sidecar fails, and the agent is told so clearly (SPEC §6: {@code 08xxx}
 * for a lost or unreachable backend, {@code HYT00} for a statement over its time): PostgreSQL is
 * down when the sidecar starts, goes away mid-query and mid-stream, restarts under an open
 * transaction, and is too slow for the policy's {@code statement_timeout}. The sidecar stays up
 * through all of it and serves again, without a restart, once the database is back.
 *
 * <p>The real PostgreSQL server is shared with other tests, so it is never stopped: a {@link
 * FaultProxy} sits between the sidecar and it, and the test breaks the proxy instead. Every wait
 * is bounded; a hang is a failure, not a slow pass.
 */
@Timeout(180)
class BackendFaultTest {
  /** The database password the sidecar is configured with; no message may ever carry it. */
  private static final String SECRET = "faults-db-password-" + Long.toHexString(System.nanoTime());

  private static final String SLEEP_POLICY = String.join("\n",
      "default: allow",
      "rules:",
      "  - name: sleeping-allowed-in-fault-tests",
      "    when: { functions: [pg_sleep] }",
      "    effect: allow",
      "limits: { statement_timeout: 1s }",
      "");

  private static final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "it-backend-fault");
    t.setDaemon(true);
    return t;
  });

  private static String table;
  private FaultProxy proxy;
  private final List<GatehouseSidecar> sidecars = new ArrayList<>();
  /** Tags of the long queries this test started, so they can be ended whatever happens. */
  private final List<String> tags = new ArrayList<>();

  @BeforeAll
  static void createTable() throws SQLException {
    if (!Databases.postgresReachable()) {
      return;
    }
    table = "gh_faults_" + Long.toHexString(System.nanoTime());
    try (Connection c = Databases.postgres(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE public." + table + " (n INT PRIMARY KEY)");
    }
  }

  @AfterAll
  static void dropTable() throws SQLException {
    background.shutdownNow();
    if (table != null) {
      try (Connection c = Databases.postgres(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS public." + table);
      }
    }
  }

  @BeforeEach
  void startProxy() throws Exception {
    assumeTrue(Databases.postgresReachable(),
        "PostgreSQL does not answer on 127.0.0.1:5432; the backend fault tests need it");
    proxy = FaultProxy.to("127.0.0.1", 5432);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (GatehouseSidecar s : sidecars) {
      s.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    // a query whose client was cut keeps running on the server until it next writes; end it
    if (!tags.isEmpty()) {
      try (Connection c = Databases.postgres();
          PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid)"
              + " FROM pg_stat_activity WHERE query LIKE '%' || ? || '%'"
              + " AND pid <> pg_backend_pid()")) {
        for (String tag : tags) {
          ps.setString(1, tag);
          ps.executeQuery().close();
        }
      }
    }
  }

  private GatehouseSidecar sidecar(String policy) {
    GatehouseSidecar s = GatehouseSidecar.builder().policyText(policy)
        .datasource("pg", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test",
            Databases.POSTGRES_USER, SECRET)
        .build();
    sidecars.add(s);
    return s.start();
  }

  private static Connection connect(GatehouseSidecar s) throws SQLException {
    return s.connect(s.principal("faulty"), "pg");
  }

  private String tag() {
    String tag = "gh_fault_tag_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    tags.add(tag);
    return tag;
  }

  /** Fails unless {@code action} throws an SQLException within {@code limit}; returns it. */
  private static SQLException failsWithin(Duration limit, Executable action, String what) {
    return assertTimeoutPreemptively(limit, () -> assertThrows(SQLException.class, action, what),
        what + ": neither failed nor finished within " + limit);
  }

  private static void assertConnectionClass(SQLException e) {
    assertNotNull(e.getSQLState(), e.toString());
    assertTrue(e.getSQLState().startsWith("08"), e.getSQLState() + ": " + e.getMessage());
    assertFalse(String.valueOf(e.getMessage()).contains(SECRET), "leaks the password: " + e);
    assertFalse(String.valueOf(e.getMessage()).isBlank());
  }

  private static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  /** Whether PostgreSQL is still running a query whose text carries {@code tag}. */
  private static boolean running(String tag) throws SQLException {
    try (Connection c = Databases.postgres();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
            + " WHERE state = 'active' AND query LIKE '%' || ? || '%'"
            + " AND pid <> pg_backend_pid()")) {
      ps.setString(1, tag);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static boolean awaitRunning(String tag, boolean wanted, long millis) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      if (running(tag) == wanted) {
        return true;
      }
      Thread.sleep(50);
    }
    return running(tag) == wanted;
  }

  @Test
  void databaseDownAtStartIs08001UntilItReturnsThenServesWithoutARestart() throws Exception {
    proxy.refuse();
    // the sidecar starts: one database being down must not take the others (or the port) away
    GatehouseSidecar s = sidecar("default: allow");

    SQLException e = failsWithin(Duration.ofSeconds(40), () -> connect(s).close(),
        "connecting while the database is down");
    assertEquals("08001", e.getSQLState(), e.getMessage());
    assertConnectionClass(e);
    assertTrue(e.getMessage().contains("datasource pg is unavailable"), e.getMessage());
    assertFalse(e.getMessage().contains("Gatehouse sidecar"),
        "blames the database, not the sidecar the driver reached: " + e.getMessage());

    proxy.restore();
    try (Connection c = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> connect(s))) {
      assertEquals(42, selectOne(c));
    }
  }

  @Test
  void databaseGoneMidSessionIs08xxxAndTheSameSessionWorksWhenItReturns() throws Exception {
    GatehouseSidecar s = sidecar("default: allow");
    try (Connection c = connect(s)) {
      assertEquals(42, selectOne(c));
      proxy.down();
      // the first statement may get a pooled connection that died with the database (08006)
      SQLException e = failsWithin(Duration.ofSeconds(40), () -> selectOne(c),
          "a statement while the database is down");
      assertConnectionClass(e);
      assertTrue(e.getMessage().contains("datasource pg"),
          "names the datasource: " + e.getMessage());
      // then the pool has nothing left to lend and cannot connect: 08001, unavailable
      SQLException again = failsWithin(Duration.ofSeconds(40), () -> selectOne(c),
          "the next statement while the database is down");
      assertEquals("08001", again.getSQLState(), again.getMessage());
      assertConnectionClass(again);
      assertTrue(again.getMessage().contains("datasource pg is unavailable"), again.getMessage());

      proxy.restore();
      assertEquals(42, (int) assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> selectOne(c)), "the same session serves again once the database is back");
    }
  }

  @Test
  void connectionCutMidQueryFailsTheStatementWith08006AndTheSessionGoesOn() throws Exception {
    GatehouseSidecar s = sidecar(SLEEP_POLICY.replace("limits: { statement_timeout: 1s }", ""));
    String tag = tag();
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      Future<SQLException> waiter = background.submit(() -> {
        try {
          st.executeQuery("SELECT pg_sleep(20), '" + tag + "'").close();
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      assertTrue(awaitRunning(tag, true, 10_000), "PostgreSQL started the query");
      proxy.cut();
      SQLException e = waiter.get(15, TimeUnit.SECONDS);
      assertNotNull(e, "the query ended normally although its connection was cut");
      assertEquals("08006", e.getSQLState(), e.getMessage());
      assertConnectionClass(e);
      assertTrue(e.getMessage().contains("connection"), e.getMessage());

      // the pool hands the session a fresh connection; the broken one is not reused
      assertEquals(42, (int) assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> selectOne(c)));
    }
  }

  @Test
  void connectionCutMidStreamFailsTheReaderWith08006() throws Exception {
    GatehouseSidecar s = sidecar("default: allow");
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      // PostgreSQL's driver streams with a cursor only inside a transaction
      c.setAutoCommit(false);
      st.setFetchSize(100);
      // generate_series in the select list streams; in FROM, PostgreSQL would materialize it
      ResultSet rs = st.executeQuery("SELECT generate_series(1, 100000000), repeat('x', 100), '"
          + tag() + "'");
      for (int i = 0; i < 1000; i++) {
        assertTrue(rs.next());
      }
      proxy.cut();
      SQLException e = failsWithin(Duration.ofSeconds(30), () -> {
        while (rs.next()) {
          // rows already in flight may still arrive; then the break must show
        }
      }, "reading on after the cut");
      assertEquals("08006", e.getSQLState(), e.getMessage());
      assertConnectionClass(e);

      // the transaction died with its connection: rolling it back is all there is to do, and
      // it says so quietly; the session then goes on
      assertTimeoutPreemptively(Duration.ofSeconds(10), (Executable) c::rollback);
      assertEquals(42, (int) assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> selectOne(c)));
    }
  }

  @Test
  void databaseRestartFailsTheOpenTransactionAndLaterWorkSucceeds() throws Exception {
    GatehouseSidecar s = sidecar("default: allow");
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      assertEquals(1, st.executeUpdate("INSERT INTO " + table + " VALUES (1)"));
      proxy.down();
      proxy.restore();

      // the transaction's connection is gone: its next statement and its commit say so
      SQLException next = failsWithin(Duration.ofSeconds(30),
          () -> st.executeUpdate("INSERT INTO " + table + " VALUES (2)"),
          "a statement of the transaction the restart broke");
      assertConnectionClass(next);
      SQLException commit = failsWithin(Duration.ofSeconds(30), c::commit,
          "committing the transaction the restart broke");
      assertConnectionClass(commit);
      assertTrue(commit.getMessage().contains("commit"), commit.getMessage());
      assertEquals(List.of(), rowsInTable(), "nothing of the broken transaction was committed");

      // a new transaction on the same session works
      assertEquals(1, st.executeUpdate("INSERT INTO " + table + " VALUES (3)"));
      c.commit();
      assertEquals(List.of(3), rowsInTable());
      c.setAutoCommit(true);
      assertEquals(1, st.executeUpdate("DELETE FROM " + table));
    }
  }

  private static List<Integer> rowsInTable() throws SQLException {
    List<Integer> rows = new ArrayList<>();
    try (Connection c = Databases.postgres(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n FROM " + table + " ORDER BY n")) {
      while (rs.next()) {
        rows.add(rs.getInt(1));
      }
    }
    return rows;
  }

  @Test
  void slowQueryOverTheStatementTimeoutIsHyt00AndCancelledOnTheServer() throws Exception {
    GatehouseSidecar s = sidecar(SLEEP_POLICY);
    String tag = tag();
    try (Connection c = connect(s); Statement st = c.createStatement()) {
      long start = System.nanoTime();
      SQLException e = failsWithin(Duration.ofSeconds(20),
          () -> st.executeQuery("SELECT pg_sleep(30), '" + tag + "'"),
          "a 30 s query under a 1 s statement_timeout");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertInstanceOf(SQLTimeoutException.class, e, e.toString());
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertTrue(millis >= 900 && millis < 10_000, "timed out after " + millis + " ms");
      // pg_sleep(30) would run for 30 s: gone a few seconds in means PostgreSQL cancelled it
      assertTrue(awaitRunning(tag, false, 3_000), "PostgreSQL is still running the query");
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 20);
      assertEquals(42, selectOne(c), "the session goes on after a timeout");
    }
  }
}
