package dev.gatehouse.sidecar.approval;

import dev.gatehouse.sidecar.auth.Principal;

/** What the desk tells the audit log. Each call must be recorded before it takes effect. */
public interface ApprovalEvents {
  void requested(PendingRequest request);

  /** A decision, a timeout or a withdrawal ended the wait. */
  void decided(PendingRequest request, Verdict verdict, Grant grant);

  /** Someone tried to decide and was refused (not an approver, the requester, unknown id). */
  void refused(String requestId, Principal reviewer, String why);

  void grantRevoked(Grant grant, Principal by, String reason);
}
