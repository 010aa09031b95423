package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.audit.AuditLog;
import dev.gatehouse.sidecar.audit.AuditUnavailableException;
import dev.gatehouse.sidecar.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what happens in the sidecar to the audit log (SPEC §8). Statement records go through
 * {@link #record}, which fails closed: when the log cannot be written, the statement's result
 * must not reach the agent, and the agent learns why.
 */
final class Auditor implements SessionEvents {
  private static final Logger log = LoggerFactory.getLogger(Auditor.class);
  /** SQLState for "the audit log cannot be written" (system error class). */
  static final String AUDIT_UNAVAILABLE = "58030";

  private final AuditLog auditLog;

  Auditor(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  /** An event about {@code session}, its principal and datasource filled in. */
  static AuditEvent.Builder about(AuditEvent.Type type, Session session) {
    return about(type, session.openedBy()).session(session.id()).datasource(session.datasource());
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
