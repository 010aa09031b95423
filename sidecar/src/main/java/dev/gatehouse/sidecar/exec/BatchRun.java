package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.GeneratedKeysRequest;
import dev.gatehouse.proto.v1.ParameterSet;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A JDBC batch on the backend: one SQL with many parameter sets, or many SQL strings. */
public final class BatchRun implements Stoppable {
  private final Statement statement;
  private final AtomicReference<Reason> stopped = new AtomicReference<>();

  private BatchRun(Statement statement) {
    this.statement = statement;
  }

  /**
   * Runs the batch and answers with its update counts (and generated keys when asked).
   *
   * @param register called with the run before it starts, so Cancel can reach it
   * @param unregister called when it ends
   */
  public static ExecuteBatchResponse run(
      BackendSession session,
      ExecuteBatchRequest request,
      Consumer<Stoppable> register,
      Consumer<Stoppable> unregister,
      ScheduledExecutorService timers) {
    try (BackendSession.Lease lease = session.lease();
        Statement st = prepare(lease, request)) {
      BatchRun run = new BatchRun(st);
      register.accept(run);
      ScheduledFuture<?> timer = null;
      if (request.getTimeoutMs() > 0) {
        timer = timers.schedule(() -> run.stop(Reason.TIMED_OUT), request.getTimeoutMs(),
            TimeUnit.MILLISECONDS);
      }
      try {
        return run.execute(request);
      } catch (SQLException e) {
        throw StatementRun.translate(session.backend(), e, run.stopped.get());
      } finally {
        if (timer != null) {
          timer.cancel(false);
        }
        unregister.accept(run);
        if (run.stopped.get() != null) {
          lease.taint(); // a cancel was sent; it may still be pending on the connection
        }
      }
    } catch (SQLException e) {
      throw session.backend().failure(null, e);
    }
  }

  private static Statement prepare(BackendSession.Lease lease, ExecuteBatchRequest request)
      throws SQLException {
    var c = lease.connection();
    GeneratedKeysRequest keys = request.getGeneratedKeys();
    if (request.getSqlsCount() > 0) {
      return c.createStatement();
    }
    if (!keys.getRequested()) {
      return c.prepareStatement(request.getSql());
    }
    if (keys.getColumnNamesCount() > 0) {
      return c.prepareStatement(request.getSql(), keys.getColumnNamesList().toArray(new String[0]));
    }
    if (keys.getColumnIndexesCount() > 0) {
      return c.prepareStatement(
          request.getSql(),
          keys.getColumnIndexesList().stream().mapToInt(Integer::intValue).toArray());
    }
    return c.prepareStatement(request.getSql(), Statement.RETURN_GENERATED_KEYS);
  }

  private ExecuteBatchResponse execute(ExecuteBatchRequest request) throws SQLException {
    if (request.getSqlsCount() > 0) {
      for (String sql : request.getSqlsList()) {
        statement.addBatch(sql);
      }
    } else {
      PreparedStatement ps = (PreparedStatement) statement;
      for (ParameterSet set : request.getParameterSetsList()) {
        ParameterBinder.bind(ps, set.getValuesList());
        ps.addBatch();
      }
    }
    if (stopped.get() != null) {
      throw new SQLException("stopped before execution", "57014");
    }
    long[] counts = statement.executeLargeBatch();
    ExecuteBatchResponse.Builder b = ExecuteBatchResponse.newBuilder();
    for (long c : counts) {
      b.addUpdateCounts(c);
    }
    if (request.getGeneratedKeys().getRequested() && request.getSqlsCount() == 0) {
      ResultSet keys = statement.getGeneratedKeys();
      if (keys != null) {
        ResultSetEncoder enc = new ResultSetEncoder(keys, 0);
        b.setKeysHeader(enc.header());
        b.setKeys(enc.nextBatch(Integer.MAX_VALUE));
      }
    }
    return b.build();
  }

  @Override
  public void stop(Reason reason) {
    if (stopped.compareAndSet(null, reason)) {
      try {
        statement.cancel();
      } catch (SQLException | RuntimeException ignored) {
        // may have finished already
      }
    }
  }
}
