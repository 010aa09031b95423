package dev.gatehouse.driver;

/**
 * A call in flight that another thread may have to stop: Statement.cancel, Connection.close and
 * Connection.abort come from other threads than the one waiting on the call.
 */
interface SidecarCall {
    /** @param byApplication true when the application asked for it (the waiter then sees 57014) */
    void cancel(boolean byApplication);
}
