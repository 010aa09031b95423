package dev.gatehouse.driver;

/**
 * A call in flight that another thread may have to stop: Statement.cancel, Connection.close and
 * Connection.abort come from other threads than the one waiting on the call.
 */
interface SidecarCall {
    /** Why a call is stopped; it decides what the thread waiting on it is told. */
    enum Cause {
        /** Statement.cancel: the waiter gets 57014. */
        STATEMENT_CANCELLED,
        /** The reader is done with the results (closed early, moved on): nobody waits. */
        RESULTS_ABANDONED,
        /** Connection.close or abort: the waiter gets 08003. */
        CONNECTION_CLOSED,
        /** The driver stopped waiting (network timeout, interrupt) and has reported it already. */
        GAVE_UP
    }

    void cancel(Cause cause);

    /** How the end of a call stopped for this cause is to be read. */
    static StatusTranslator.Situation situation(Cause cause) {
        if (cause == Cause.STATEMENT_CANCELLED) {
            return StatusTranslator.Situation.CANCELLED_BY_APPLICATION;
        }
        if (cause == Cause.CONNECTION_CLOSED) {
            return StatusTranslator.Situation.CONNECTION_CLOSED;
        }
        return StatusTranslator.Situation.IN_SESSION;
    }
}
