package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.exec.BatchRun;
import dev.gatehouse.sidecar.exec.StatementRun;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The way of a statement through the sidecar, in one place (STYLE: the shape of the code shows
 * the data path): session → analysis → policy → approval → execution → masking → audit → agent.
 *
 * <p>Identity is checked before this class is reached ({@link AuthInterceptor}); every method
 * here receives the verified principal.
 */
final class StatementPipeline {
  /** Rows per batch when the driver does not ask for a fetch size. */
  static final int DEFAULT_BATCH_ROWS = 1000;

  private final SessionRegistry sessions;
  private final ScheduledExecutorService timers;
  private final Auditor auditor;
  private final int recordRows;

  StatementPipeline(
      SessionRegistry sessions, ScheduledExecutorService timers, Auditor auditor, int recordRows) {
    this.sessions = sessions;
    this.timers = timers;
    this.auditor = auditor;
    this.recordRows = recordRows;
  }

  void execute(
      Principal principal, ExecuteRequest request, ServerCallStreamObserver<ExecuteResponse> out) {
    Session session = sessions.get(request.getSessionId(), principal);
    long maxRows = request.getMaxRows();
    int batchRows = request.getFetchSize() > 0 ? request.getFetchSize() : DEFAULT_BATCH_ROWS;
    AuditEvent.Builder record =
        Auditor.about(AuditEvent.Type.STATEMENT, session)
            .sql(request.getSql())
            .decision("allow");
    Piece piece =
        new Piece(
            onStarted ->
                StatementRun.start(
                    session.backend(),
                    request.getSql(),
                    request.getParametersList(),
                    batchRows,
                    maxRows,
                    request.getGeneratedKeys(),
                    onStarted),
            record);
    new ExecuteCall(
            out,
            session,
            request.getStatementId(),
            List.of(piece),
            batchRows,
            request.getGeneratedKeys().getRequested(),
            timers,
            request.getTimeoutMs(),
            auditor,
            recordRows)
        .start();
  }

  ExecuteBatchResponse executeBatch(Principal principal, ExecuteBatchRequest request) {
    Session session = sessions.get(request.getSessionId(), principal);
    return BatchRun.run(
        session.backend(),
        request,
        run -> session.register(request.getStatementId(), run),
        run -> session.unregister(request.getStatementId(), run),
        timers);
  }

  void metadata(
      Principal principal,
      GetMetadataRequest request,
      ServerCallStreamObserver<ExecuteResponse> out) {
    Session session = sessions.get(request.getSessionId(), principal);
    AuditEvent.Builder record =
        Auditor.about(AuditEvent.Type.STATEMENT, session)
            .decision("allow")
            .field("metadata", request.getMethod());
    Piece piece =
        new Piece(
            onStarted -> {
              StatementRun run =
                  StatementRun.metadata(
                      session.backend(), request.getMethod(), request.getArgumentsList(), 0);
              onStarted.accept(run);
              return run;
            },
            record);
    new ExecuteCall(
            out, session, "", List.of(piece), DEFAULT_BATCH_ROWS, false, timers, 0, auditor,
            recordRows)
        .start();
  }

  /** A statement ready to run: how to start it and its audit record. */
  private record Piece(Starter starter, AuditEvent.Builder template) implements ExecuteCall.Piece {
    @Override
    public StatementRun start(Consumer<StatementRun> onStarted) {
      return starter.start(onStarted);
    }

    @Override
    public AuditEvent.Builder record() {
      return template.build().toBuilder();
    }

    @Override
    public RowBatch mask(RowBatch batch) {
      return batch;
    }

    @Override
    public ResultHeader header(ResultHeader header) {
      return header;
    }
  }

  private interface Starter {
    StatementRun start(Consumer<StatementRun> onStarted);
  }
}
