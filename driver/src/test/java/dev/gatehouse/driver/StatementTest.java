package dev.gatehouse.driver;

import static dev.gatehouse.driver.FakeSidecar.batch;
import static dev.gatehouse.driver.FakeSidecar.column;
import static dev.gatehouse.driver.FakeSidecar.done;
import static dev.gatehouse.driver.FakeSidecar.header;
import static dev.gatehouse.driver.FakeSidecar.longs;
import static dev.gatehouse.driver.FakeSidecar.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.CancelRequest;
import dev.gatehouse.proto.v1.ErrorDetail;
import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteKind;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.UpdateResult;
import dev.gatehouse.proto.v1.WireType;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementTest {
    private FakeSidecar sidecar;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        sidecar = FakeSidecar.start();
        connection = DriverManager.getConnection(sidecar.url());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        sidecar.close();
    }

    private void respond(ExecuteResponse... messages) {
        sidecar.execute = (request, responses) -> {
            for (ExecuteResponse message : messages) {
                responses.onNext(message);
            }
            responses.onCompleted();
        };
    }

    /** The Execute never answers until cancelled; the latch opens when the sidecar sees the cancel. */
    private CountDownLatch hang() {
        CountDownLatch cancelled = new CountDownLatch(1);
        sidecar.execute = (request, responses) ->
                ((ServerCallStreamObserver<ExecuteResponse>) responses).setOnCancelHandler(cancelled::countDown);
        return cancelled;
    }

    @Test
    void executeUpdateSendsItsSettingsAndReturnsTheCount() throws SQLException {
        respond(update(7), done());
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(250);
            statement.setQueryTimeout(30);
            statement.setLargeMaxRows(1000);
            assertEquals(7, statement.executeUpdate("DELETE FROM t WHERE id < 8"));
            assertEquals(7, statement.getUpdateCount());
            ExecuteRequest request = sidecar.lastRequest(ExecuteRequest.class);
            assertEquals("session-1", request.getSessionId());
            assertEquals("DELETE FROM t WHERE id < 8", request.getSql());
            assertEquals(ExecuteKind.UPDATE, request.getKind());
            assertEquals(250, request.getFetchSize());
            assertEquals(30_000, request.getTimeoutMs());
            assertEquals(1000, request.getMaxRows());
            assertFalse(request.getPrepared());
            assertFalse(request.getGeneratedKeys().getRequested());
            assertEquals(30, statement.getQueryTimeout());
        }
    }

    @Test
    void statementIdsAreUniqueWithinTheSession() throws SQLException {
        try (Statement first = connection.createStatement(); Statement second = connection.createStatement()) {
            first.execute("SELECT 1");
            second.execute("SELECT 1");
            first.execute("SELECT 1");
        }
        long distinct = sidecar.requests(ExecuteRequest.class).stream().map(ExecuteRequest::getStatementId).distinct().count();
        assertEquals(3, distinct);
    }

    @Test
    void connectionDefaultsComeFromTheUrl() throws Exception {
        try (Connection tuned = DriverManager.getConnection(sidecar.url("&fetch_size=77&query_timeout=9"));
                Statement statement = tuned.createStatement()) {
            statement.execute("SELECT 1");
            assertEquals(77, statement.getFetchSize());
            assertEquals(77, sidecar.lastRequest(ExecuteRequest.class).getFetchSize());
            assertEquals(9000, sidecar.lastRequest(ExecuteRequest.class).getTimeoutMs());
        }
    }

    @Test
    void executeQueryKindAndExpectations() throws SQLException {
        respond(update(1), done());
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("UPDATE t SET a = 1"));
            assertTrue(e.getMessage().contains("produced no result set"), e.getMessage());
            assertEquals(ExecuteKind.QUERY, sidecar.lastRequest(ExecuteRequest.class).getKind());
        }
    }

    @Test
    void executeUpdateOnAQueryIsAnErrorAndTheRowsAreNotRead() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        sidecar.execute = (request, responses) -> {
            ((ServerCallStreamObserver<ExecuteResponse>) responses).setOnCancelHandler(cancelled::countDown);
            responses.onNext(header(column("id", Types.BIGINT, WireType.INT64)));
            responses.onNext(batch(1, longs(1)));
        };
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeUpdate("SELECT id FROM t"));
            assertTrue(e.getMessage().contains("produced a result set"), e.getMessage());
            assertTrue(cancelled.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void executeReportsWhetherTheFirstResultIsARowSet() throws SQLException {
        respond(done());
        try (Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("SET x = 1"));
            assertEquals(-1, statement.getUpdateCount());
            assertEquals(ExecuteKind.EXECUTE_KIND_UNSPECIFIED, sidecar.lastRequest(ExecuteRequest.class).getKind());
        }
    }

    @Test
    void largeUpdateCountsAreKeptWhereJdbcAllowsAndClampedWhereItDoesNot() throws SQLException {
        respond(update(5_000_000_000L), done());
        try (Statement statement = connection.createStatement()) {
            assertEquals(5_000_000_000L, statement.executeLargeUpdate("UPDATE big"));
            assertEquals(5_000_000_000L, statement.getLargeUpdateCount());
            assertEquals(Integer.MAX_VALUE, statement.getUpdateCount());
        }
    }

    // ------------------------------------------------------------------ generated keys

    @Test
    void generatedKeysAreRequestedAndReturned() throws SQLException {
        sidecar.execute = (request, responses) -> {
            responses.onNext(ExecuteResponse.newBuilder().setUpdate(UpdateResult.newBuilder()
                    .setUpdateCount(2)
                    .setKeysHeader(ResultHeader.newBuilder().addColumns(column("id", Types.BIGINT, WireType.INT64)))
                    .setKeys(FakeSidecar.rowBatch(2, longs(41, 42)))).build());
            responses.onNext(done());
            responses.onCompleted();
        };
        try (Statement statement = connection.createStatement()) {
            assertEquals(2, statement.executeUpdate("INSERT INTO t(a) VALUES (1), (2)", Statement.RETURN_GENERATED_KEYS));
            assertTrue(sidecar.lastRequest(ExecuteRequest.class).getGeneratedKeys().getRequested());
            ResultSet keys = statement.getGeneratedKeys();
            assertTrue(keys.next());
            assertEquals(41, keys.getLong("ID"));
            assertTrue(keys.next());
            assertEquals(42, keys.getLong(1));
            assertFalse(keys.next());
        }
    }

    @Test
    void generatedKeyColumnsTravelByNameOrIndex() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT", new String[] {"id", "created_at"});
            assertEquals(java.util.List.of("id", "created_at"),
                    sidecar.lastRequest(ExecuteRequest.class).getGeneratedKeys().getColumnNamesList());
            statement.execute("INSERT", new int[] {1, 3});
            assertEquals(java.util.List.of(1, 3), sidecar.lastRequest(ExecuteRequest.class).getGeneratedKeys().getColumnIndexesList());
            assertFalse(statement.getGeneratedKeys().next(), "no keys came back: an empty result set");
            assertThrows(SQLException.class, () -> statement.executeUpdate("INSERT", 42));
        }
        try (PreparedStatement prepared = connection.prepareStatement("INSERT INTO t VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            prepared.setInt(1, 1);
            prepared.executeUpdate();
            assertTrue(sidecar.lastRequest(ExecuteRequest.class).getGeneratedKeys().getRequested());
        }
    }

    // ------------------------------------------------------------------ batches

    @Test
    void statementBatchSendsItsSqlStrings() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO t VALUES (1)");
            statement.addBatch("INSERT INTO t VALUES (2)");
            assertArrayEquals(new int[] {1, 1}, statement.executeBatch());
            ExecuteBatchRequest request = sidecar.lastRequest(ExecuteBatchRequest.class);
            assertEquals(java.util.List.of("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"), request.getSqlsList());
            assertEquals("session-1", request.getSessionId());
            assertArrayEquals(new int[0], statement.executeBatch(), "the batch was cleared");
            assertEquals(1, sidecar.requests(ExecuteBatchRequest.class).size(), "an empty batch makes no call");
        }
    }

    @Test
    void preparedBatchSendsParameterSets() throws SQLException {
        sidecar.executeBatch = request -> ExecuteBatchResponse.newBuilder().addUpdateCounts(1).addUpdateCounts(3_000_000_000L).build();
        try (PreparedStatement statement = connection.prepareStatement("UPDATE t SET a = ? WHERE b = ?")) {
            statement.setInt(1, 1);
            statement.setString(2, "x");
            statement.addBatch();
            statement.setInt(1, 2);
            statement.setString(2, "y");
            statement.addBatch();
            assertArrayEquals(new long[] {1, 3_000_000_000L}, statement.executeLargeBatch());
            ExecuteBatchRequest request = sidecar.lastRequest(ExecuteBatchRequest.class);
            assertEquals("UPDATE t SET a = ? WHERE b = ?", request.getSql());
            assertEquals(2, request.getParameterSetsCount());
            assertEquals("y", request.getParameterSets(1).getValues(1).getStringValue());
            assertThrows(SQLException.class, () -> statement.addBatch("SELECT 1"));
        }
    }

    @Test
    void failedBatchIsABatchUpdateExceptionWithTheSidecarsState() throws SQLException {
        sidecar.executeBatch = request -> {
            throw new FakeSidecar.SidecarFailure(Status.Code.ABORTED, "23505", "duplicate key value violates unique constraint", "");
        };
        try (Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO t VALUES (1)");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, statement::executeBatch);
            assertEquals("23505", e.getSQLState());
            assertEquals(0, e.getUpdateCounts().length);
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, e.getCause());
            assertArrayEquals(new int[0], statement.executeBatch(), "the batch is cleared after a failure too");
        }
    }

    // ------------------------------------------------------------------ errors from the sidecar

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "42501, java.sql.SQLSyntaxErrorException",
        "42601, java.sql.SQLSyntaxErrorException",
        "28000, java.sql.SQLInvalidAuthorizationSpecException",
        "23505, java.sql.SQLIntegrityConstraintViolationException",
        "40001, java.sql.SQLTransactionRollbackException",
        "22012, java.sql.SQLDataException",
        "0A000, java.sql.SQLFeatureNotSupportedException",
        "08006, java.sql.SQLNonTransientConnectionException",
        "HYT00, java.sql.SQLTimeoutException",
        "57014, java.sql.SQLTransientException",
        "P0001, java.sql.SQLException",
    })
    void sidecarErrorsBecomeTheMatchingSqlExceptionSubclass(String state, String type) throws Exception {
        sidecar.execute = (request, responses) -> responses.onError(FakeSidecar.error(Status.Code.FAILED_PRECONDITION,
                ErrorDetail.newBuilder().setSqlState(state).setMessage("message for " + state).setVendorCode(123).build()));
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.execute("SELECT"));
            assertEquals(Class.forName(type), e.getClass());
            assertEquals(state, e.getSQLState());
            assertEquals("message for " + state, e.getMessage());
            assertEquals(123, e.getErrorCode());
        }
    }

    @Test
    void policyDenialNamesItsRule() throws SQLException {
        sidecar.execute = (request, responses) -> responses.onError(FakeSidecar.error(Status.Code.PERMISSION_DENIED,
                ErrorDetail.newBuilder().setSqlState("42501")
                        .setMessage("customers must be read through a WHERE clause").setRule("no-unfiltered-customer-scans").build()));
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLSyntaxErrorException.class, () -> statement.executeQuery("SELECT * FROM customers"));
            assertEquals("customers must be read through a WHERE clause (rule: no-unfiltered-customer-scans)", e.getMessage());
        }
    }

    @Test
    void statusWithoutDetailIsTranslatedByCode() throws SQLException {
        sidecar.execute = (request, responses) -> responses.onError(Status.UNIMPLEMENTED.asRuntimeException());
        try (Statement statement = connection.createStatement()) {
            assertInstanceOf(SQLFeatureNotSupportedException.class, assertThrows(SQLException.class, () -> statement.execute("x")));
        }
        sidecar.execute = (request, responses) -> responses.onError(Status.INTERNAL.withDescription("boom").asRuntimeException());
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.execute("x"));
            assertEquals("XX000", e.getSQLState());
            assertTrue(e.getMessage().contains("boom"));
        }
    }

    @Test
    void dataErrorsAreSqlDataExceptions() throws SQLException {
        sidecar.execute = (request, responses) -> responses.onError(FakeSidecar.error("22003", "numeric field overflow"));
        try (Statement statement = connection.createStatement()) {
            assertInstanceOf(SQLDataException.class, assertThrows(SQLException.class, () -> statement.execute("x")));
        }
    }

    @Test
    void deadlockIsATransactionRollback() throws SQLException {
        sidecar.execute = (request, responses) -> responses.onError(FakeSidecar.error("40P01", "deadlock detected"));
        try (Statement statement = connection.createStatement()) {
            assertInstanceOf(SQLTransactionRollbackException.class, assertThrows(SQLException.class, () -> statement.execute("x")));
        }
    }

    // ------------------------------------------------------------------ timeouts, cancel, lost connections

    @Test
    void cancelFromAnotherThreadSendsCancelAndReleasesTheWaiter() throws Exception {
        CountDownLatch cancelled = hang();
        Statement statement = connection.createStatement();
        CompletableFuture<SQLException> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                statement.executeQuery("SELECT pg_sleep(600)");
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        while (sidecar.requests(ExecuteRequest.class).isEmpty()) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        statement.cancel();
        SQLException e = waiter.get(5, TimeUnit.SECONDS);
        assertInstanceOf(SQLTransientException.class, e);
        assertEquals("57014", e.getSQLState());
        CancelRequest cancel = sidecar.lastRequest(CancelRequest.class);
        assertEquals(sidecar.lastRequest(ExecuteRequest.class).getStatementId(), cancel.getStatementId());
        assertEquals("session-1", cancel.getSessionId());
        assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the call itself is cancelled as well");
        statement.close();
    }

    @Test
    void closingTheConnectionFromAnotherThreadReleasesTheWaiterWith08003() throws Exception {
        CountDownLatch cancelled = hang();
        Statement statement = connection.createStatement();
        CompletableFuture<SQLException> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                statement.executeQuery("SELECT pg_sleep(600)");
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        while (sidecar.requests(ExecuteRequest.class).isEmpty()) {
            Thread.sleep(10);
        }
        connection.close();
        SQLException e = waiter.get(5, TimeUnit.SECONDS);
        assertEquals("08003", e.getSQLState());
        assertTrue(cancelled.await(5, TimeUnit.SECONDS));
    }

    @Test
    void cancelWithNothingRunningDoesNothing() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.cancel();
        }
        assertTrue(sidecar.requests(CancelRequest.class).isEmpty());
    }

    @Test
    void sidecarTimeoutIsASqlTimeoutException() throws SQLException {
        sidecar.execute = (request, responses) -> responses.onError(FakeSidecar.error(Status.Code.DEADLINE_EXCEEDED,
                ErrorDetail.newBuilder().setSqlState("HYT00").setMessage("approval timed out after 5m").build()));
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLTimeoutException.class, () -> statement.execute("DELETE FROM t"));
            assertEquals("HYT00", e.getSQLState());
            assertEquals("approval timed out after 5m", e.getMessage());
        }
    }

    @Test
    void queryTimeoutBecomesADeadlineSoTheDriverNeverHangs() throws Exception {
        CountDownLatch cancelled = hang();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLTimeoutException.class, () -> statement.executeQuery("SELECT pg_sleep(600)"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals("HYT00", e.getSQLState());
            assertTrue(seconds >= 1 && seconds < 1 + GatehouseStatement.DEADLINE_GRACE_MILLIS / 1000 + 3, seconds + " s");
            assertTrue(e.getMessage().contains("query timeout"), e.getMessage());
            assertTrue(cancelled.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void networkTimeoutBoundsTheWaitForTheNextMessage() throws Exception {
        hang();
        connection.setNetworkTimeout(Runnable::run, 300);
        try (Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT"));
            assertInstanceOf(SQLNonTransientConnectionException.class, e);
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("network timeout of 300 ms"), e.getMessage());
        }
    }

    @Test
    void lostConnectionMidCallIs08006() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        sidecar.execute = (request, responses) -> started.countDown();
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                try {
                    statement.executeQuery("SELECT");
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            sidecar.close();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> waiter.get(5, TimeUnit.SECONDS));
            SQLException e = assertInstanceOf(SQLException.class, failure.getCause());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("lost the connection to the Gatehouse sidecar at 127.0.0.1:"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ statement life cycle

    @Test
    void closedStatementRefusesWork() throws SQLException {
        Statement statement = connection.createStatement();
        statement.close();
        statement.close();
        assertTrue(statement.isClosed());
        SQLException e = assertThrows(SQLException.class, () -> statement.execute("SELECT 1"));
        assertNotEquals("08003", e.getSQLState());
    }

    @Test
    void preparedStatementRefusesSqlStrings() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            assertThrows(SQLException.class, () -> statement.execute("SELECT 2"));
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 2"));
            assertThrows(SQLException.class, () -> statement.executeUpdate("SELECT 2"));
            assertThrows(SQLFeatureNotSupportedException.class, statement::getParameterMetaData);
        }
    }

    @Test
    void settingsAreValidated() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class, () -> statement.setQueryTimeout(-1));
            assertThrows(SQLException.class, () -> statement.setFetchSize(-1));
            assertThrows(SQLException.class, () -> statement.setMaxRows(-1));
            assertThrows(SQLFeatureNotSupportedException.class, () -> statement.setFetchDirection(ResultSet.FETCH_REVERSE));
            assertThrows(SQLFeatureNotSupportedException.class, () -> statement.setCursorName("c"));
            assertThrows(SQLFeatureNotSupportedException.class, () -> statement.getMoreResults(Statement.KEEP_CURRENT_RESULT));
            statement.setMaxFieldSize(10);
            assertEquals(10, statement.getMaxFieldSize());
            assertEquals(ResultSet.TYPE_FORWARD_ONLY, statement.getResultSetType());
            assertEquals(connection, statement.getConnection());
        }
    }

    @Test
    void reExecutingCancelsTheUnfinishedPreviousStream() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        sidecar.execute = (request, responses) -> {
            if (request.getSql().equals("first")) {
                ((ServerCallStreamObserver<ExecuteResponse>) responses).setOnCancelHandler(cancelled::countDown);
                responses.onNext(header(column("id", Types.BIGINT, WireType.INT64)));
                responses.onNext(batch(1, longs(1)));
            } else {
                responses.onNext(done());
                responses.onCompleted();
            }
        };
        try (Statement statement = connection.createStatement()) {
            ResultSet first = statement.executeQuery("first");
            assertTrue(first.next());
            statement.execute("second");
            assertTrue(first.isClosed());
            assertTrue(cancelled.await(5, TimeUnit.SECONDS));
        }
    }
}
