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

  /** Records nothing; for tests and until the audit log is configured. */
  SessionEvents NONE =
      new SessionEvents() {
        @Override
        public void opened(Session session) {}

        @Override
        public void closed(Session session, String why) {}

        @Override
        public void transaction(Session session, String action) {}

        @Override
        public void authenticationFailed(String method, String reason) {}
      };
}
