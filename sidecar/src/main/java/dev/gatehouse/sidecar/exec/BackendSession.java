package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.SessionState;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Map;

/**
 * The backend side of one agent session, pooled per transaction: in auto-commit mode each
 * statement borrows a pooled connection and gives it back when its results are consumed; once
 * the agent turns auto-commit off, the first statement pins a connection until commit or
 * rollback. Session settings (read-only, isolation, catalog, schema) are applied to every
 * connection a statement gets.
 *
 * <p>Thread-safe: JDBC lets an application use one connection from several threads, and
 * cancellation arrives from another thread.
 */
public final class BackendSession implements AutoCloseable {
  private final Backend backend;
  private boolean autoCommit = true;
  private boolean readOnly;
  private int isolation;
  private String catalog;
  private String schema;
  private Connection pinned;
  /** A cancel was sent on the pinned connection during this transaction (see Lease#taint). */
  private boolean pinnedTainted;
  private final Map<Integer, Savepoint> savepoints = new HashMap<>();
  private boolean closed;

  public BackendSession(Backend backend) {
    this.backend = backend;
  }

  public Backend backend() {
    return backend;
  }

  /** A connection for one statement; {@link Lease#close()} gives it back (or keeps it pinned). */
  public synchronized Lease lease() {
    return lease(QueryKind.OTHER);
  }

