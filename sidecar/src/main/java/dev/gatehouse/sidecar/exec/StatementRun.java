package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.GeneratedKeysRequest;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One statement running on the backend, and the results it yields in JDBC order. The caller
 * steps through results with {@link #next()} and closes the run when done; closing early stops
 * the backend work.
 */
public final class StatementRun implements Stoppable, AutoCloseable {
  private final Backend backend;
  private final BackendSession.Lease lease;
  private final Statement statement;
  /** For metadata calls: the one result set, handed out by the first {@link #next}. */
  private ResultSet directResult;
  private final long maxRows;
  /** The fetch size the statement was given (0: none); see {@link #rows}. */
  private final int fetchSize;
  private final AtomicReference<Reason> stopped = new AtomicReference<>();
  private boolean firstResultPending;
  private boolean firstIsResultSet;
  private boolean finished;
  private boolean closed;
  /**
   * Whether a result closed before its end is cancelled first. MariaDB's driver reads the rest
   * of a streamed result when it is closed, so it is cancelled first. H2 is not: closing its
   * lazy result stops the query, and a cancel it did not act on stays on the command it caches
   * for that SQL text (see {@link #stop}).
   */
  private final boolean cancelBeforeEarlyClose;
  /** Serializes a cancel with the start and end of backend calls; see {@link #stop}. */
  private final Object cancelLock = new Object();
  private boolean inBackendCall; // guarded by cancelLock
  private boolean cancelSent; // guarded by cancelLock

  private StatementRun(BackendSession session, BackendSession.Lease lease, Statement statement,
      long maxRows, int fetchSize) {
    this.backend = session.backend();
    this.lease = lease;
    this.statement = statement;
    this.maxRows = maxRows;
    this.fetchSize = fetchSize;
    this.cancelBeforeEarlyClose = session.backend().dialect() != Dialect.H2;
  }

  /** A call into the backend driver that a stop from another thread may have to cancel. */
  @FunctionalInterface
  private interface BackendCall<T> {
    T run() throws SQLException;
  }

  /**
   * Runs one blocking call on the backend (execute, the next result, a batch of rows). A stop
   * that arrives meanwhile cancels it; a run already stopped makes no more calls.
   */
  private <T> T backendCall(BackendCall<T> call) throws SQLException {
    synchronized (cancelLock) {
      if (stopped.get() != null) {
        throw new SQLException("the statement was stopped", "57014");
      }
      inBackendCall = true;
    }
    try {
      return call.run();
    } finally {
      synchronized (cancelLock) {
        inBackendCall = false;
      }
    }
  }

  /** Reads the next batch of a result of this run (see {@link ResultSetEncoder#nextBatch}). */
  public RowBatch nextBatch(ResultSetEncoder rows, int batchRows) throws SQLException {
    return backendCall(() -> rows.nextBatch(batchRows));
  }

  /**
   * Prepares and executes {@code sql}.
   *
   * @param fetchSize rows the backend driver should fetch at a time (streams large results)
   * @param maxRows at most this many rows per result set (0 = none)
   * @param kind what the statement does: a query's result is streamed in pieces where the
   *     backend driver needs a transaction for that (see {@link BackendSession#lease(QueryKind)})
   */
  public static StatementRun start(
      BackendSession session,
      String sql,
      List<Value> parameters,
      int fetchSize,
      long maxRows,
      GeneratedKeysRequest keys,
      QueryKind kind,
      java.util.function.Consumer<StatementRun> onStarted) {
    BackendSession.Lease lease =
        session.lease(fitsOneFetch(fetchSize, maxRows) ? QueryKind.OTHER : kind);
    PreparedStatement ps = null;
    StatementRun run = null;
    try {
      ps = prepare(lease, sql, keys);
      if (fetchSize > 0) {
        // a driver that fetches ahead starts small, until the rows' width is known (next())
        ps.setFetchSize(session.backend().firstFetch(fetchSize));
      }
      if (maxRows > 0 && maxRows < Integer.MAX_VALUE) {
        // one more than asked, so the encoder can tell the agent the result was cut; the int
        // form, as PostgreSQL's driver does not implement setLargeMaxRows
        ps.setMaxRows((int) (maxRows + 1));
      }
      ParameterBinder.bind(ps, parameters);
      run = new StatementRun(session, lease, ps, maxRows, fetchSize);
      onStarted.accept(run);
      // stopped between registration and execution: backendCall never starts the backend work
      run.firstIsResultSet = run.backendCall(ps::execute);
      run.firstResultPending = true;
      return run;
    } catch (SQLException e) {
      closeQuietly(ps);
      lease.close();
      throw translate(session.backend(), e, run == null ? null : run.stopped.get());
    } catch (RuntimeException e) {
      closeQuietly(ps);
      lease.close();
      throw e;
    }
  }

  /**
   * Whether a result can never be larger than one fetch: the driver then asks the database for
   * at most {@code maxRows + 1} rows (see {@link #start}), no more than a cursor would fetch at a
   * time, and the query needs no transaction to stream. Also without a fetch size: nothing to
   * stream in pieces.
   */
  static boolean fitsOneFetch(int fetchSize, long maxRows) {
    return fetchSize <= 0 || (maxRows > 0 && maxRows < fetchSize);
  }

  /**
   * Runs a {@link java.sql.DatabaseMetaData} call that returns a result set, as a run with one
   * result, showing only what {@code visibility} lets the principal see.
   */
  public static StatementRun metadata(BackendSession session, String method,
      List<Value> arguments, SchemaVisibility visibility, long maxRows) {
    BackendSession.Lease lease = session.lease();
    try {
      ResultSet rs = MetadataCalls.invoke(lease.connection().getMetaData(), method, arguments,
          visibility);
      StatementRun run = new StatementRun(session, lease, rs.getStatement(), maxRows, 0);
      run.directResult = rs;
      run.firstResultPending = true;
      run.firstIsResultSet = true;
      return run;
    } catch (SQLException e) {
      lease.close();
      throw session.backend().failure("metadata call " + method, e);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private static PreparedStatement prepare(
      BackendSession.Lease lease, String sql, GeneratedKeysRequest keys) throws SQLException {
    var c = lease.connection();
    if (keys == null || !keys.getRequested()) {
      return c.prepareStatement(sql);
    }
    if (keys.getColumnNamesCount() > 0) {
      return c.prepareStatement(sql, keys.getColumnNamesList().toArray(new String[0]));
    }
    if (keys.getColumnIndexesCount() > 0) {
      return c.prepareStatement(
          sql, keys.getColumnIndexesList().stream().mapToInt(Integer::intValue).toArray());
    }
    return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
  }

  /** One result of the run. */
  public sealed interface Result permits Rows, Update {}

  /** A result set to stream. */
  public record Rows(ResultSetEncoder encoder) implements Result {}

  /** An update count, with generated keys when they were asked for. */
  public record Update(long count, ResultSetEncoder keys) implements Result {}

  /**
   * The next result, or {@code null} when there are no more.
   *
   * @param withKeys whether to read generated keys for an update count
   */
  public Result next(boolean withKeys) {
    if (finished) {
      return null;
    }
    try {
      boolean isRs;
      if (directResult != null) {
        ResultSet rs = firstResultPending ? directResult : null;
        firstResultPending = false;
        if (rs == null) {
          finished = true;
          return null;
        }
        return new Rows(new ResultSetEncoder(rs, maxRows));
      }
      if (firstResultPending) {
        firstResultPending = false;
        isRs = firstIsResultSet;
      } else {
        isRs = backendCall(statement::getMoreResults);
      }
      if (isRs) {
        return new Rows(rows(statement.getResultSet()));
      }
      long count = statement.getLargeUpdateCount();
      if (count == -1) {
        finished = true;
        return null;
      }
      ResultSetEncoder keys = null;
      if (withKeys) {
        ResultSet k = statement.getGeneratedKeys();
        if (k != null) {
          keys = new ResultSetEncoder(k, 0);
        }
      }
      return new Update(count, keys);
    } catch (SQLException e) {
      throw translate(backend, e, stopped.get());
    }
  }

  /** The encoder of a result set of the statement, its fetch size adapted where it must be. */
  private ResultSetEncoder rows(ResultSet rs) throws SQLException {
    ResultSetEncoder encoder = new ResultSetEncoder(rs, maxRows);
    if (fetchSize > 0 && backend.fetchesAhead()) {
      encoder.adaptFetchSize(backend.fetchBudgetBytes(),
          backend.firstFetch(fetchSize), fetchSize);
    }
    return encoder;
  }

  /** Translates a failure while reading this run's rows. */
  public GatehouseException failure(SQLException e) {
    return translate(backend, e, stopped.get());
  }

  static GatehouseException translate(Backend backend, SQLException e, Reason reason) {
    if (reason == Reason.TIMED_OUT) {
      return new GatehouseException(
          GatehouseException.TIMEOUT, "the statement timed out and was stopped", null, 0, e);
    }
    if (reason == Reason.CANCELLED) {
      return new GatehouseException(
          GatehouseException.CANCELLED, "the statement was cancelled", null, 0, e);
    }
    return backend.failure(null, e);
  }

  /**
   * Stops the backend work from another thread (cancel, timeout, client gone). The thread
   * running the statement then sees an error translated with this reason, from the call it is
   * in or from its next one.
   *
   * <p>The backend statement is cancelled only while a call on it runs. A cancel sent between
   * calls has nothing to interrupt, and H2 (2.3, 2.5) keeps a cancel it did not act on in the
   * command it caches for the SQL text: the next execution of the same SQL on that connection
   * fails with 57014, another agent's once the pool lends the connection again. A cancel that
   * still lands as the call returns taints the lease, and the connection is not reused.
   */
  @Override
  public void stop(Reason reason) {
    if (stopped.compareAndSet(null, reason)) {
      synchronized (cancelLock) {
        if (inBackendCall) {
          cancel();
        }
      }
    }
  }

  /** Cancels the backend statement once. The caller holds cancelLock. */
  private void cancel() {
    if (statement == null || cancelSent) {
      return;
    }
    cancelSent = true;
    // the cancel may still land after the call it was meant for has returned
    lease.taint();
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException ignored) {
      // the statement may already have finished or been closed
    }
  }

  public Reason stopReason() {
    return stopped.get();
  }

  /**
   * The run produced all its results: ends its own transaction where the agent must learn of a
   * failed COMMIT (see {@link BackendSession.Lease#commitOwnTransaction}). Call before {@link
   * #close} on the normal path; a failure here is the statement's failure.
   */
  public void complete() throws SQLException {
    // every result is read to its end; close() releases the statement afterwards
    lease.commitOwnTransaction();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished && cancelBeforeEarlyClose) {
      // Closing before the end: make sure the backend stops producing rows.
      synchronized (cancelLock) {
        cancel();
      }
    }
    if (directResult != null) {
      try {
        directResult.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
    closeQuietly(statement);
    lease.close();
  }

  private static void closeQuietly(Statement s) {
    if (s != null) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
  }
}
