package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.approval.ApprovalEvents;
import dev.gatehouse.sidecar.approval.Grant;
import dev.gatehouse.sidecar.approval.PendingRequest;
import dev.gatehouse.sidecar.approval.Verdict;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.audit.AuditLog;
import dev.gatehouse.sidecar.audit.AuditUnavailableException;
import dev.gatehouse.sidecar.auth.Principal;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what happens in the sidecar to the audit log (SPEC §8). Statement records go through
 * {@link #record}, which fails closed: when the log cannot be written, the statement's result
 * must not reach the agent, and the agent learns why.
 */
final class Auditor implements SessionEvents, ApprovalEvents {
  private static final Logger log = LoggerFactory.getLogger(Auditor.class);
  /** SQLState for "the audit log cannot be written" (system error class). */
  static final String AUDIT_UNAVAILABLE = "58030";

  private final AuditLog auditLog;
  private final BiFunction<String, String, String> redactor;

  /**
   * @param redactor given a datasource and a statement, the statement as the log may show it
   *     (literals redacted unless configured otherwise)
   */
  Auditor(AuditLog auditLog, BiFunction<String, String, String> redactor) {
    this.auditLog = auditLog;
    this.redactor = redactor;
  }

  @Override
  public void requested(PendingRequest r) {
    record(about(AuditEvent.Type.APPROVAL_REQUESTED, r.requester())
        .session(r.session())
        .datasource(r.datasource())
        .sql(redactor.apply(r.datasource(), r.sql()))
        .rules(r.ruleNames())
        .field("approval_id", r.id())
        .field("expires_at", r.expiresAt().toString())
        .build());
  }

  @Override
  public void decided(PendingRequest r, Verdict verdict, Grant grant) {
    AuditEvent.Builder b = about(AuditEvent.Type.APPROVAL_DECIDED, r.requester())
        .session(r.session())
        .datasource(r.datasource())
        .rules(r.ruleNames())
        .decision(verdict.word())
        .field("approval_id", r.id());
    if (verdict.reviewer() != null) {
      b.field("reviewer", verdict.reviewer());
    }
    if (verdict.reason() != null && !verdict.reason().isEmpty()) {
      b.field("reason", verdict.reason());
    }
    if (grant != null) {
      b.field("grant_id", grant.id()).field("grant_expires_at", grant.expiresAt().toString());
    }
    record(b.build());
  }

  @Override
  public void refused(String requestId, Principal reviewer, String why) {
    note(about(AuditEvent.Type.APPROVAL_DECIDED, reviewer)
        .decision("refused")
        .field("approval_id", requestId)
        .field("reviewer", reviewer.subject())
        .field("reason", why)
        .build());
  }

  @Override
  public void grantRevoked(Grant grant, Principal by, String reason) {
    record(about(AuditEvent.Type.APPROVAL_DECIDED, by)
        .datasource(grant.datasource())
        .rules(grant.rules())
        .decision("grant_revoked")
        .field("grant_id", grant.id())
        .field("grant_holder", grant.subject())
        .field("reason", reason == null ? "" : reason)
        .build());
  }

  /** An event about {@code session}, its principal and datasource filled in. */
  static AuditEvent.Builder about(AuditEvent.Type type, Session session) {
    AuditEvent.Builder b =
        about(type, session.openedBy()).session(session.id()).datasource(session.datasource());
    if (type == AuditEvent.Type.STATEMENT && !session.clientInfo().isEmpty()) {
      // which tool sent it (ApplicationName, …): it may change mid-session with setClientInfo
      b.field("client", new java.util.TreeMap<>(session.clientInfo()));
    }
    return b;
  }

  static AuditEvent.Builder about(AuditEvent.Type type, Principal p) {
    return AuditEvent.builder(type).principal(p.subject(), p.issuer(), p.groups());
  }

  /**
   * Appends a record the agent's result depends on.
   *
   * @return its seq
   * @throws GatehouseException when the record cannot be written: the caller fails the
   *     statement instead of answering
   */
  long record(AuditEvent event) {
    try {
      return auditLog.append(event);
    } catch (AuditUnavailableException e) {
      log.error("AUDIT LOG UNAVAILABLE, refusing statements: {}", e.getMessage());
      throw new GatehouseException(
          AUDIT_UNAVAILABLE,
          "the audit log cannot be written, so the sidecar answers no statement (fail closed);"
              + " an operator must fix the log",
          null,
          0,
          e);
    }
  }

  /** Appends an event nobody waits on; a failure is logged loudly, not thrown. */
  private void note(AuditEvent event) {
    try {
      auditLog.append(event);
    } catch (AuditUnavailableException e) {
      log.error("AUDIT LOG UNAVAILABLE: could not record {}: {}", event.type(), e.getMessage());
    }
  }

  @Override
  public void opened(Session session) {
    AuditEvent.Builder b = about(AuditEvent.Type.SESSION_OPEN, session);
    if (!session.clientInfo().isEmpty()) {
      b.field("client", session.clientInfo());
    }
    // Opening is refused when it cannot be recorded: an unrecorded session must not exist.
    record(b.build());
  }

  @Override
  public void closed(Session session, String why) {
    note(about(AuditEvent.Type.SESSION_CLOSE, session).field("reason", why).build());
  }

  @Override
  public void transaction(Session session, String action) {
    record(about(AuditEvent.Type.TRANSACTION, session).field("action", action).build());
  }

  @Override
  public void authenticationFailed(String method, String reason) {
    note(
        AuditEvent.builder(AuditEvent.Type.AUTH_FAILURE)
            .field("method", method)
            .error(GatehouseException.INVALID_AUTHORIZATION, reason)
            .build());
  }

  void close() {
    auditLog.close();
  }
}
