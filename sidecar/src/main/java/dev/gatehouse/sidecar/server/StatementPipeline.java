package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.ParameterSet;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.approval.ApprovalDesk;
import dev.gatehouse.sidecar.approval.Grant;
import dev.gatehouse.sidecar.approval.PendingRequest;
import dev.gatehouse.sidecar.approval.Verdict;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.exec.BatchRun;
import dev.gatehouse.sidecar.exec.QueryKind;
import dev.gatehouse.sidecar.exec.StatementRun;
import dev.gatehouse.sidecar.exec.Stoppable;
import dev.gatehouse.sidecar.mask.MaskingView;
import dev.gatehouse.sidecar.mask.ResultMasking;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.Judgement;
import dev.gatehouse.sidecar.policy.Limits;
import dev.gatehouse.sidecar.policy.PolicyDecision;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.PolicyStore;
import dev.gatehouse.sidecar.policy.RateLimiter;
import dev.gatehouse.sidecar.sql.Analysis;
import dev.gatehouse.sidecar.sql.Rewritten;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The way of a statement through the sidecar, in one place (STYLE: the shape of the code shows
 * the data path): session → limits → analysis → policy → masking checks → approval → row
 * filters → execution → masking → audit → agent. Identity is checked before this class is
 * reached ({@link AuthInterceptor}); every method here receives the verified principal.
 */
final class StatementPipeline {
  /** Rows per batch when the driver does not ask for a fetch size. */
  static final int DEFAULT_BATCH_ROWS = 1000;

  private final SessionRegistry sessions;
  private final Map<String, Datasource> datasources;
  private final PolicyStore<ActivePolicy> policies;
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
      PolicyStore<ActivePolicy> policies,
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
    ActivePolicy active = policies.current();
    Limits limits = active.engine().policy().limits();
    String sql = request.getSql();
    List<Value> params = request.getParametersList();

    checkLimits(session, ds, limits, sql);
    Analysis analysis = ds.analyzer().analyze(sql);
    Judgement judgement = Judgement.of(active.engine(), principal, ds.name(), analysis);
    MaskingView masking = active.maskingOf(ds.name()).viewOf(principal);
    Audit audit = new Audit(session, ds, masking, analysis);
    refuseUnlessAllowed(audit, sql, judgement);
    refuseWritesWhenReadOnly(audit, sql, session, analysis);
    refuseMaskingLeaks(audit, sql, masking, analysis);
    if (!params.isEmpty() && analysis.statements().size() > 1) {
      refuse(audit, sql, null, new GatehouseException(GatehouseException.ACCESS_DENIED,
          "a statement with parameters must be one statement; send the statements one by one"));
    }
    long timeout = smallestLimit(request.getTimeoutMs(), limits.statementTimeout().toMillis());
    Approval approval = awaitApproval(audit, sql, judgement, params, request.getStatementId(),
        timeout);