  /**
   * A connection for one statement. PostgreSQL's driver fetches a result in pieces only inside a
   * transaction, and otherwise reads all of it into the sidecar's memory; so in auto-commit a
   * {@link QueryKind#QUERY query} runs in a transaction of its own, committed when the lease
   * closes (which is what auto-commit does for one statement). Its driver sends the BEGIN with
   * the query; the COMMIT costs a round trip, which a {@link QueryKind#PLAIN_QUERY plain query}
   * makes after its result has gone out (see {@link #giveBack}).
   *
   * @param kind what the statement does; {@link QueryKind#OTHER} for a query whose result
   *     cannot outgrow one fetch (nothing to stream)
   */
  public synchronized Lease lease(QueryKind kind) {
    ensureOpen();
    if (pinnedLost()) {
      throw transactionLost("cannot run the statement");
    }
    if (pinned != null) {
      return new Lease(this, pinned, false);
    }
    Connection c = backend.borrow();
    try {
      apply(c);
    } catch (SQLException e) {
      closeQuietly(c);
      throw backendError("cannot prepare a backend connection", e);
    }
    if (!autoCommit) {
      pinned = c;
      return new Lease(this, c, false);
    }
    Lease lease = new Lease(this, c, true);
    if (kind != QueryKind.OTHER && backend.dialect() == Dialect.POSTGRESQL) {
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        closeQuietly(c);
        throw backendError("cannot prepare a backend connection", e);
      }
      lease.ownTransaction = true;
      lease.commitLater = kind == QueryKind.PLAIN_QUERY;
    }
    return lease;
  }

  private void apply(Connection c) throws SQLException {
    if (c.getAutoCommit() != autoCommit) {
      c.setAutoCommit(autoCommit);
    }
    if (readOnly) {
      c.setReadOnly(true);
    }
    if (isolation != 0 && c.getTransactionIsolation() != isolation) {
      c.setTransactionIsolation(isolation);
    }
    if (catalog != null) {
      c.setCatalog(catalog);
    }
    if (schema != null) {
      c.setSchema(schema);
    }
  }

  /** The session's state as the driver caches it. */
  public synchronized SessionState state() {
    return SessionState.newBuilder()
        .setAutoCommit(autoCommit)
        .setReadOnly(readOnly)
        .setTransactionIsolation(isolation == 0 ? defaultIsolation() : isolation)
        .setCatalog(catalog == null ? "" : catalog)
        .setSchema(schema == null ? "" : schema)
        .build();
  }

  private int defaultIsolation() {
    String v = backend.databaseInfo().get("getDefaultTransactionIsolation");
    return v == null ? Connection.TRANSACTION_READ_COMMITTED : Integer.parseInt(v);
  }

  public synchronized void setAutoCommit(boolean on) {
    ensureOpen();
    if (on == autoCommit) {
      return;
    }
    autoCommit = on;
    if (on && pinned != null) {
      // JDBC: switching auto-commit on commits the open transaction.
      if (pinnedLost()) {
        releasePinned();
        throw transactionLost("commit failed");
      }
      try {
        pinned.commit();
      } catch (SQLException e) {
        throw backendError("commit failed", e);
      } finally {
        releasePinned();
      }
    }
  }

  /** Whether the agent made the session read-only ({@code Connection.setReadOnly}). */
  public synchronized boolean readOnly() {
    return readOnly;
  }

  public synchronized void setReadOnly(boolean on) {
    ensureOpen();
    requireNoTransaction("change read-only");
    readOnly = on;
  }

  public synchronized void setIsolation(int level) {
    ensureOpen();
    requireNoTransaction("change the isolation level");
    isolation = level;
  }

  public synchronized void setCatalog(String value) {
    ensureOpen();
    catalog = value == null || value.isEmpty() ? null : value;
    applyToPinned();
  }

  public synchronized void setSchema(String value) {
    ensureOpen();
    schema = value == null || value.isEmpty() ? null : value;
    applyToPinned();
  }

  private void applyToPinned() {
    if (pinned != null) {
      try {
        apply(pinned);
      } catch (SQLException e) {
        throw backendError("cannot change the session", e);
      }
    }
  }

  private void requireNoTransaction(String what) {
    if (pinned != null) {
      throw new GatehouseException(
          "25001", "cannot " + what + " inside a transaction; commit or roll back first");
    }
  }

  public synchronized void commit() {
    ensureOpen();
    if (pinned == null) {
      return; // nothing done since the last commit: JDBC allows commit without work
    }
    if (pinnedLost()) {
      releasePinned();
      throw transactionLost("commit failed");
    }
    try {
      pinned.commit();
    } catch (SQLException e) {
      throw backendError("commit failed", e);
    } finally {
      releasePinned();
    }
  }

  public synchronized void rollback() {
    ensureOpen();
    if (pinned == null) {
      return;
    }
    if (pinnedLost()) {
      // A database rolls back the transaction of a connection it lost; the rollback the agent
      // asks for has happened (or will, when the database notices). Failing it would hide the
      // error that broke the transaction (frameworks report the rollback's failure instead).
      releasePinned();
      return;
    }
    try {
      pinned.rollback();
    } catch (SQLException e) {
      throw backendError("rollback failed", e);
    } finally {
      releasePinned();
    }
  }

  public synchronized void setSavepoint(int id, String name) {
    ensureOpen();
    if (autoCommit) {
      throw new GatehouseException("3B001", "savepoints need auto-commit off");
    }
    if (pinned == null) {
      lease(); // pins a connection for the transaction the savepoint belongs to
    } else if (pinnedLost()) {
      throw transactionLost("cannot set a savepoint");
    }
    try {
      savepoints.put(id, name == null || name.isEmpty() ? pinned.setSavepoint() : pinned.setSavepoint(name));
    } catch (SQLException e) {
      throw backendError("cannot set savepoint", e);
    }
  }

  public synchronized void releaseSavepoint(int id) {
    Savepoint sp = savepoint(id);
    try {
      pinned.releaseSavepoint(sp);
      savepoints.remove(id);
    } catch (SQLException e) {
      throw backendError("cannot release savepoint", e);
    }
  }

  public synchronized void rollbackToSavepoint(int id) {
    Savepoint sp = savepoint(id);
    try {
      pinned.rollback(sp);
    } catch (SQLException e) {
      throw backendError("cannot roll back to savepoint", e);
    }
  }

  private Savepoint savepoint(int id) {
    ensureOpen();
    Savepoint sp = savepoints.get(id);
    if (sp == null || pinned == null) {
      throw new GatehouseException("3B001", "no such savepoint in the current transaction");
    }
    if (pinnedLost()) {
      throw transactionLost("savepoint unusable");
    }
    return sp;
  }

  /** Whether the backend answers within the timeout. */
  public boolean isValid(int timeoutSeconds) {
    try (Lease l = lease()) {
      return l.connection().isValid(timeoutSeconds);
    } catch (SQLException | GatehouseException e) {
      return false;
    }
  }

  synchronized void giveBack(Connection c, boolean release, boolean tainted,
      boolean ownTransaction, boolean commitLater) {
    if (!release) {
      if (tainted && c == pinned) {
        pinnedTainted = true;
      }
      return;
    }
    if (tainted) {
      // a cancel may still land on it: never reused, so its transaction ends with it
      backend.evict(c);
    } else if (!ownTransaction) {
      closeQuietly(c);
    } else if (commitLater) {
      backend.finishLater(() -> endOwnTransaction(backend, c));
    } else {
      endOwnTransaction(backend, c);
    }
  }

  /**
   * Commits a statement's own transaction and returns its connection to the pool in auto-commit.
   * A failed query's transaction is undone instead; a connection whose state is not known does
   * not go back to the pool. Touches no session state: it may run on another thread.
   */
  private static void endOwnTransaction(Backend backend, Connection c) {
    try {
      c.commit();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException again) {
        backend.evict(c);
        return;
      }
    }
    closeQuietly(c);
  }

  /** Rolls back anything open and returns the connection to the pool. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pinned != null) {
      try {
        pinned.rollback();
      } catch (SQLException ignored) {
        // The connection may be dead; the pool validates it before reuse.
      }
      releasePinned();
    }
  }

  private void releasePinned() {
    savepoints.clear();
    if (pinnedTainted) {
      backend.evict(pinned);
    } else {
      closeQuietly(pinned);
    }
    pinned = null;
    pinnedTainted = false;
  }

  private void ensureOpen() {
    if (closed) {
      throw new GatehouseException(
          GatehouseException.CONNECTION_DOES_NOT_EXIST, "the session is closed");
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // returning to the pool failed: the pool evicts it
      }
    }
  }

  private GatehouseException backendError(String what, SQLException e) {
    return backend.failure(what, e);
  }

  /**
   * Whether the pinned connection broke under the open transaction. HikariCP closes a connection
   * that failed with a connection-class error at once, so later calls on it would only say
   * "Connection is closed" (no SQLState); the session says what happened instead.
   */
  private boolean pinnedLost() {
    try {
      return pinned != null && pinned.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private GatehouseException transactionLost(String what) {
    return new GatehouseException(GatehouseException.CONNECTION_LOST,
        what + ": the connection to datasource " + backend.name() + " was lost during this"
            + " transaction; a database never commits the transaction of a connection it lost, so"
            + " nothing of it was committed. Roll back, then run the transaction again");
  }

  /** A connection lent to one statement. */
  public static final class Lease implements AutoCloseable {
    private final BackendSession owner;
    private final Connection connection;
    private final boolean release;
    private volatile boolean tainted;
    /** In auto-commit, the statement runs in a transaction of its own (see lease). */
    private boolean ownTransaction;
    /** That transaction commits after the lease is closed, on another thread (see lease). */
    private boolean commitLater;
    /** The own transaction was committed by {@link #commitOwnTransaction}. */
    private boolean committed;
    private boolean closed;

    Lease(BackendSession owner, Connection connection, boolean release) {
      this.owner = owner;
      this.connection = connection;
      this.release = release;
    }

    public Connection connection() {
      return connection;
    }

    /**
     * Marks the connection as having had a statement cancelled on it. A cancel may land after
     * the statement it was meant for has already finished, and some databases keep it: H2 fails
     * the next execution of the same SQL on that connection with 57014, whichever session
     * borrows it from the pool next. So a tainted connection is evicted from the pool instead of
     * returned (at the end of the transaction when it is pinned).
     */
    public void taint() {
      tainted = true;
    }

    /**
     * Commits the statement's own transaction now, when it must be committed before the agent is
     * told the statement ran (a query that may write through a function): a COMMIT that fails
     * (a deferred constraint, a serialization failure) then fails the statement instead of being
     * rolled back unseen. Nothing to do for a plain query (it commits later, with nothing to
     * lose), in an explicit transaction, or on a tainted connection (evicted, never committed).
     */
    public void commitOwnTransaction() throws SQLException {
      if (ownTransaction && !commitLater && !tainted && !closed) {
        connection.commit();
        connection.setAutoCommit(true);
        committed = true; // back in auto-commit: giveBack just returns it to the pool
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        owner.giveBack(connection, release, tainted, ownTransaction && !committed, commitLater);
      }
    }
  }
}
