package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.Bundle;
import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.UpdateResult;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.exec.ResultSetEncoder;
import dev.gatehouse.sidecar.exec.StatementRun;
import dev.gatehouse.sidecar.exec.Stoppable;
import dev.gatehouse.sidecar.mask.ResultMasking;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streams the results of one Execute (or GetMetadata) call with backpressure, and records each
 * statement in the audit log before the agent sees any of its result (SPEC §8).
 *
 * <p>It is driven by gRPC's readiness: {@link #drain()} produces messages only while the
 * transport says the client can take more, and gRPC calls it again when it can. So the sidecar
 * reads from the database only as fast as the agent consumes, and a 10-million-row result never
 * sits in memory. All steps run serialized on the call's executor; only {@link #stop} comes
 * from other threads (client cancel, timeout, Cancel RPC).
 *
 * <p>Audit before result: a statement's messages are held back until its record is written.
 * A result that ends within its first batch is recorded complete (rows, duration); a longer one
 * is recorded when its first batch is ready, and a {@code statement_end} record closes it.
 */
final class ExecuteCall {
  /** One statement of the call: how to start it, and what its audit record says up front. */
  interface Piece {
    StatementRun start(Consumer<StatementRun> onStarted);

    /** The statement's record, without its outcome (rows, duration, error). */
    AuditEvent.Builder record();

    /** How a result set of this statement is masked, given the database's header. */
    ResultMasking masking(ResultHeader header);

    /** The failure as the agent may see it: backend messages scrubbed of masked values. */
    RuntimeException scrub(RuntimeException failure);

    /** Called once the statement ran without error (e.g. DDL refreshes table metadata). */
    void ran();
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
  private final Auditor auditor;
  private final int recordRows;

  private int nextPiece;
  private Piece piece;
  private volatile StatementRun run;
  private ResultSetEncoder rows;
  private ResultMasking masking = ResultMasking.NONE;
  private ResultHeader databaseHeader;
  private final List<String> maskedColumns = new ArrayList<>();
  private boolean truncated;
  private volatile boolean finished;
  private ScheduledFuture<?> timer;
  private volatile boolean timedOut;

  /**
   * Messages whose record is written, not yet sent. They leave together, as one bundle when the
   * driver accepts bundles: a result that fits its first batch then costs one message (header,
   * batch and done) instead of three, and the reader one wait instead of three.
   */
  private final List<ExecuteResponse> outbox = new ArrayList<>();

  // the current piece's audit state
  private final List<ExecuteResponse> pending = new ArrayList<>();
  private long pieceStartNanos;
  private long recordSeq = -1;
  private long pieceRows;
  private long pieceUpdates;
  private boolean hasUpdateCount;
  private boolean streaming;
  private ShownRows shown;

  ExecuteCall(
      ServerCallStreamObserver<ExecuteResponse> out,
      Session session,
      String statementId,
      List<Piece> pieces,
      int batchRows,
      boolean withKeys,
      ScheduledExecutorService timers,
      long timeoutMillis,
      Auditor auditor,
      int recordRows) {
    this.out = out;
    this.session = session;
    this.statementId = statementId;
    this.pieces = pieces;
    this.batchRows = batchRows;
    this.withKeys = withKeys;
    this.timers = timers;
    this.timeoutMillis = timeoutMillis;
    this.auditor = auditor;
    this.recordRows = recordRows;
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
      if (piece != null) {
        endRecord(new GatehouseException(GatehouseException.CANCELLED,
            "the client cancelled or closed the result early"));
      }
      finish();
    }
  }

