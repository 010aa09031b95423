package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.approval.ApprovalDesk;
import dev.gatehouse.sidecar.approval.Grant;
import dev.gatehouse.sidecar.approval.PendingRequest;
import dev.gatehouse.sidecar.approval.Verdict;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.exec.BatchRun;
import dev.gatehouse.sidecar.exec.StatementRun;
import dev.gatehouse.sidecar.exec.Stoppable;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.Judgement;
import dev.gatehouse.sidecar.policy.Limits;
import dev.gatehouse.sidecar.policy.PolicyDecision;
import dev.gatehouse.sidecar.policy.PolicyEngine;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.PolicyStore;
import dev.gatehouse.sidecar.policy.RateLimiter;
import dev.gatehouse.sidecar.sql.Analysis;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.TableName;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The way of a statement through the sidecar, in one place (STYLE: the shape of the code shows
 * the data path): session → limits → analysis → policy → approval → execution → masking →
 * audit → agent. Identity is checked before this class is reached ({@link AuthInterceptor});
 * every method here receives the verified principal.
 */
final class StatementPipeline {
  /** Rows per batch when the driver does not ask for a fetch size. */
  static final int DEFAULT_BATCH_ROWS = 1000;

  private final SessionRegistry sessions;
  private final Map<String, Datasource> datasources;
  private final PolicyStore policies;
  private final RateLimiter rateLimiter = new RateLimiter();
  private final ScheduledExecutorService timers;
  private final Auditor auditor;
  private final int recordRows;
  private final ApprovalDesk desk;
  private final boolean redactParameters;

  /**
   * @param desk where statements needing approval wait; {@code null} when no admin API is
   *     configured (then nobody could approve, and such statements are refused at once)
   */
  StatementPipeline(
      SessionRegistry sessions,
      Map<String, Datasource> datasources,
      PolicyStore policies,
      ScheduledExecutorService timers,
      Auditor auditor,
      int recordRows,
      ApprovalDesk desk,
      boolean redactParameters) {
    this.sessions = sessions;
    this.datasources = datasources;
    this.policies = policies;
    this.timers = timers;
    this.auditor = auditor;
    this.recordRows = recordRows;
    this.desk = desk;
    this.redactParameters = redactParameters;
  }

  void execute(
      Principal principal, ExecuteRequest request, ServerCallStreamObserver<ExecuteResponse> out) {
    Session session = sessions.get(request.getSessionId(), principal);
    Datasource ds = datasources.get(session.datasource());
    PolicyEngine policy = policies.current();
    Limits limits = policy.policy().limits();
    String sql = request.getSql();

    checkLimits(session, ds, limits, sql);
    Analysis analysis = ds.analyzer().analyze(sql);
    Judgement judgement = Judgement.of(policy, principal, session.datasource(), analysis);
    long timeout = smallestLimit(request.getTimeoutMs(), limits.statementTimeout().toMillis());
    Approval approval = refuseUnlessAllowed(session, ds, sql, judgement,
        request.getParametersList(), request.getStatementId(), timeout);
    if (request.getParametersCount() > 0 && analysis.statements().size() > 1) {
      refuse(session, ds, sql, analysis.statements().get(0).fingerprint(),
          new GatehouseException(GatehouseException.ACCESS_DENIED,
              "a statement with parameters must be one statement; send the statements one by"
                  + " one"));
    }

    long maxRows = smallestLimit(request.getMaxRows(), limits.maxRows());
    int batchRows = request.getFetchSize() > 0 ? request.getFetchSize() : DEFAULT_BATCH_ROWS;
    List<ExecuteCall.Piece> pieces = new ArrayList<>();
    for (int i = 0; i < analysis.statements().size(); i++) {
      StatementAnalysis s = analysis.statements().get(i);
      PolicyDecision d = judgement.decisions().get(i);
      List<Value> params = request.getParametersList();
      pieces.add(new Piece(
          onStarted -> StatementRun.start(session.backend(), s.text(), params, batchRows, maxRows,
              request.getGeneratedKeys(), onStarted),
          approval.note(statementRecord(session, ds, s, d))));
    }
    new ExecuteCall(out, session, request.getStatementId(), pieces, batchRows,
            request.getGeneratedKeys().getRequested(), timers, timeout, auditor, recordRows)
        .start();
  }

