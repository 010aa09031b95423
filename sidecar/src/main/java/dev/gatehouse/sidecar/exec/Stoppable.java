package dev.gatehouse.sidecar.exec;

/** Backend work that can be stopped from another thread (Cancel RPC, timeout, client gone). */
public interface Stoppable {
  /** Why work was stopped; decides the error the agent sees (57014 or HYT00). */
  enum Reason {
    CANCELLED,
    TIMED_OUT
  }

  void stop(Reason reason);
}
