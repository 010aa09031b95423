package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.RowBatch;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * The results of one Execute (or GetMetadata) call, in the order the sidecar sends them: for each
 * statement an UpdateResult, or a ResultHeader followed by its RowBatches; then one ExecuteDone.
 *
 * <p>A result set reads its batches through {@link #nextBatch}; moving to the next result
 * ({@link #nextResult}) skips whatever rows of the current one were not read. Reading stays
 * lazy throughout: nothing is read ahead beyond the one message the stream buffers.
 */
final class ExecutionResults implements BatchSource {
    private final ResultStream stream;
    private final Consumer<ExecuteDone> onDone;
    private ExecuteResponse lookahead;
    private boolean abandoned;

    ExecutionResults(ResultStream stream, Consumer<ExecuteDone> onDone) {
        this.stream = stream;
        this.onDone = onDone;
    }

    /**
     * The next result: a {@code ResultHeader} or an {@code UpdateResult}; null when there is none.
     */
    Object nextResult() throws SQLException {
        if (abandoned) {
            return null; // the application closed a result set early, which ended the call
        }
        while (true) {
            ExecuteResponse message = take();
            if (message == null) {
                return null;
            }
            switch (message.getPayloadCase()) {
                case HEADER:
                    return message.getHeader();
                case UPDATE:
                    return message.getUpdate();
                case BATCH:
                    continue; // rows of a result the application moved past
                case DONE:
                    finish(message.getDone());
                    return null;
                default:
                    throw unexpected(message);
            }
        }
    }

    @Override
    public RowBatch nextBatch() throws SQLException {
        if (abandoned) {
            return null;
        }
        ExecuteResponse message = take();
        if (message == null) {
            return null;
        }
        switch (message.getPayloadCase()) {
            case BATCH:
                return message.getBatch();
            case DONE:
                finish(message.getDone());
                return null;
            case HEADER:
            case UPDATE:
                lookahead = message; // the next result begins; it waits for getMoreResults
                return null;
            default:
                throw unexpected(message);
        }
    }

    /**
     * Takes the call's end right after ExecuteDone, so that a statement's last result completes
     * the call: nothing stays open on the sidecar, and a failure after Done is not lost.
     */
    private void finish(ExecuteDone done) throws SQLException {
        onDone.accept(done);
        ExecuteResponse after = stream.next();
        if (after != null) {
            stream.cancel(SidecarCall.Cause.RESULTS_ABANDONED);
            throw unexpected(after);
        }
    }

    /**
     * After an update count: reads the next message, so that a call whose last result this was
     * is complete (ExecuteDone and the status read) before execute returns. A further result is
     * kept for getMoreResults.
     */
    void settle() throws SQLException {
        if (abandoned || lookahead != null || stream.isFinished()) {
            return;
        }
        ExecuteResponse message = stream.next();
        if (message == null) {
            return;
        }
        switch (message.getPayloadCase()) {
            case DONE:
                finish(message.getDone());
                return;
            case HEADER:
            case UPDATE:
                lookahead = message;
                return;
            default:
                throw unexpected(message);
        }
    }

    private ExecuteResponse take() throws SQLException {
        if (lookahead != null) {
            ExecuteResponse message = lookahead;
            lookahead = null;
            return message;
        }
        return stream.next();
    }

    boolean isFinished() {
        return stream.isFinished() && lookahead == null;
    }

    @Override
    public void abandon() {
        lookahead = null;
        if (!stream.isFinished()) {
            abandoned = true;
            stream.cancel(SidecarCall.Cause.RESULTS_ABANDONED);
        }
    }

    private static SQLException unexpected(ExecuteResponse message) {
        return SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION,
                "the Gatehouse sidecar sent " + message.getPayloadCase() + " where the driver did not expect it");
    }
}
