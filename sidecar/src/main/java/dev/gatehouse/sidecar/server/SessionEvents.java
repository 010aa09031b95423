package dev.gatehouse.sidecar.server;

/**
 * What happens to sessions, for the audit log (SPEC §8: session_open, session_close). Kept
 * narrow so the server does not depend on how events are recorded.
 */
interface SessionEvents {
  void opened(Session session);

  void closed(Session session, String why);

  void transaction(Session session, String action);

  void authenticationFailed(String method, String reason);
}
