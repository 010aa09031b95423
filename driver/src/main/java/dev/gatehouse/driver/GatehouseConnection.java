package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.CloseSessionRequest;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.EndTransactionRequest;
import dev.gatehouse.proto.v1.GatehouseGrpc;
import dev.gatehouse.proto.v1.GeneratedKeysRequest;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.proto.v1.OpenSessionResponse;
import dev.gatehouse.proto.v1.PingRequest;
import dev.gatehouse.proto.v1.ProtocolVersion;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.SessionState;
import dev.gatehouse.proto.v1.SetSessionStateRequest;
import dev.gatehouse.proto.v1.Value;
import io.grpc.MethodDescriptor;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JDBC connection: one sidecar session on one datasource.
 *
 * <p>Session state (auto-commit, read-only, isolation, catalog, schema) changes through
 * SetSessionState and the sidecar's answer is kept, so getters need no round trip.
 *
 * <p>Used by one thread at a time, as JDBC expects; {@link #close} and {@link #abort} may come
 * from another thread and stop every call in flight.
 */
final class GatehouseConnection implements Connection {
    /** How long close() waits for CloseSession; a closing application should not hang on it. */
    private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private final ConnectionSettings settings;
    private final SidecarClient client;
    private final String sessionId;
    private final String principal;
    private final String serverVersion;
    private final Map<String, String> databaseProperties;
    private final int defaultQueryTimeoutMillis;
    private final int defaultFetchSize;
    private final int holdability;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<GatehouseStatement> statements = ConcurrentHashMap.newKeySet();
    private final AtomicLong statementIds = new AtomicLong();
    private final AtomicInteger savepointIds = new AtomicInteger();
    private final Properties clientInfo = new Properties();
    private volatile SessionState state;
    private volatile int networkTimeoutMillis;
    private SQLWarning warnings;

    private GatehouseConnection(ConnectionSettings settings, SidecarClient client, OpenSessionResponse session)
            throws SQLException {
        this.settings = settings;
        this.client = client;
        this.sessionId = session.getSessionId();
        this.principal = session.getPrincipal();
        this.serverVersion = session.getServerVersion();
        this.databaseProperties = Map.copyOf(session.getDatabase().getPropertiesMap());
        // proto3 cannot tell "auto_commit = false" from "no state sent"; JDBC's default is true.
        this.state = session.hasState() ? session.getState() : SessionState.newBuilder().setAutoCommit(true).build();
        this.defaultQueryTimeoutMillis = settings.queryTimeoutMillis();
        this.defaultFetchSize = settings.fetchSize();
        this.networkTimeoutMillis = settings.networkTimeoutMillis();
        this.holdability = parseHoldability(databaseProperties.get("getResultSetHoldability"));
    }

    /** Opens a session; on any failure nothing stays open. */
    static GatehouseConnection open(ConnectionSettings settings, TokenSource tokens) throws SQLException {
        SidecarClient client = new SidecarClient(settings.address(), tokens);
        try {
            OpenSessionRequest.Builder request = OpenSessionRequest.newBuilder()
                    .setDatasource(settings.datasource())
                    .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_CURRENT_VALUE)
                    .setClientName(DriverVersion.NAME)
                    .setClientVersion(DriverVersion.TEXT);
            Boolean readOnly = settings.readOnly();
            if (readOnly != null) {
                request.setReadOnly(readOnly);
            }
            String applicationName = settings.value(DriverProperty.APPLICATION_NAME);
            if (applicationName != null) {
                request.putClientInfo("ApplicationName", applicationName);
            }
            int timeout = settings.connectTimeoutMillis();
            client.wakeUp(timeout);
            OpenSessionResponse session = client.call(GatehouseGrpc.getOpenSessionMethod(), request.build(), timeout,
                    "the connect_timeout of " + timeout + " ms", StatusTranslator.Situation.CONNECTING);
            GatehouseConnection connection = new GatehouseConnection(settings, client, session);
            if (applicationName != null) {
                connection.clientInfo.setProperty("ApplicationName", applicationName);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static int parseHoldability(String text) {
        if (text != null && text.trim().equals(String.valueOf(ResultSet.HOLD_CURSORS_OVER_COMMIT))) {
            return ResultSet.HOLD_CURSORS_OVER_COMMIT;
        }
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    // ------------------------------------------------------------------ for statements and metadata

    SidecarClient client() {
        return client;
    }

    String sessionId() {
        return sessionId;
    }

    String principal() {
        return principal;
    }

    String serverVersion() {
        return serverVersion;
    }

    ConnectionSettings settings() {
        return settings;
    }

    Map<String, String> databaseProperties() {
        return databaseProperties;
    }

    /** Unique within the session, so that Cancel names exactly one execution. */
    String nextStatementId() {
        return "s" + statementIds.incrementAndGet();
    }

    int networkTimeoutMillis() {
        return networkTimeoutMillis;
    }

    int defaultQueryTimeoutMillis() {
        return defaultQueryTimeoutMillis;
    }

    int defaultFetchSize() {
        return defaultFetchSize;
    }

    void statementClosed(GatehouseStatement statement) {
        statements.remove(statement);
    }

    void checkOpen() throws SQLException {
        if (closed.get()) {
            throw SqlExceptions.connectionClosed();
        }
    }

    /** A unary call within the session, bounded by the network timeout. */
    <Q, R> R call(MethodDescriptor<Q, R> method, Q request) throws SQLException {
        checkOpen();
        int timeout = networkTimeoutMillis;
        return client.call(method, request, timeout, "the network timeout of " + timeout + " ms",
                StatusTranslator.Situation.IN_SESSION);
    }

    /**
     * A DatabaseMetaData result set: a GetMetadata call, streamed like a query. Bounded by the
     * network timeout per message.
     */
    ResultSet metadata(String method, Value... arguments) throws SQLException {
        checkOpen();
        GetMetadataRequest request = GetMetadataRequest.newBuilder()
                .setSessionId(sessionId)
                .setMethod(method)
                .addAllArguments(Arrays.asList(arguments))
                .build();
        ResultStream stream = client.stream(GatehouseGrpc.getGetMetadataMethod(), request, 0, "", networkTimeoutMillis);
        ExecutionResults results = new ExecutionResults(stream, done -> { });
        Object first;
        try {
            first = results.nextResult();
        } catch (SQLException e) {
            results.abandon();
            throw e;
        }
        if (!(first instanceof ResultHeader header)) {
            results.abandon();
            throw SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION,
                    "the Gatehouse sidecar answered DatabaseMetaData." + method + " without a result set");
        }
        ColumnMeta[] columns = header.getColumnsList().toArray(new ColumnMeta[0]);
        return new GatehouseResultSet(null, columns, results, 0, 0, 0, holdability);
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return register(new GatehouseStatement(this, holdability, GatehouseStatement.noKeys()));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, GatehouseStatement.noKeys());
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkOpen();
        checkResultSetKind(resultSetType, resultSetConcurrency, resultSetHoldability);
        return prepare(sql, GatehouseStatement.noKeys());
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, GatehouseStatement.keys(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, GatehouseStatement.keys(columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, GatehouseStatement.keys(columnNames));
    }

    private PreparedStatement prepare(String sql, GeneratedKeysRequest keys)
            throws SQLException {
        checkOpen();
        if (sql == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "prepareStatement: the SQL string is null");
        }
        return register(new GatehousePreparedStatement(this, sql, holdability, keys));
    }

    private <S extends GatehouseStatement> S register(S statement) {
        statements.add(statement);
        return statement;
    }

    /** Forward-only, read-only results are all there is; anything else is refused, never downgraded. */
    private void checkResultSetKind(int type, int concurrency, int resultHoldability) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw SqlExceptions.notSupported("result set type " + type + " (only TYPE_FORWARD_ONLY)");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw SqlExceptions.notSupported("result set concurrency " + concurrency + " (only CONCUR_READ_ONLY)");
        }
        if (resultHoldability != holdability) {
            throw SqlExceptions.notSupported("result set holdability " + resultHoldability
                    + " (this datasource offers " + holdability + ")");
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw SqlExceptions.notSupported("prepareCall (CallableStatement); run CALL through a Statement or "
                + "PreparedStatement instead");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ------------------------------------------------------------------ session state

    private void changeState(SetSessionStateRequest.Builder change) throws SQLException {
        state = call(GatehouseGrpc.getSetSessionStateMethod(), change.setSessionId(sessionId).build()).getState();
    }

    /** JDBC: changing auto-commit commits an open transaction; setting it to its current value does nothing. */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (state.getAutoCommit() != autoCommit) {
            changeState(SetSessionStateRequest.newBuilder().setAutoCommit(autoCommit));
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return state.getAutoCommit();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        if (state.getReadOnly() != readOnly) {
            changeState(SetSessionStateRequest.newBuilder().setReadOnly(readOnly));
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return state.getReadOnly();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "transaction isolation " + level
                    + " is not one of Connection.TRANSACTION_READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE");
        }
        if (state.getTransactionIsolation() != level) {
            changeState(SetSessionStateRequest.newBuilder().setTransactionIsolation(level));
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return state.getTransactionIsolation();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        if (catalog != null && !catalog.equals(state.getCatalog())) {
            changeState(SetSessionStateRequest.newBuilder().setCatalog(catalog));
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return emptyAsNull(state.getCatalog());
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema != null && !schema.equals(state.getSchema())) {
            changeState(SetSessionStateRequest.newBuilder().setSchema(schema));
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return emptyAsNull(state.getSchema());
    }

    private static String emptyAsNull(String text) {
        return text.isEmpty() ? null : text;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void commit() throws SQLException {
        endTransaction(EndTransactionRequest.Action.COMMIT, "commit");
    }

    @Override
    public void rollback() throws SQLException {
        endTransaction(EndTransactionRequest.Action.ROLLBACK, "rollback");
    }

    private void endTransaction(EndTransactionRequest.Action action, String what) throws SQLException {
        checkOpen();
        requireTransaction(what);
        call(GatehouseGrpc.getEndTransactionMethod(),
                EndTransactionRequest.newBuilder().setSessionId(sessionId).setAction(action).build());
    }

    /** JDBC: commit, rollback and savepoints are errors in auto-commit mode. */
    private void requireTransaction(String what) throws SQLException {
        if (state.getAutoCommit()) {
            throw SqlExceptions.of(SqlExceptions.INVALID_TRANSACTION_STATE,
                    what + " is not possible in auto-commit mode; call setAutoCommit(false) first");
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return savepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "a savepoint name may not be null");
        }
        return savepoint(name);
    }

    private Savepoint savepoint(String name) throws SQLException {
        checkOpen();
        requireTransaction("a savepoint");
        GatehouseSavepoint savepoint = new GatehouseSavepoint(this, savepointIds.incrementAndGet(), name);
        savepointCall(EndTransactionRequest.Action.SET_SAVEPOINT, savepoint);
        return savepoint;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        requireTransaction("rollback to a savepoint");
        savepointCall(EndTransactionRequest.Action.ROLLBACK_TO_SAVEPOINT, own(savepoint));
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        savepointCall(EndTransactionRequest.Action.RELEASE_SAVEPOINT, own(savepoint));
    }

    private GatehouseSavepoint own(Savepoint savepoint) throws SQLException {
        if (savepoint instanceof GatehouseSavepoint ours && ours.connection() == this) {
            return ours;
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the savepoint was not set on this connection");
    }

    private void savepointCall(EndTransactionRequest.Action action, GatehouseSavepoint savepoint) throws SQLException {
        EndTransactionRequest.Builder request = EndTransactionRequest.newBuilder()
                .setSessionId(sessionId)
                .setAction(action)
                .setSavepointId(savepoint.id());
        if (savepoint.name() != null) {
            request.setSavepointName(savepoint.name());
        }
        call(GatehouseGrpc.getEndTransactionMethod(), request.build());
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public void setHoldability(int resultHoldability) throws SQLException {
        checkOpen();
        if (resultHoldability != holdability) {
            throw SqlExceptions.notSupported("result set holdability " + resultHoldability
                    + " (this datasource offers " + holdability + ")");
        }
    }

    // ------------------------------------------------------------------ life cycle

    /** Ping: the session exists and the backend answers. Any failure means "not valid". */
    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "isValid: the timeout must be 0 or more seconds");
        }
        if (closed.get()) {
            return false;
        }
        int timeoutMillis = timeoutSeconds > Integer.MAX_VALUE / 1000 ? Integer.MAX_VALUE : timeoutSeconds * 1000;
        try {
            return client.call(GatehouseGrpc.getPingMethod(),
                    PingRequest.newBuilder().setSessionId(sessionId).setTimeoutMs(timeoutMillis).build(),
                    timeoutMillis, "the isValid timeout of " + timeoutSeconds + " s",
                    StatusTranslator.Situation.IN_SESSION).getValid();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Ends the session: statements are closed and their streams cancelled, then CloseSession.
     * Closing twice does nothing. A sidecar that is gone is not an error here: its session went
     * with it.
     */
    @Override
    public void close() throws SQLException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeStatements();
        try {
            client.call(GatehouseGrpc.getCloseSessionMethod(),
                    CloseSessionRequest.newBuilder().setSessionId(sessionId).build(), CLOSE_TIMEOUT_MILLIS,
                    "the close timeout of " + CLOSE_TIMEOUT_MILLIS + " ms", StatusTranslator.Situation.IN_SESSION);
        } catch (SQLException e) {
            // The session is gone (08) or this token can no longer speak for it (28, expired):
            // either way the sidecar rolls it back itself, and close() must not fail a pool.
            if (e.getSQLState() == null
                    || !(e.getSQLState().startsWith("08") || e.getSQLState().startsWith("28"))) {
                throw e;
            }
        } finally {
            client.close();
        }
    }

    private void closeStatements() {
        for (GatehouseStatement statement : statements.toArray(new GatehouseStatement[0])) {
            statement.closeForConnection();
        }
        statements.clear();
        client.cancelAll();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Stops everything now; CloseSession and the release of the channel run on the executor. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "abort needs an executor");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeStatements();
        executor.execute(() -> {
            try {
                client.call(GatehouseGrpc.getCloseSessionMethod(),
                        CloseSessionRequest.newBuilder().setSessionId(sessionId).build(), CLOSE_TIMEOUT_MILLIS,
                        "the close timeout of " + CLOSE_TIMEOUT_MILLIS + " ms", StatusTranslator.Situation.IN_SESSION);
            } catch (SQLException e) {
                // abort has no caller left to tell; the sidecar ends the session when it times out
            } finally {
                client.close();
            }
        });
    }

    /**
     * Bounds every wait for the sidecar: a unary call's deadline, and for a result stream the
     * longest wait for its next message (so that a slow reader of a long result is not cut off).
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the network timeout must be 0 (none) or more ms");
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    // ------------------------------------------------------------------ client info

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        Map<String, String> change = new HashMap<>();
        change.put(name, value == null ? "" : value);
        sendClientInfo(change);
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    /** Replaces the whole set: names not given are cleared (sent as empty values). */
    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Map<String, String> change = new HashMap<>();
        for (String name : clientInfo.stringPropertyNames()) {
            change.put(name, "");
        }
        for (String name : properties.stringPropertyNames()) {
            change.put(name, properties.getProperty(name));
        }
        sendClientInfo(change);
        clientInfo.clear();
        clientInfo.putAll(properties);
    }

    private void sendClientInfo(Map<String, String> change) throws SQLClientInfoException {
        try {
            changeState(SetSessionStateRequest.newBuilder().putAllClientInfo(change));
        } catch (SQLException e) {
            Map<String, ClientInfoStatus> failed = new HashMap<>();
            for (String name : change.keySet()) {
                failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
            }
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), failed, e);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    // ------------------------------------------------------------------ the rest of java.sql.Connection

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new GatehouseDatabaseMetaData(this);
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
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw SqlExceptions.notSupported("type maps (user-defined types)");
        }
    }

    @Override
    public Clob createClob() throws SQLException {
        throw SqlExceptions.notSupported("createClob (pass a String or Reader to setClob/setCharacterStream)");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw SqlExceptions.notSupported("createBlob (pass a byte[] or InputStream to setBytes/setBinaryStream)");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw SqlExceptions.notSupported("createNClob (pass a String or Reader to setNClob/setNCharacterStream)");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw SqlExceptions.notSupported("createSQLXML (pass the XML as a String)");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw SqlExceptions.notSupported("createArrayOf (pass an Object[] to setObject)");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw SqlExceptions.notSupported("createStruct");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the connection does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
