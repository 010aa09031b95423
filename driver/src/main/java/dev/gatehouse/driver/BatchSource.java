package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.RowBatch;
import java.sql.SQLException;

/** Where a result set's rows come from: a live Execute stream, or batches already in hand. */
interface BatchSource {
    /** The next batch of this result set, or null when it has no more. */
    RowBatch nextBatch() throws SQLException;

    /** The application closed the result set before its end: stop producing rows. */
    void abandon();

    /** Rows already in memory (generated keys, a finished batch call). */
    static BatchSource of(RowBatch batch) {
        return new BatchSource() {
            private RowBatch remaining = batch;

            @Override
            public RowBatch nextBatch() {
                RowBatch next = remaining;
                remaining = null;
                return next;
            }

            @Override
            public void abandon() {
                remaining = null;
            }
        };
    }
}
