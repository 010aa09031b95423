package dev.gatehouse.sidecar.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an auto-commit query's own transaction ends (PostgreSQL streams only inside one; see
 * {@link BackendSession#lease(QueryKind)}). H2 stands in for PostgreSQL here: the backend is told
 * its dialect is PostgreSQL, and a row written through the lease shows when its transaction
 * commits (a real plain query writes nothing; the write is only the witness).
 */
class BackendSessionTest {
  private static final String URL = "jdbc:h2:mem:backend_session_test;DB_CLOSE_DELAY=-1";

  private CountDownLatch finisherHeld;
  private ThreadPoolExecutor finisher;
  private Backend backend;
  private BackendSession session;
  private Connection observer;

  @BeforeEach
  void start() throws SQLException {
    observer = DriverManager.getConnection(URL, "sa", "");
    try (Statement s = observer.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS witness (id INT)");
      s.execute("DELETE FROM witness");
    }
    // one thread, held until the test lets it go: what the backend hands it stays queued
    finisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    finisherHeld = new CountDownLatch(1);
    finisher.execute(() -> {
      try {
        finisherHeld.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    backend = Backend.start(new DatasourceConfig("pgish", URL, "sa", null, null,
        Dialect.POSTGRESQL, DatasourceConfig.PoolConfig.DEFAULT, List.of(), Map.of()), finisher);
    session = new BackendSession(backend);
  }

  @AfterEach
  void stop() throws SQLException {
    finisherHeld.countDown();
    session.close();
    backend.close();
    observer.close();
  }

  private int witnessed() throws SQLException {
    try (Statement s = observer.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM witness")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void write(BackendSession.Lease lease) throws SQLException {
    try (Statement s = lease.connection().createStatement()) {
      s.execute("INSERT INTO witness VALUES (1)");
    }
  }

  private void runFinisher() throws InterruptedException {
    finisherHeld.countDown();
    finisher.shutdown();
    assertTrue(finisher.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void aPlainQueryCommitsAfterItsLeaseCloses() throws Exception {
    BackendSession.Lease lease = session.lease(QueryKind.PLAIN_QUERY);
    assertFalse(lease.connection().getAutoCommit(), "a query streams in a transaction");
    write(lease);
    lease.close();
    assertEquals(1, finisher.getQueue().size(), "the commit is handed to the finisher");
    assertEquals(0, witnessed(), "not committed yet: the result goes out first");
    runFinisher();
    assertEquals(1, witnessed());
    // back in the pool in auto-commit
    try (BackendSession.Lease next = session.lease()) {
      assertTrue(next.connection().getAutoCommit());
    }
  }

  @Test
  void aQueryCallingFunctionsCommitsBeforeItsLeaseIsGivenBack() throws Exception {
    BackendSession.Lease lease = session.lease(QueryKind.QUERY);
    assertFalse(lease.connection().getAutoCommit());
    write(lease);
    lease.close();
    assertEquals(1, witnessed(), "a function it called may have written: committed at once");
    assertEquals(0, finisher.getQueue().size());
  }

  @Test
  void otherStatementsRunInTheSessionsAutoCommit() throws Exception {
    try (BackendSession.Lease lease = session.lease(QueryKind.OTHER)) {
      assertTrue(lease.connection().getAutoCommit());
    }
    assertEquals(0, finisher.getQueue().size());
  }

  @Test
  void aCancelledPlainQueryIsEvictedNotCommitted() throws Exception {
    BackendSession.Lease lease = session.lease(QueryKind.PLAIN_QUERY);
    write(lease);
    lease.taint();
    lease.close();
    assertEquals(0, finisher.getQueue().size());
    runFinisher();
    assertEquals(0, witnessed(), "evicted: its transaction ends with it, uncommitted");
  }

  @Test
  void anExplicitTransactionIsNeverCommittedByTheFinisher() throws Exception {
    session.setAutoCommit(false);
    try (BackendSession.Lease lease = session.lease(QueryKind.PLAIN_QUERY)) {
      write(lease);
    }
    assertEquals(0, finisher.getQueue().size());
    assertEquals(0, witnessed(), "the agent's transaction is still open");
    session.commit();
    assertEquals(1, witnessed());
  }

  @Test
  void closingTheBackendFinishesWhatIsQueued() throws Exception {
    BackendSession.Lease lease = session.lease(QueryKind.PLAIN_QUERY);
    write(lease);
    lease.close();
    finisherHeld.countDown();
    backend.close(); // waits for the finisher before it closes the pool
    assertTrue(finisher.isTerminated());
    assertEquals(1, witnessed());
  }
}
