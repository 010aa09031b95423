package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 32 agents at once, each on its own connection and thread, twice as many as the sidecar's
 * backend pool holds: inserts, updates, committed and rolled-back transactions, batches and
 * streamed reads, each checked against what that agent expects, and everything checked on H2
 * at the end. Any crossed wire (a row, a result or a transaction landing in another session)
 * shows up as a wrong number.
 */
@Timeout(180)
class ConcurrentConnectionsTest {
  private static final String DB = "it-concurrent";
  private static final int AGENTS = 32;
  private static final int ROUNDS = 25;

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().datasource("conc", DirectH2.url(DB), "sa", "").build();

  @Test
  void thirtyTwoAgentsAtOnceEachSeeExactlyTheirOwnWork() throws Exception {
    try (Connection direct = DirectH2.connect(DB);
        Statement s = direct.createStatement()) {
      s.execute("CREATE TABLE ledger (agent INT, round INT, amount BIGINT, PRIMARY KEY (agent, round))");
    }
    ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> agents = new ArrayList<>();
    try {
      for (int a = 0; a < AGENTS; a++) {
        int agent = a;
        agents.add(pool.submit((Callable<Long>) () -> {
          start.await();
          return runAgent(agent);
        }));
      }
      start.countDown();
      for (int a = 0; a < AGENTS; a++) {
        long expected = agents.get(a).get(150, TimeUnit.SECONDS);
        assertEquals(expected, committedTotal(a), "agent " + a + " on H2");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One agent's work; returns the total it expects to have committed. */
  private static long runAgent(int agent) throws SQLException {
    long committed = 0;
    try (Connection c = sidecar.connect(sidecar.principal("agent-" + agent), "conc");
        PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?)");
        PreparedStatement total =
            c.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE agent = ?")) {
      for (int round = 0; round < ROUNDS; round++) {
        long amount = agent * 1000L + round;
        boolean inTransaction = round % 3 != 0;
        boolean rollBack = round % 5 == 4;
        c.setAutoCommit(!inTransaction);
        insert.setInt(1, agent);
        insert.setInt(2, round);
        insert.setLong(3, amount);
        assertEquals(1, insert.executeUpdate());
        try (Statement s = c.createStatement()) {
          assertEquals(1, s.executeUpdate("UPDATE ledger SET amount = amount + 1 WHERE agent = "
              + agent + " AND round = " + round));
        }
        long pending = committed + amount + 1;
        total.setInt(1, agent);
        try (ResultSet rs = total.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(pending, rs.getLong(1), "agent " + agent + " round " + round
              + " sees its own uncommitted work and nobody else's");
        }
        if (inTransaction && rollBack) {
          c.rollback();
        } else {
          if (inTransaction) {
            c.commit();
          }
          committed = pending;
        }
        assertEquals(agent * 1_000_000L + round, streamedSum(c, agent, round));
      }
      c.setAutoCommit(true);
      batchOfReads(c, agent);
    }
    return committed;
  }

  /** A streamed result of a few thousand rows, small batches, summed. */
  private static long streamedSum(Connection c, int agent, int round) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setFetchSize(97);
      long sum = 0;
      long n = 0;
      try (ResultSet rs = s.executeQuery(
          "SELECT X FROM SYSTEM_RANGE(1, 2000) UNION ALL SELECT " + (agent * 1_000_000L + round
              - 2000L * 2001 / 2))) {
        while (rs.next()) {
          sum += rs.getLong(1);
          n++;
        }
      }
      assertEquals(2001, n);
      return sum;
    }
  }

  private static void batchOfReads(Connection c, int agent) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT ? * 2")) {
      for (int i = 0; i < 20; i++) {
        ps.setInt(1, agent * 100 + i);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals((agent * 100 + i) * 2, rs.getInt(1));
        }
      }
    }
  }

  private static long committedTotal(int agent) throws SQLException {
    try (Connection direct = DirectH2.connect(DB);
        PreparedStatement ps =
            direct.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE agent = ?")) {
      ps.setInt(1, agent);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