  /**
   * gRPC cancels a call's context when the call closes, also after a clean finish; a finished
   * call has nothing left to stop, and a timer per statement would cost a thread wake-up each.
   */
  private void stopWhenStuck() {
    if (finished) {
      return;
    }
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
          cancelled();
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
        RowBatch masked = masking.apply(databaseHeader, batch);
        pieceRows += masked.getRowCount();
        if (shown != null && !shown.full()) {
          shown.add(masked);
        }
        // a batch that is not the end of its result makes the piece a stream: record it now
        streaming |= !rows.exhausted();
        emit(ExecuteResponse.newBuilder().setBatch(masked).build());
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
        run.complete(); // a failed COMMIT of the statement's own transaction fails it here
        closeRun();
        piece.ran();
        endPiece();
      } else if (result instanceof StatementRun.Rows r) {
        rows = r.encoder();
        databaseHeader = rows.header();
        masking = piece.masking(databaseHeader);
        ResultHeader h = masking.header(databaseHeader);
        for (String label : masking.maskedLabels(databaseHeader)) {
          if (!maskedColumns.contains(label)) {
            maskedColumns.add(label);
          }
        }
        if (shown != null) {
          shown.header(h);
        }
        emit(ExecuteResponse.newBuilder().setHeader(h).build());
      } else if (result instanceof StatementRun.Update u) {
        pieceUpdates += u.count();
        hasUpdateCount = true;
        emit(ExecuteResponse.newBuilder().setUpdate(update(u)).build());
      }
      return;
    }
    if (nextPiece < pieces.size()) {
      startPiece(pieces.get(nextPiece++));
      return;
    }
    outbox.add(
        ExecuteResponse.newBuilder()
            .setDone(ExecuteDone.newBuilder().setTruncated(truncated))
            .build());
    sendOutbox();
    out.onCompleted();
    finish();
  }

  private void startPiece(Piece next) {
    piece = next;
    pieceStartNanos = System.nanoTime();
    recordSeq = -1;
    pieceRows = 0;
    pieceUpdates = 0;
    hasUpdateCount = false;
    streaming = false;
    shown = recordRows > 0 ? new ShownRows(recordRows) : null;
    pending.clear();
    maskedColumns.clear();
    masking = ResultMasking.NONE;
    run = piece.start(started -> {
      run = started;
      session.register(statementId, started);
      if (timedOut) {
        started.stop(Stoppable.Reason.TIMED_OUT);
      }
    });
  }

  /**
   * Sends a message of the current piece, or holds it until the piece's record is written. A
   * result that ends within its first batch is held to its end and recorded complete; one that
   * goes on is recorded as soon as its first batch is ready, so the agent sees rows without
   * waiting for more of them and the sidecar never holds more than one batch.
   */
  private void emit(ExecuteResponse message) {
    if (recordSeq >= 0) {
      out.onNext(message);
      return;
    }
    pending.add(message);
    if (streaming) {
      recordSeq = auditor.record(outcome(piece.record(), null).field("streaming", true).build());
      release();
      sendOutbox();
    }
  }

  /** The piece's record is written: what it held back may go. */
  private void release() {
    outbox.addAll(pending);
    pending.clear();
  }

  private void sendOutbox() {
    if (outbox.size() > 1 && session.bundles()) {
      out.onNext(ExecuteResponse.newBuilder().setBundle(Bundle.newBuilder().addAllParts(outbox))
          .build());
    } else {
      for (ExecuteResponse m : outbox) {
        out.onNext(m);
      }
    }
    outbox.clear();
  }

  /**
   * The piece ran to its end: record it (or close its record) and release what it held back. The
   * last piece's messages wait for the done message to travel with it; an earlier piece's go now,
   * so the agent never waits on a later statement for an earlier one's result.
   */
  private void endPiece() {
    if (recordSeq < 0) {
      recordSeq = auditor.record(outcome(piece.record(), null).build());
      release();
    } else {
      auditor.record(end(null));
    }
    piece = null;
    if (nextPiece < pieces.size()) {
      sendOutbox();
    }
  }

  /** Records the failure of the current piece; never throws (the failure is what matters). */
  private void endRecord(RuntimeException failure) {
    try {
      if (recordSeq < 0) {
        auditor.record(outcome(piece.record(), failure).build());
      } else {
        auditor.record(end(failure));
      }
    } catch (GatehouseException auditDown) {
      // already logged loudly by the auditor; the agent gets the statement's own failure
    }
    pending.clear();
    piece = null;
  }

  private AuditEvent.Builder outcome(AuditEvent.Builder b, RuntimeException failure) {
    b.durationMs((System.nanoTime() - pieceStartNanos) / 1_000_000);
    if (hasUpdateCount) {
      b.updateCount(pieceUpdates);
    } else {
      b.rows(pieceRows);
    }
    if (shown != null && !shown.rows().isEmpty()) {
      b.shownRows(shown.rows());
    }
    if (!maskedColumns.isEmpty()) {
      b.maskedColumns(List.copyOf(maskedColumns));
    }
    if (failure != null) {
      b.error(sqlState(failure), failure.getMessage());
    }
    return b;
  }

  private AuditEvent end(RuntimeException failure) {
    return outcome(
            AuditEvent.builder(AuditEvent.Type.STATEMENT_END)
                .session(session.id())
                .datasource(session.datasource())
                .principal(session.openedBy().subject(), session.openedBy().issuer(),
                    session.openedBy().groups())
                .statementSeq(recordSeq),
            failure)
        .build();
  }

  private static String sqlState(RuntimeException e) {
    return e instanceof GatehouseException g ? g.sqlState() : "XX000";
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
    if (timedOut
        && !(e instanceof GatehouseException g && g.sqlState().equals(GatehouseException.TIMEOUT))) {
      reported = new GatehouseException(GatehouseException.TIMEOUT,
          "the statement timed out after " + timeoutMillis + " ms", null, 0, e);
    }
    if (piece != null) {
      reported = piece.scrub(reported);
      endRecord(reported);
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