  ExecuteBatchResponse executeBatch(Principal principal, ExecuteBatchRequest request) {
    Session session = sessions.get(request.getSessionId(), principal);
    Datasource ds = datasources.get(session.datasource());
    PolicyEngine policy = policies.current();
    Limits limits = policy.policy().limits();
    List<String> texts = request.getSqlsCount() > 0 ? request.getSqlsList() : List.of(request.getSql());
    List<StatementAnalysis> statements = new ArrayList<>();
    List<PolicyDecision> decisions = new ArrayList<>();
    for (String sql : texts) {
      checkLimits(session, ds, limits, sql);
      Analysis analysis = ds.analyzer().analyze(sql);
      Judgement judgement = Judgement.of(policy, principal, session.datasource(), analysis);
      refuseUnlessAllowed(session, ds, sql, judgement, List.of(), request.getStatementId(),
          request.getTimeoutMs());
      if (analysis.statements().size() > 1) {
        refuse(session, ds, sql, analysis.statements().get(0).fingerprint(),
            new GatehouseException(GatehouseException.ACCESS_DENIED,
                "each statement of a batch must be one statement"));
      }
      statements.add(analysis.statements().get(0));
      decisions.add(judgement.decisions().get(0));
    }
    AuditEvent.Builder record = statementRecord(session, ds, statements.get(0), decisions.get(0));
    if (texts.size() > 1) {
      List<String> redacted = texts.stream().map(ds::auditText).toList();
      record.sql(String.join(";\n", redacted));
    }
    record.field("batch", request.getSqlsCount() > 0 ? texts.size() : request.getParameterSetsCount());
    long started = System.nanoTime();
    try {
      ExecuteBatchResponse response = BatchRun.run(
          session.backend(),
          request,
          run -> session.register(request.getStatementId(), run),
          run -> session.unregister(request.getStatementId(), run),
          timers);
      long total = response.getUpdateCountsList().stream().mapToLong(Long::longValue).sum();
      auditor.record(record.updateCount(total).durationMs(millisSince(started)).build());
      return response;
    } catch (GatehouseException e) {
      try {
        auditor.record(record.error(e.sqlState(), e.getMessage()).durationMs(millisSince(started))
            .build());
      } catch (GatehouseException auditDown) {
        // the batch's own failure is what the agent needs to see
      }
      throw e;
    }
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
    ExecuteCall.Piece piece =
        new Piece(
            onStarted -> {
              StatementRun run =
                  StatementRun.metadata(
                      session.backend(), request.getMethod(), request.getArgumentsList(), 0);
              onStarted.accept(run);
              return run;
            },
            record);
    new ExecuteCall(out, session, "", List.of(piece), DEFAULT_BATCH_ROWS, false, timers, 0,
            auditor, recordRows)
        .start();
  }

  /** Limits that need no parsing: text length and the principal's pace. */
  private void checkLimits(Session session, Datasource ds, Limits limits, String sql) {
    if (limits.maxSqlLength() > 0 && sql.length() > limits.maxSqlLength()) {
      refuse(session, ds, null, "", new GatehouseException(GatehouseException.ACCESS_DENIED,
          "the statement is " + sql.length() + " characters long; the policy allows at most "
              + limits.maxSqlLength()));
    }
    if (!rateLimiter.tryAcquire(session.openedBy().id(), limits.statementsPerMinute(),
        System.nanoTime())) {
      refuse(session, ds, sql, "", new GatehouseException(GatehouseException.TOO_MANY_REQUESTS,
          "rate limit: the policy allows " + limits.statementsPerMinute()
              + " statements per minute for each principal; slow down and retry"));
    }
  }

