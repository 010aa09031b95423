package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.UpdateResult;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.exec.ResultSetEncoder;
import dev.gatehouse.sidecar.exec.StatementRun;
import dev.gatehouse.sidecar.exec.Stoppable;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Streams the results of one Execute (or GetMetadata) call with backpressure.
 *
 * <p>It is driven by gRPC's readiness: {@link #drain()} produces messages only while the
 * transport says the client can take more, and gRPC calls it again when it can. So the sidecar
 * reads from the database only as fast as the agent consumes, and a 10-million-row result
 * never sits in memory. All steps run serialized on the call's executor; only {@link #stop}
 * comes from other threads (client cancel, timeout, Cancel RPC).
 */
final class ExecuteCall {
  /** Starts one planned piece (a statement or a metadata call) on the backend. */
  interface Piece {
    StatementRun start(java.util.function.Consumer<StatementRun> onStarted);
  }

  /**
   * When the client goes away, a backend call still running after this long is cancelled. A
   * call that returns by itself (the usual batch of rows) is not: drain() then sees the
   * cancellation and closes the run, and the database is never sent a cancel it does not need.
   */
  static final long STUCK_CALL_GRACE_MILLIS = 200;

  private final ServerCallStreamObserver<ExecuteResponse> out;
  private final Session session;
  private final String statementId;
  private final List<Piece> pieces;
  private final int batchRows;
  private final boolean withKeys;
  private final ScheduledExecutorService timers;
  private final long timeoutMillis;
  private final Function<RowBatch, RowBatch> rowFilter;

  private int nextPiece;
  private volatile StatementRun run;
  private ResultSetEncoder rows;
  private boolean truncated;
  private boolean finished;
  private ScheduledFuture<?> timer;
  private volatile boolean timedOut;

  ExecuteCall(
      ServerCallStreamObserver<ExecuteResponse> out,
      Session session,
      String statementId,
      List<Piece> pieces,
      int batchRows,
      boolean withKeys,
      ScheduledExecutorService timers,
      long timeoutMillis,
      Function<RowBatch, RowBatch> rowFilter) {
    this.out = out;
    this.session = session;
    this.statementId = statementId;
    this.pieces = pieces;
    this.batchRows = batchRows;
    this.withKeys = withKeys;
    this.timers = timers;
    this.timeoutMillis = timeoutMillis;
    this.rowFilter = rowFilter;
  }

  void start() {
    out.setOnCancelHandler(this::cancelled);
    out.setOnReadyHandler(this::drain);
    // The cancel handler above is serialized with drain(); a backend call blocked inside drain
    // must be stopped from outside, which this listener does once the call proves stuck.
    Context.current().addListener(ctx -> stopWhenStuck(), Runnable::run);
    if (timeoutMillis > 0) {
      timer = timers.schedule(this::timeout, timeoutMillis, TimeUnit.MILLISECONDS);
    }
    drain();
  }

  /** The client went away or closed its result set early: stop and release everything. */
  private synchronized void cancelled() {
    stop(Stoppable.Reason.CANCELLED);
    if (!finished) {
      finish();
    }
  }

  private void stopWhenStuck() {
    try {
      timers.schedule(
          () -> stop(Stoppable.Reason.CANCELLED), STUCK_CALL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      stop(Stoppable.Reason.CANCELLED);
    }
  }

  private void timeout() {
    timedOut = true;
    stop(Stoppable.Reason.TIMED_OUT);
  }

  private void stop(Stoppable.Reason reason) {
    StatementRun r = run;
    if (r != null) {
      r.stop(reason);
    }
  }

  private synchronized void drain() {
    if (finished) {
      return;
    }
    try {
      while (!finished && out.isReady()) {
        if (out.isCancelled()) {
          finish();
          return;
        }
        step();
      }
    } catch (SQLException e) {
      fail(run == null ? new GatehouseException("HY000", e.getMessage()) : run.failure(e));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void step() throws SQLException {
    if (rows != null) {
      RowBatch batch = run.nextBatch(rows, batchRows);
      if (batch.getRowCount() > 0) {
        out.onNext(ExecuteResponse.newBuilder().setBatch(rowFilter.apply(batch)).build());
        session.touch();
      }
      if (rows.exhausted()) {
        truncated |= rows.truncated();
        rows = null;
      }
      return;
    }
    if (run != null) {
      StatementRun.Result result = run.next(withKeys);
      if (result == null) {
        closeRun();
      } else if (result instanceof StatementRun.Rows r) {
        rows = r.encoder();
        out.onNext(ExecuteResponse.newBuilder().setHeader(rows.header()).build());
      } else if (result instanceof StatementRun.Update u) {
        out.onNext(ExecuteResponse.newBuilder().setUpdate(update(u)).build());
      }
      return;
    }
    if (nextPiece < pieces.size()) {
      Piece piece = pieces.get(nextPiece++);
      run = piece.start(started -> {
        run = started;
        session.register(statementId, started);
        if (timedOut) {
          started.stop(Stoppable.Reason.TIMED_OUT);
        }
      });
      return;
    }
    out.onNext(
        ExecuteResponse.newBuilder()
            .setDone(ExecuteDone.newBuilder().setTruncated(truncated))
            .build());
    out.onCompleted();
    finish();
  }

  private UpdateResult update(StatementRun.Update u) throws SQLException {
    UpdateResult.Builder b = UpdateResult.newBuilder().setUpdateCount(u.count());
    if (u.keys() != null) {
      b.setKeysHeader(u.keys().header());
      b.setKeys(u.keys().nextBatch(Integer.MAX_VALUE));
    }
    return b.build();
  }

  private void closeRun() {
    StatementRun r = run;
    if (r != null) {
      session.unregister(statementId, r);
      r.close();
      run = null;
    }
  }

  private void fail(RuntimeException e) {
    if (finished) {
      return;
    }
    RuntimeException reported = e;
    if (timedOut && !(e instanceof GatehouseException g && g.sqlState().equals(GatehouseException.TIMEOUT))) {
      reported = new GatehouseException(
          GatehouseException.TIMEOUT, "the statement timed out after " + timeoutMillis + " ms", null, 0, e);
    }
    finish();
    if (!out.isCancelled()) {
      out.onError(Errors.toStatus(reported));
    }
  }

  private void finish() {
    finished = true;
    if (timer != null) {
      timer.cancel(false);
    }
    rows = null;
    closeRun();
  }
}