    long maxRows = smallestLimit(request.getMaxRows(), limits.maxRows());
    int batchRows = request.getFetchSize() > 0 ? request.getFetchSize() : DEFAULT_BATCH_ROWS;
    List<ExecuteCall.Piece> pieces = new ArrayList<>();
    for (int i = 0; i < analysis.statements().size(); i++) {
      StatementAnalysis s = analysis.statements().get(i);
      Planned plan = filtered(audit, active, principal, s, params);
      AuditEvent.Builder record = approval.note(
          statementRecord(audit, s, judgement.decisions().get(i), plan.filters()));
      pieces.add(new Piece(
          onStarted -> StatementRun.start(session.backend(), plan.sql(), plan.params(), batchRows,
              maxRows, request.getGeneratedKeys(), queryKind(s, plan), onStarted),
          record, s, masking, ds));
    }
    new ExecuteCall(out, session, request.getStatementId(), pieces, batchRows,
            request.getGeneratedKeys().getRequested(), timers, timeout, auditor, recordRows)
        .start();
  }

  ExecuteBatchResponse executeBatch(Principal principal, ExecuteBatchRequest request) {
    Session session = sessions.get(request.getSessionId(), principal);
    Datasource ds = datasources.get(session.datasource());
    ActivePolicy active = policies.current();
    Limits limits = active.engine().policy().limits();
    MaskingView masking = active.maskingOf(ds.name()).viewOf(principal);
    boolean prepared = request.getSqlsCount() == 0;
    List<String> texts = prepared ? List.of(request.getSql()) : request.getSqlsList();
    List<StatementAnalysis> statements = new ArrayList<>();
    Audit audit = null;
    for (String sql : texts) {
      checkLimits(session, ds, limits, sql);
      Analysis analysis = ds.analyzer().analyze(sql);
      audit = new Audit(session, ds, masking, analysis);
      Judgement judgement = Judgement.of(active.engine(), principal, ds.name(), analysis);
      refuseUnlessAllowed(audit, sql, judgement);
      refuseWritesWhenReadOnly(audit, sql, session, analysis);
      refuseMaskingLeaks(audit, sql, masking, analysis);
      if (analysis.statements().size() > 1) {
        refuse(audit, sql, null, new GatehouseException(GatehouseException.ACCESS_DENIED,
            "each statement of a batch must be one statement"));
      }
      if (judgement.effect() == Effect.APPROVE) {
        refuse(audit, sql, judgement.deciding(), new GatehouseException(
            GatehouseException.ACCESS_DENIED, judgement.deciding().message()
                + "; a statement needing approval must be sent on its own, not in a batch",
            judgement.deciding().rule(), 0, null));
      }
      statements.add(analysis.statements().get(0));
    }
    ExecuteBatchRequest toRun = filteredBatch(audit, active, principal, request, statements);
    StatementAnalysis first = statements.get(0);
    AuditEvent.Builder record = statementRecord(audit, first,
        Judgement.of(active.engine(), principal, ds.name(), new Analysis(List.of(first)))
            .deciding(), List.of());
    if (texts.size() > 1) {
      record.sql(String.join(";\n", texts.stream().map(t -> audit(ds, t, true)).toList()));
    }
    record.field("batch", prepared ? request.getParameterSetsCount() : texts.size());
    long started = System.nanoTime();
    boolean touchesMasked = statements.stream().anyMatch(masking::touchesMasked);
    try {
      ExecuteBatchResponse response = BatchRun.run(session.backend(), toRun,
          run -> session.register(request.getStatementId(), run),
          run -> session.unregister(request.getStatementId(), run),
          timers);
      long total = response.getUpdateCountsList().stream().mapToLong(Long::longValue).sum();
      auditor.record(record.updateCount(total).durationMs(millisSince(started)).build());
      statements.forEach(s -> afterRun(ds, s));
      return response;
    } catch (GatehouseException e) {
      GatehouseException shown = scrub(masking, touchesMasked, e);
      try {
        auditor.record(record.error(shown.sqlState(), shown.getMessage())
            .durationMs(millisSince(started)).build());
      } catch (GatehouseException auditDown) {
        // the batch's own failure is what the agent needs to see
      }
      throw shown;
    }
  }

  void metadata(
      Principal principal,
      GetMetadataRequest request,
      ServerCallStreamObserver<ExecuteResponse> out) {
    Session session = sessions.get(request.getSessionId(), principal);
    Datasource ds = datasources.get(session.datasource());
    // the schema as this principal may see it: tables it may not read are not named (issue #8)
    PolicyVisibility visibility = new PolicyVisibility(policies.current().engine(), principal,
        ds.name(), ds.analyzer().names());
    AuditEvent.Builder record =
        Auditor.about(AuditEvent.Type.STATEMENT, session)
            .decision("allow")
            .field("metadata", request.getMethod());
    ExecuteCall.Piece piece = new Piece(
        onStarted -> {
          StatementRun run = StatementRun.metadata(session.backend(), request.getMethod(),
              request.getArgumentsList(), visibility, 0);
          onStarted.accept(run);
          return run;
        },
        record, null, null, null);
    new ExecuteCall(out, session, "", List.of(piece), DEFAULT_BATCH_ROWS, false, timers, 0,
            auditor, recordRows)
        .start();
  }

  /** Limits that need no parsing: text length and the principal's pace. */
  private void checkLimits(Session session, Datasource ds, Limits limits, String sql) {
    Audit audit = new Audit(session, ds, null, null);
    if (limits.maxSqlLength() > 0 && sql.length() > limits.maxSqlLength()) {
      refuse(audit, null, null, new GatehouseException(GatehouseException.ACCESS_DENIED,
          "the statement is " + sql.length() + " characters long; the policy allows at most "
              + limits.maxSqlLength()));
    }
    if (!rateLimiter.tryAcquire(session.openedBy().id(), limits.statementsPerMinute(),
        System.nanoTime())) {
      refuse(audit, sql, null, new GatehouseException(GatehouseException.TOO_MANY_REQUESTS,
          "rate limit: the policy allows " + limits.statementsPerMinute()
              + " statements per minute for each principal; slow down and retry"));
    }
  }

  /** Refuses (recorded) unless every statement is allowed or may be approved. */
  private void refuseUnlessAllowed(Audit audit, String sql, Judgement j) {
    if (j.effect() == Effect.DENY) {
      PolicyDecision d = j.deciding();
      refuse(audit, sql, d, new GatehouseException(d.sqlState(), d.message(), d.rule(), 0, null));
    }
  }

  /** What a read-only session may run: reading, planning and showing; nothing else. */
  private static final Set<StatementKind> READ_ONLY_KINDS =
      EnumSet.of(StatementKind.SELECT, StatementKind.EXPLAIN, StatementKind.SHOW);

  /**
   * A read-only session ({@code Connection.setReadOnly(true)}) runs only statements that read.
   * Enforced here rather than left to the backend: MariaDB's driver does not tell the server,
   * and on any backend {@code SET TRANSACTION READ WRITE} or a procedure could undo or get round
   * the backend's own flag. So it is an allow-list of kinds, and a dangerous call is refused too.
   */
  private void refuseWritesWhenReadOnly(Audit audit, String sql, Session session, Analysis a) {
    if (!session.backend().readOnly()) {
      return;
    }
    for (StatementAnalysis s : a.statements()) {
      if (!READ_ONLY_KINDS.containsAll(s.kinds()) || !s.dangerous().isEmpty()) {
        refuse(audit, sql, null, new GatehouseException(GatehouseException.READ_ONLY,
            "the connection is read-only (Connection.setReadOnly(true)), and this statement"
                + " does more than read; call setReadOnly(false) to change data"));
      }
    }
  }

  /**
   * A statement that does nothing but read rows may stream in a transaction of its own; when it
   * calls no function either (a function may write, or take a lock or a sequence value), that
   * transaction changes nothing and may commit after the result went out (see {@link
   * QueryKind}). The row filters a policy adds are not in the analysis: they count as calls.
   */
  private static QueryKind queryKind(StatementAnalysis s, Planned plan) {
    if (!s.kinds().equals(EnumSet.of(StatementKind.SELECT)) || !s.tablesWritten().isEmpty()) {
      return QueryKind.OTHER;
    }
    return s.functions().isEmpty() && s.dangerous().isEmpty() && plan.filters().isEmpty()
        ? QueryKind.PLAIN_QUERY
        : QueryKind.QUERY;
  }

  /**
   * Masked columns may not be probed by predicates their rule forbids, nor copied into a
   * write. Checked before a human is asked: a statement masking refuses is never worth
   * approving.
   */
  private void refuseMaskingLeaks(Audit audit, String sql, MaskingView masking, Analysis a) {
    for (StatementAnalysis s : a.statements()) {
      Optional<MaskingView.Refusal> r = masking.refusal(s);
      if (r.isPresent()) {
        refuse(audit, sql, null, new GatehouseException(GatehouseException.ACCESS_DENIED,
            r.get().message(), r.get().rule(), 0, null));
      }
    }
  }

  /**
   * Lets a statement that needs approval through when a grant covers it or a human approves it;
   * otherwise records the refusal and throws it.
   *
   * @param timeoutMillis the agent's (or policy's) statement timeout; a wait for a reviewer
   *     never outlasts it
   */
  private Approval awaitApproval(Audit audit, String sql, Judgement j, List<Value> params,
      String statementId, long timeoutMillis) {
    if (j.effect() != Effect.APPROVE) {
      return Approval.NONE;
    }
    PolicyDecision d = j.deciding();
    Session session = audit.session();
    if (desk == null) {
      refuse(audit, sql, d, new GatehouseException(GatehouseException.ACCESS_DENIED,
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
      case DENIED -> refuse(audit, sql, d, new GatehouseException(
          GatehouseException.ACCESS_DENIED, "denied by reviewer " + v.reviewer()
              + (v.reason().isBlank() ? "" : ": " + v.reason()) + " (approval " + r.id()
              + " under rule " + rule + ")", rule, 0, null));
      case TIMED_OUT -> refuse(audit, sql, d, new GatehouseException(
          GatehouseException.TIMEOUT, "no reviewer approved the statement in time (approval "
              + r.id() + " under rule " + rule + "); it was not run", rule, 0, null));
      default -> refuse(audit, sql, d, new GatehouseException(
          GatehouseException.CANCELLED, "the approval request " + r.id()
              + " was withdrawn: " + v.reason(), rule, 0, null));
    }
    throw new IllegalStateException("unreachable");
  }

  /** The statement to run and its parameters, after the principal's row filters. */
  private record Planned(String sql, List<Value> params, List<String> filters) {}

  private Planned filtered(Audit audit, ActivePolicy active, Principal principal,
      StatementAnalysis s, List<Value> params) {
    Optional<ActivePolicy.RowFiltered> filtered;
    try {
      filtered = active.rowFiltered(principal, audit.ds().name(), s);
    } catch (GatehouseException e) {
      refuse(audit, s.text(), null, e);
      throw e;
    }
    if (filtered.isEmpty()) {
      return new Planned(s.text(), params, List.of());
    }
    Rewritten rw = filtered.get().rewritten();
    return new Planned(rw.sql(), ClaimValues.bind(rw.parameters(), params, principal),
        filtered.get().filters());
  }

  /** A batch with the row filters applied: the SQL rewritten, every parameter set rebound. */
  private ExecuteBatchRequest filteredBatch(Audit audit, ActivePolicy active, Principal principal,
      ExecuteBatchRequest request, List<StatementAnalysis> statements) {
    boolean prepared = request.getSqlsCount() == 0;
    if (!prepared) {
      for (StatementAnalysis s : statements) {
        if (!active.filtersFor(principal, audit.ds().name(), s).isEmpty()) {
          refuse(audit, s.text(), null, new GatehouseException(GatehouseException.ACCESS_DENIED,
              "a batch of SQL texts cannot carry row filters' parameters; run these statements"
                  + " one by one or as a PreparedStatement batch"));
        }
      }
      return request;
    }
    StatementAnalysis s = statements.get(0);
    if (active.filtersFor(principal, audit.ds().name(), s).isEmpty()) {
      return request;
    }
    ExecuteBatchRequest.Builder b = request.toBuilder().clearParameterSets();
    String sql = null;
    for (ParameterSet set : request.getParameterSetsList()) {
      Planned plan = filtered(audit, active, principal, s, set.getValuesList());
      sql = plan.sql();
      b.addParameterSets(ParameterSet.newBuilder().addAllValues(plan.params()));
    }
    if (sql == null) {
      sql = filtered(audit, active, principal, s, List.of()).sql();
    }
    return b.setSql(sql).build();
  }

  /** A backend failure as the agent may see it (see {@link MaskingView#scrubError}). */
  private static GatehouseException scrub(MaskingView masking, boolean touchesMasked,
      GatehouseException e) {
    if (masking == null || masking.isEmpty() || isOwnState(e.sqlState())) {
      return e;
    }
    String message = masking.scrubError(e.getMessage(), touchesMasked);
    if (message != null && message.equals(e.getMessage())) {
      return e;
    }
    if (message == null) {
      message = "the database refused the statement (SQLState " + e.sqlState() + "); its message"
          + " is withheld because the statement uses masked columns and the message could"
          + " quote their values";
    }
    return new GatehouseException(e.sqlState(), message, e.rule(), e.vendorCode(), null);
  }

  /** States the sidecar produces itself: their messages never quote data. */
  private static boolean isOwnState(String state) {
    return state.equals(GatehouseException.TIMEOUT) || state.equals(GatehouseException.CANCELLED)
        || state.equals(Auditor.AUDIT_UNAVAILABLE) || state.equals(GatehouseException.ACCESS_DENIED)
        || state.equals(GatehouseException.NOT_UNDERSTOOD);
  }

  /** After a statement ran: DDL may have changed the columns {@code *} expands to. */
  private static void afterRun(Datasource ds, StatementAnalysis s) {
    if (s != null && s.kinds().contains(StatementKind.DDL)) {
      ds.backend().tableColumns().invalidate();
    }
  }

  /** What every audit record of one request shares. */
  private record Audit(Session session, Datasource ds, MaskingView masking, Analysis analysis) {
    /** Literals are always redacted from a statement that touches masked columns. */
    boolean forceRedaction() {
      return masking != null && analysis != null && !masking.isEmpty()
          && analysis.statements().stream().anyMatch(masking::touchesMasked);
    }

    String fingerprint() {
      return analysis == null ? "" : analysis.statements().get(0).fingerprint();
    }
  }

  private static String audit(Datasource ds, String sql, boolean forceRedaction) {
    return forceRedaction ? ds.redactor().redact(sql) : ds.auditText(sql);
  }

  /** Writes the refusal to the audit log, then throws it to the agent. */
  private void refuse(Audit audit, String sql, PolicyDecision decision, GatehouseException e) {
    AuditEvent.Builder b = Auditor.about(AuditEvent.Type.STATEMENT, audit.session())
        .decision(decision == null ? "deny" : decision.effect().word())
        .error(e.sqlState(), e.getMessage());
    if (sql != null) {
      b.sql(audit(audit.ds(), sql, audit.forceRedaction()));
    }
    if (!audit.fingerprint().isEmpty()) {
      b.fingerprint(audit.fingerprint());
    }
    if (decision != null) {
      b.rules(decision.matchedRules());
    } else if (e.rule() != null) {
      b.rules(List.of(e.rule()));
    }
    auditor.record(b.build());
    throw e;
  }

  private AuditEvent.Builder statementRecord(Audit audit, StatementAnalysis s, PolicyDecision d,
      List<String> filters) {
    TreeSet<String> tables = new TreeSet<>();
    for (TableName t : s.tablesRead()) {
      tables.add(t.qualified());
    }
    for (TableName t : s.tablesWritten()) {
      tables.add(t.qualified());
    }
    AuditEvent.Builder b = Auditor.about(AuditEvent.Type.STATEMENT, audit.session())
        .sql(audit(audit.ds(), s.text(),
            audit.masking() != null && audit.masking().touchesMasked(s)))
        .fingerprint(s.fingerprint())
        .decision(d.effect().word())
        .rules(d.matchedRules())
        .tables(List.copyOf(tables));
    if (!filters.isEmpty()) {
      b.field("row_filters", filters);
    }
    return b;
  }

  private List<String> shownParameters(List<Value> params) {
    List<String> out = new ArrayList<>(params.size());
    for (Value v : params) {
      out.add(redactParameters ? "?" : ParameterText.of(v));
    }
    return out;
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

  /** A statement ready to run: how to start it, its audit record, and how it is masked. */
  private static final class Piece implements ExecuteCall.Piece {
    private final Starter starter;
    private final AuditEvent.Builder template;
    private final StatementAnalysis statement;
    private final MaskingView masking;
    private final Datasource ds;

    /** {@code statement}, {@code masking} and {@code ds} are null for metadata calls. */
    Piece(Starter starter, AuditEvent.Builder template, StatementAnalysis statement,
        MaskingView masking, Datasource ds) {
      this.starter = starter;
      this.template = template;
      this.statement = statement;
      this.masking = masking;
      this.ds = ds;
    }

    @Override
    public StatementRun start(Consumer<StatementRun> onStarted) {
      return starter.start(onStarted);
    }

    @Override
    public AuditEvent.Builder record() {
      return template.build().toBuilder();
    }

    @Override
    public ResultMasking masking(ResultHeader header) {
      if (masking == null || masking.isEmpty()) {
        return ResultMasking.NONE;
      }
      var lineage = statement.lineage();
      var columns = ds.backend().tableColumns();
      return masking.forResult(
          lineage.expand(t -> columns.columnsOf(t.catalog(), t.schema(), t.table())),
          lineage.allSources(), header.getColumnsCount());
    }

    @Override
    public RuntimeException scrub(RuntimeException failure) {
      if (failure instanceof GatehouseException g && masking != null) {
        return StatementPipeline.scrub(masking, masking.touchesMasked(statement), g);
      }
      return failure;
    }

    @Override
    public void ran() {
      afterRun(ds, statement);
    }
  }

  private interface Starter {
    StatementRun start(Consumer<StatementRun> onStarted);
  }
}