  /**
   * Lets the text through when every statement is allowed, or when a human approves it (or a
   * grant covers it); otherwise records the refusal and throws it.
   *
   * @param timeoutMillis the agent's (or policy's) statement timeout; a wait for a reviewer
   *     never outlasts it
   */
  private Approval refuseUnlessAllowed(Session session, Datasource ds, String sql, Judgement j,
      List<Value> params, String statementId, long timeoutMillis) {
    Effect effect = j.effect();
    if (effect == Effect.ALLOW) {
      return Approval.NONE;
    }
    PolicyDecision d = j.deciding();
    String fingerprint = j.analysis().statements().get(0).fingerprint();
    if (effect == Effect.DENY) {
      refuse(session, ds, sql, fingerprint, d,
          new GatehouseException(d.sqlState(), d.message(), d.rule(), 0, null));
    }
    if (desk == null) {
      refuse(session, ds, sql, fingerprint, d, new GatehouseException(
          GatehouseException.ACCESS_DENIED,
          d.message() + "; no reviewer can be reached (this sidecar has no admin API configured)",
          d.rule(), 0, null));
    }
    List<PolicyRule> rules = j.approvalRules();
    Optional<Grant> grant = desk.grantFor(session.openedBy(), session.datasource(), rules);
    if (grant.isPresent()) {
      return new Approval(null, grant.get().id());
    }
    PendingRequest r = desk.request(session.openedBy(), session.id(), session.datasource(), sql,
        shownParameters(params), rules);
    Stoppable withdraw = reason -> desk.withdraw(r, "cancelled by the agent");
    session.register(statementId, withdraw);
    Context.CancellationListener gone = ctx -> desk.withdraw(r, "the agent's call ended");
    Context.current().addListener(gone, Runnable::run);
    Duration wait = desk.timeout();
    if (timeoutMillis > 0 && timeoutMillis < wait.toMillis()) {
      wait = Duration.ofMillis(timeoutMillis);
    }
    Verdict v;
    try {
      v = desk.await(r, wait);
    } finally {
      Context.current().removeListener(gone);
      session.unregister(statementId, withdraw);
    }
    String rule = d.rule();
    switch (v.outcome()) {
      case APPROVED -> {
        return new Approval(r.id(), null);
      }
      case DENIED -> refuse(session, ds, sql, fingerprint, d, new GatehouseException(
          GatehouseException.ACCESS_DENIED, "denied by reviewer " + v.reviewer()
              + (v.reason().isBlank() ? "" : ": " + v.reason()) + " (approval " + r.id()
              + " under rule " + rule + ")", rule, 0, null));
      case TIMED_OUT -> refuse(session, ds, sql, fingerprint, d, new GatehouseException(
          GatehouseException.TIMEOUT, "no reviewer approved the statement in time (approval "
              + r.id() + " under rule " + rule + "); it was not run", rule, 0, null));
      default -> refuse(session, ds, sql, fingerprint, d, new GatehouseException(
          GatehouseException.CANCELLED, "the approval request " + r.id()
              + " was withdrawn: " + v.reason(), rule, 0, null));
    }
    throw new IllegalStateException("unreachable");
  }


  private List<String> shownParameters(List<Value> params) {
    List<String> out = new ArrayList<>(params.size());
    for (Value v : params) {
      out.add(redactParameters ? "?" : ParameterText.of(v));
    }
    return out;
  }

  /** How an approve decision was satisfied, noted in the statement's audit record. */
  private record Approval(String approvalId, String grantId) {
    static final Approval NONE = new Approval(null, null);

    AuditEvent.Builder note(AuditEvent.Builder b) {
      if (approvalId != null) {
        b.field("approval_id", approvalId);
      }
      if (grantId != null) {
        b.field("grant_id", grantId);
      }
      return b;
    }
  }

  private void refuse(
      Session session, Datasource ds, String sql, String fingerprint, GatehouseException e) {
    refuse(session, ds, sql, fingerprint, null, e);
  }

  /** Writes the refusal to the audit log, then throws it to the agent. */
  private void refuse(Session session, Datasource ds, String sql, String fingerprint,
      PolicyDecision decision, GatehouseException e) {
    AuditEvent.Builder b = Auditor.about(AuditEvent.Type.STATEMENT, session)
        .decision(decision == null ? "deny" : decision.effect().word())
        .error(e.sqlState(), e.getMessage());
    if (sql != null) {
      b.sql(ds.auditText(sql));
    }
    if (fingerprint != null && !fingerprint.isEmpty()) {
      b.fingerprint(fingerprint);
    }
    if (decision != null) {
      b.rules(decision.matchedRules());
    }
    auditor.record(b.build());
    throw e;
  }

  private AuditEvent.Builder statementRecord(
      Session session, Datasource ds, StatementAnalysis s, PolicyDecision d) {
    TreeSet<String> tables = new TreeSet<>();
    for (TableName t : s.tablesRead()) {
      tables.add(t.qualified());
    }
    for (TableName t : s.tablesWritten()) {
      tables.add(t.qualified());
    }
    return Auditor.about(AuditEvent.Type.STATEMENT, session)
        .sql(ds.auditText(s.text()))
        .fingerprint(s.fingerprint())
        .decision(d.effect().word())
        .rules(d.matchedRules())
        .tables(List.copyOf(tables));
  }

  private static long smallestLimit(long requested, long policy) {
    if (requested <= 0) {
      return Math.max(policy, 0);
    }
    return policy <= 0 ? requested : Math.min(requested, policy);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
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
