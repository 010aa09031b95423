package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.CancelRequest;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteKind;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.GatehouseGrpc;
import dev.gatehouse.proto.v1.GeneratedKeysRequest;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.UpdateResult;
import dev.gatehouse.proto.v1.Value;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JDBC Statement: each execution is one Execute call whose results stream back in order.
 *
 * <p>Used by one thread at a time, except {@link #cancel}, which another thread may call while
 * this one waits; it asks the sidecar to stop the statement (Cancel) and ends the call locally,
 * so the waiting thread wakes with 57014 even if the sidecar does not answer.
 */
class GatehouseStatement implements Statement {
    /**
     * Added to the query timeout for the call's gRPC deadline: the sidecar enforces the timeout
     * itself and answers HYT00 with its reason; the deadline is the backstop that keeps the
     * driver from waiting forever when the sidecar cannot answer at all.
     */
    static final int DEADLINE_GRACE_MILLIS = 5_000;
    private static final int CANCEL_TIMEOUT_MILLIS = 5_000;

    final GatehouseConnection connection;
    private final int holdability;
    private final GeneratedKeysRequest generatedKeysRequest;
    private int queryTimeoutMillis;
    private int fetchSize;
    private long maxRows;
    private int maxFieldSize;
    private boolean poolable;
    private boolean closeOnCompletion;
    private volatile boolean closed;
    private ExecutionResults execution;
    private GatehouseResultSet currentResultSet;
    private long updateCount = -1;
    private GatehouseResultSet generatedKeys;
    private SQLWarning warnings;
    private final List<String> batchSqls = new ArrayList<>();
    private volatile SidecarCall running;
    private volatile String runningStatementId;

    GatehouseStatement(GatehouseConnection connection, int holdability, GeneratedKeysRequest generatedKeysRequest) {
        this.connection = connection;
        this.holdability = holdability;
        this.generatedKeysRequest = generatedKeysRequest;
        this.queryTimeoutMillis = connection.defaultQueryTimeoutMillis();
        this.fetchSize = connection.defaultFetchSize();
    }

    // ------------------------------------------------------------------ executing

    /**
     * Sends one Execute and positions on its first result.
     *
     * @return true when the first result is a result set
     */
    final boolean executeSql(String sql, List<Value> parameters, ExecuteKind kind, GeneratedKeysRequest keys,
            boolean prepared) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the SQL string is null");
        }
        closeResults();
        String statementId = connection.nextStatementId();
        ExecuteRequest request = ExecuteRequest.newBuilder()
                .setSessionId(connection.sessionId())
                .setStatementId(statementId)
                .setSql(sql)
                .addAllParameters(parameters)
                .setKind(kind)
                .setFetchSize(fetchSize)
                .setMaxRows(maxRows)
                .setTimeoutMs(queryTimeoutMillis)
                .setGeneratedKeys(keys)
                .setPrepared(prepared)
                .build();
        // Published before the request leaves: a cancel() from another thread that comes once the
        // statement may run on the sidecar must find it, or it would silently do nothing.
        ResultStream stream = connection.client().stream(GatehouseGrpc.getExecuteMethod(), request,
                deadlineMillis(), deadlineText(), connection.networkTimeoutMillis(),
                call -> publishRunning(statementId, call));
        execution = new ExecutionResults(stream, this::addWarnings);
        try {
            return moveToNextResult();
        } catch (SQLException e) {
            execution.abandon();
            throw e;
        }
    }

    private boolean moveToNextResult() throws SQLException {
        Object result = execution.nextResult();
        if (result instanceof ResultHeader header) {
            currentResultSet = newResultSet(header, execution, maxRows);
            updateCount = -1;
            return true;
        }
        currentResultSet = null;
        if (result instanceof UpdateResult update) {
            updateCount = update.getUpdateCount();
            if (update.hasKeysHeader()) {
                generatedKeys = keysResultSet(update.getKeysHeader(), update.getKeys());
            }
            // Read on to the call's end when this was the last result, so that the call is
            // complete (and its warnings and any late failure known) when execute returns.
            execution.settle();
            return false;
        }
        updateCount = -1;
        return false;
    }

    private GatehouseResultSet newResultSet(ResultHeader header, BatchSource source, long rowLimit) {
        ColumnMeta[] columns = header.getColumnsList().toArray(new ColumnMeta[0]);
        return new GatehouseResultSet(this, columns, source, rowLimit, maxFieldSize, fetchSize, holdability);
    }

    private GatehouseResultSet keysResultSet(ResultHeader header, RowBatch keys) {
        return newResultSet(header, BatchSource.of(keys), 0);
    }

    /** The gRPC deadline: the query timeout plus grace, so the driver never hangs; 0 for none. */
    private long deadlineMillis() {
        return queryTimeoutMillis > 0 ? (long) queryTimeoutMillis + DEADLINE_GRACE_MILLIS : 0;
    }

    private String deadlineText() {
        return "the query timeout of " + queryTimeoutMillis + " ms (plus " + DEADLINE_GRACE_MILLIS + " ms grace)";
    }

    private void addWarnings(ExecuteDone done) {
        for (String message : done.getWarningsList()) {
            addWarning(new SQLWarning(message, "01000"));
        }
        if (done.getTruncated()) {
            addWarning(new SQLWarning("the result was cut at the row limit (Statement.setMaxRows or the "
                    + "Gatehouse policy's max_rows); more rows matched", "01000"));
        }
    }

    private void addWarning(SQLWarning warning) {
        if (warnings == null) {
            warnings = warning;
        } else {
            warnings.setNextWarning(warning);
        }
    }

    /** Ends whatever the previous execution left: its result set, its call, its keys, its warnings. */
    private void closeResults() throws SQLException {
        if (currentResultSet != null) {
            currentResultSet.detach();
            currentResultSet = null;
        }
        if (execution != null && !execution.isFinished()) {
            execution.abandon();
        }
        execution = null;
        running = null;
        runningStatementId = null;
        updateCount = -1;
        if (generatedKeys != null) {
            generatedKeys.detach();
            generatedKeys = null;
        }
        warnings = null;
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return executeSql(sql, List.of(), ExecuteKind.EXECUTE_KIND_UNSPECIFIED, noKeys(), false);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return requireResultSet(executeSql(sql, List.of(), ExecuteKind.QUERY, noKeys(), false));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return clamp(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return requireUpdateCount(executeSql(sql, List.of(), ExecuteKind.UPDATE, noKeys(), false));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return executeSql(sql, List.of(), ExecuteKind.EXECUTE_KIND_UNSPECIFIED, keys(autoGeneratedKeys), false);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return executeSql(sql, List.of(), ExecuteKind.EXECUTE_KIND_UNSPECIFIED, keys(columnIndexes), false);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return executeSql(sql, List.of(), ExecuteKind.EXECUTE_KIND_UNSPECIFIED, keys(columnNames), false);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return clamp(executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return clamp(executeLargeUpdate(sql, columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return clamp(executeLargeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return requireUpdateCount(executeSql(sql, List.of(), ExecuteKind.UPDATE, keys(autoGeneratedKeys), false));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return requireUpdateCount(executeSql(sql, List.of(), ExecuteKind.UPDATE, keys(columnIndexes), false));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return requireUpdateCount(executeSql(sql, List.of(), ExecuteKind.UPDATE, keys(columnNames), false));
    }

    /** executeQuery must yield a result set (JDBC 4.3 §13.1.2.2). */
    final ResultSet requireResultSet(boolean isResultSet) throws SQLException {
        if (!isResultSet) {
            closeResults();
            throw SqlExceptions.of("02000", "executeQuery: the statement produced no result set; "
                    + "use executeUpdate or execute for statements that do not return rows");
        }
        return currentResultSet;
    }

    /** executeUpdate must not yield a result set; the rows are not read. */
    final long requireUpdateCount(boolean isResultSet) throws SQLException {
        if (isResultSet) {
            closeResults();
            throw SqlExceptions.of("0100E", "executeUpdate: the statement produced a result set; "
                    + "use executeQuery or execute for statements that return rows");
        }
        return Math.max(updateCount, 0);
    }

    static GeneratedKeysRequest noKeys() {
        return GeneratedKeysRequest.getDefaultInstance();
    }

    static GeneratedKeysRequest keys(int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == RETURN_GENERATED_KEYS) {
            return GeneratedKeysRequest.newBuilder().setRequested(true).build();
        }
        if (autoGeneratedKeys == NO_GENERATED_KEYS) {
            return noKeys();
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "autoGeneratedKeys must be "
                + "Statement.RETURN_GENERATED_KEYS or Statement.NO_GENERATED_KEYS, not " + autoGeneratedKeys);
    }

    static GeneratedKeysRequest keys(int[] columnIndexes) {
        GeneratedKeysRequest.Builder keys = GeneratedKeysRequest.newBuilder().setRequested(true);
        if (columnIndexes != null) {
            for (int index : columnIndexes) {
                keys.addColumnIndexes(index);
            }
        }
        return keys.build();
    }

    static GeneratedKeysRequest keys(String[] columnNames) {
        GeneratedKeysRequest.Builder keys = GeneratedKeysRequest.newBuilder().setRequested(true);
        if (columnNames != null) {
            keys.addAllColumnNames(Arrays.asList(columnNames));
        }
        return keys.build();
    }

    final GeneratedKeysRequest generatedKeysRequest() {
        return generatedKeysRequest;
    }

    static int clamp(long count) {
        return count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) count;
    }

    // ------------------------------------------------------------------ results

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return currentResultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return clamp(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return currentResultSet != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    /** Only one result is open at a time: the rows of the next result stream behind the current one. */
    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current == KEEP_CURRENT_RESULT) {
            throw SqlExceptions.notSupported("getMoreResults(KEEP_CURRENT_RESULT) (results stream one after another)");
        }
        if (current != CLOSE_CURRENT_RESULT && current != CLOSE_ALL_RESULTS) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "getMoreResults: unknown argument " + current);
        }
        if (currentResultSet != null) {
            currentResultSet.detach();
            currentResultSet = null;
        }
        updateCount = -1;
        if (execution == null) {
            return false;
        }
        try {
            return moveToNextResult();
        } catch (SQLException e) {
            execution.abandon();
            throw e;
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys == null) {
            generatedKeys = newResultSet(ResultHeader.getDefaultInstance(), BatchSource.of(null), 0);
        }
        return generatedKeys;
    }

    /** Called by a result set of this statement when the application closes it. */
    void resultSetClosed(GatehouseResultSet resultSet) throws SQLException {
        if (closeOnCompletion && resultSet == currentResultSet && !closed) {
            close();
        }
    }

    // ------------------------------------------------------------------ batches

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "addBatch: the SQL string is null");
        }
        batchSqls.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batchSqls.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batchSqls.isEmpty()) {
            return new long[0];
        }
        ExecuteBatchRequest.Builder request = ExecuteBatchRequest.newBuilder().addAllSqls(batchSqls);
        batchSqls.clear();
        return runBatch(request);
    }

    /**
     * Sends an ExecuteBatch and waits for its counts. A failure is a BatchUpdateException with
     * the sidecar's SQLState; the protocol reports no partial counts, so its counts are empty.
     */
    final long[] runBatch(ExecuteBatchRequest.Builder request) throws SQLException {
        closeResults();
        String statementId = connection.nextStatementId();
        request.setSessionId(connection.sessionId())
                .setStatementId(statementId)
                .setTimeoutMs(queryTimeoutMillis)
                .setGeneratedKeys(generatedKeysRequest);
        long timeout = deadlineMillis();
        if (connection.networkTimeoutMillis() > 0) {
            timeout = timeout == 0 ? connection.networkTimeoutMillis() : Math.min(timeout, connection.networkTimeoutMillis());
        }
        UnaryCall<ExecuteBatchRequest, ExecuteBatchResponse> call = connection.client().start(
                GatehouseGrpc.getExecuteBatchMethod(), request.build(), timeout, deadlineText(),
                StatusTranslator.Situation.IN_SESSION, started -> publishRunning(statementId, started));
        ExecuteBatchResponse response;
        try {
            response = call.await();
        } catch (SQLException e) {
            throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
        } finally {
            running = null;
            runningStatementId = null;
        }
        if (response.hasKeysHeader()) {
            generatedKeys = keysResultSet(response.getKeysHeader(), response.getKeys());
        }
        long[] counts = new long[response.getUpdateCountsCount()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = response.getUpdateCounts(i);
        }
        return counts;
    }

    private static int[] toInts(long[] counts) {
        int[] ints = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            ints[i] = counts[i] < Integer.MIN_VALUE ? Statement.EXECUTE_FAILED : clamp(counts[i]);
        }
        return ints;
    }

    // ------------------------------------------------------------------ cancel and close

    /** Makes the call cancel() stops; the id first, as cancel() reads the call first. */
    private void publishRunning(String statementId, SidecarCall call) {
        runningStatementId = statementId;
        running = call;
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        SidecarCall call = running;
        String statementId = runningStatementId;
        if (call == null || statementId == null) {
            return;
        }
        try {
            connection.client().call(GatehouseGrpc.getCancelMethod(), CancelRequest.newBuilder()
                    .setSessionId(connection.sessionId()).setStatementId(statementId).build(),
                    CANCEL_TIMEOUT_MILLIS, "the cancel timeout of " + CANCEL_TIMEOUT_MILLIS + " ms",
                    StatusTranslator.Situation.IN_SESSION);
        } finally {
            // Ended locally in any case, so the waiting thread is released even if the sidecar
            // could not be told.
            call.cancel(SidecarCall.Cause.STATEMENT_CANCELLED);
        }
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeResults();
        } finally {
            connection.statementClosed(this);
        }
    }

    /** The connection is closing, maybe from another thread: end the calls without round trips. */
    void closeForConnection() {
        closed = true;
        GatehouseResultSet resultSet = currentResultSet;
        if (resultSet != null) {
            resultSet.detach();
        }
        SidecarCall call = running;
        if (call != null) {
            call.cancel(SidecarCall.Cause.CONNECTION_CLOSED);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw SqlExceptions.of(SqlExceptions.FUNCTION_SEQUENCE_ERROR, "the statement is closed");
        }
        connection.checkOpen();
    }

    // ------------------------------------------------------------------ settings

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the max field size must be 0 or more");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return clamp(getLargeMaxRows());
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    /** Sent as max_rows, and also enforced here: a result never has more rows than this. */
    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "max rows must be 0 (no limit) or more");
        }
        maxRows = max;
    }

    /**
     * Escape processing ({fn ...}, {d '...'}) is left to the database's own driver behind the
     * sidecar; the SQL string travels unchanged either way.
     */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return (queryTimeoutMillis + 999) / 1000;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the query timeout must be 0 (none) or more seconds");
        }
        queryTimeoutMillis = seconds > Integer.MAX_VALUE / 1000 ? Integer.MAX_VALUE : seconds * 1000;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw SqlExceptions.notSupported("setCursorName (positioned updates)");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw SqlExceptions.notSupported("a fetch direction other than FETCH_FORWARD (results are forward-only)");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    /** Sent as fetch_size: the sidecar then sizes its row batches by it. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the fetch size must be 0 or more");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the statement does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
