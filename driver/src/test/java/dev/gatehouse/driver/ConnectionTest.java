package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.CloseSessionRequest;
import dev.gatehouse.proto.v1.EndTransactionRequest;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.proto.v1.PingRequest;
import dev.gatehouse.proto.v1.SetSessionStateRequest;
import io.grpc.Status;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    private FakeSidecar sidecar;

    @TempDir
    Path directory;

    @BeforeEach
    void start() throws Exception {
        sidecar = FakeSidecar.start();
    }

    @AfterEach
    void stop() throws Exception {
        sidecar.close();
    }

    private Connection connect(String extraQuery) throws SQLException {
        return DriverManager.getConnection(sidecar.url(extraQuery));
    }

    @Test
    void opensASessionDescribingTheClient() throws SQLException {
        try (Connection connection = connect("&read_only=true&application_name=nightly%20report")) {
            OpenSessionRequest request = sidecar.lastRequest(OpenSessionRequest.class);
            assertEquals("demo", request.getDatasource());
            assertEquals(2, request.getProtocolVersion());
            assertEquals("Gatehouse JDBC driver", request.getClientName());
            assertEquals(DriverVersion.TEXT, request.getClientVersion());
            assertTrue(request.hasReadOnly());
            assertTrue(request.getReadOnly());
            assertEquals("nightly report", request.getClientInfoMap().get("ApplicationName"));
            assertEquals("nightly report", connection.getClientInfo("ApplicationName"));
        }
    }

    @Test
    void everyCallCarriesTheBearerToken() throws SQLException {
        try (Connection connection = connect("")) {
            connection.setAutoCommit(false);
            connection.commit();
            connection.isValid(1);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        }
        assertTrue(sidecar.authorizations.size() >= 6, sidecar.authorizations.toString());
        for (String authorization : sidecar.authorizations) {
            assertEquals("Bearer " + FakeSidecar.TOKEN, authorization);
        }
    }

    @Test
    void rotatedTokenFileIsUsedByTheNextCallWithoutReconnecting() throws Exception {
        Path file = directory.resolve("token");
        Files.writeString(file, "old.token.value\n");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:gatehouse://127.0.0.1:" + sidecar.port() + "/demo?token_file=" + file)) {
            connection.isValid(1);
            Files.writeString(file, "new.token.value\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
            connection.isValid(1);
        }
        assertEquals("Bearer old.token.value", sidecar.authorizations.get(0));
        assertEquals("Bearer new.token.value", sidecar.authorizations.get(sidecar.authorizations.size() - 1));
    }

    @Test
    void sessionStateComesFromTheSidecarAndGettersMakeNoRoundTrip() throws SQLException {
        try (Connection connection = connect("")) {
            int before = sidecar.requests.size();
            assertTrue(connection.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
            assertEquals("public", connection.getSchema());
            assertNull(connection.getCatalog());
            assertFalse(connection.isReadOnly());
            assertEquals(before, sidecar.requests.size());
        }
    }

    @Test
    void stateChangesGoThroughSetSessionStateOnlyWhenTheyChangeSomething() throws SQLException {
        try (Connection connection = connect("")) {
            connection.setAutoCommit(true);
            assertEquals(0, sidecar.requests(SetSessionStateRequest.class).size(), "unchanged: no call");
            connection.setAutoCommit(false);
            SetSessionStateRequest request = sidecar.lastRequest(SetSessionStateRequest.class);
            assertEquals("session-1", request.getSessionId());
            assertTrue(request.hasAutoCommit());
            assertFalse(request.getAutoCommit());
            assertFalse(request.hasReadOnly());
            assertFalse(connection.getAutoCommit());
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, sidecar.lastRequest(SetSessionStateRequest.class).getTransactionIsolation());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, connection.getTransactionIsolation());
            connection.setReadOnly(true);
            assertTrue(connection.isReadOnly());
            connection.setSchema("sales");
            assertEquals("sales", connection.getSchema());
            connection.setCatalog("main");
            assertEquals("main", connection.getCatalog());
            assertEquals(5, sidecar.requests(SetSessionStateRequest.class).size());
        }
    }

    @Test
    void isolationNoneIsRefused() throws SQLException {
        try (Connection connection = connect("")) {
            assertThrows(SQLException.class, () -> connection.setTransactionIsolation(Connection.TRANSACTION_NONE));
        }
    }

    @Test
    void commitRollbackAndSavepointsUseEndTransaction() throws SQLException {
        try (Connection connection = connect("")) {
            connection.setAutoCommit(false);
            connection.commit();
            assertEquals(EndTransactionRequest.Action.COMMIT, sidecar.lastRequest(EndTransactionRequest.class).getAction());
            Savepoint unnamed = connection.setSavepoint();
            EndTransactionRequest set = sidecar.lastRequest(EndTransactionRequest.class);
            assertEquals(EndTransactionRequest.Action.SET_SAVEPOINT, set.getAction());
            assertEquals(unnamed.getSavepointId(), set.getSavepointId());
            assertThrows(SQLException.class, unnamed::getSavepointName);
            Savepoint named = connection.setSavepoint("before_delete");
            assertEquals("before_delete", sidecar.lastRequest(EndTransactionRequest.class).getSavepointName());
            assertThrows(SQLException.class, named::getSavepointId);
            connection.rollback(named);
            EndTransactionRequest rollback = sidecar.lastRequest(EndTransactionRequest.class);
            assertEquals(EndTransactionRequest.Action.ROLLBACK_TO_SAVEPOINT, rollback.getAction());
            assertEquals("before_delete", rollback.getSavepointName());
            connection.releaseSavepoint(unnamed);
            assertEquals(EndTransactionRequest.Action.RELEASE_SAVEPOINT, sidecar.lastRequest(EndTransactionRequest.class).getAction());
            connection.rollback();
            assertEquals(EndTransactionRequest.Action.ROLLBACK, sidecar.lastRequest(EndTransactionRequest.class).getAction());
        }
    }

    @Test
    void commitInAutoCommitModeIsAnError() throws SQLException {
        try (Connection connection = connect("")) {
            SQLException e = assertThrows(SQLException.class, connection::commit);
            assertEquals("25000", e.getSQLState());
            assertThrows(SQLException.class, connection::rollback);
            assertThrows(SQLException.class, connection::setSavepoint);
            assertEquals(0, sidecar.requests(EndTransactionRequest.class).size());
        }
    }

    @Test
    void savepointOfAnotherConnectionIsRefused() throws SQLException {
        try (Connection first = connect(""); Connection second = connect("")) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            Savepoint savepoint = first.setSavepoint();
            assertThrows(SQLException.class, () -> second.rollback(savepoint));
        }
    }

    @Test
    void isValidPingsAndIsFalseOnFailure() throws Exception {
        Connection connection = connect("");
        assertTrue(connection.isValid(2));
        PingRequest ping = sidecar.lastRequest(PingRequest.class);
        assertEquals(2000, ping.getTimeoutMs());
        assertEquals("session-1", ping.getSessionId());
        sidecar.pingValid = false;
        assertFalse(connection.isValid(2));
        assertThrows(SQLException.class, () -> connection.isValid(-1));
        sidecar.close();
        assertFalse(connection.isValid(1), "an unreachable sidecar is not valid, and not an exception");
        connection.close();
        assertFalse(connection.isValid(1));
    }

    @Test
    void closeEndsTheSessionOnceAndClosesStatements() throws SQLException {
        Connection connection = connect("");
        Statement statement = connection.createStatement();
        connection.close();
        connection.close();
        assertEquals(1, sidecar.requests(CloseSessionRequest.class).size());
        assertEquals("session-1", sidecar.lastRequest(CloseSessionRequest.class).getSessionId());
        assertTrue(connection.isClosed());
        assertTrue(statement.isClosed());
        SQLException e = assertThrows(SQLException.class, connection::createStatement);
        assertEquals("08003", e.getSQLState());
    }

    @Test
    void closeOfAConnectionWhoseSidecarIsGoneDoesNotThrow() throws Exception {
        Connection connection = connect("");
        sidecar.close();
        connection.close();
        assertTrue(connection.isClosed());
    }

    @Test
    void abortClosesAtOnceAndEndsTheSessionOnTheExecutor() throws Exception {
        Connection connection = connect("");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            connection.abort(executor);
            assertTrue(connection.isClosed());
            executor.shutdown();
            assertTrue(executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, sidecar.requests(CloseSessionRequest.class).size());
        } finally {
            executor.shutdownNow();
        }
        assertThrows(SQLException.class, () -> connect("").abort(null));
    }

    @Test
    void channelIsSharedAndReleasedWithTheLastConnection() throws SQLException {
        int before = SidecarChannels.SHARED.openChannels();
        Connection first = connect("");
        Connection second = connect("");
        assertEquals(before + 1, SidecarChannels.SHARED.openChannels());
        first.close();
        assertEquals(before + 1, SidecarChannels.SHARED.openChannels());
        second.close();
        assertEquals(before, SidecarChannels.SHARED.openChannels());
    }

    @Test
    void clientInfoIsSentAndKept() throws SQLException {
        try (Connection connection = connect("")) {
            connection.setClientInfo("ClientUser", "bob");
            assertEquals("bob", sidecar.lastRequest(SetSessionStateRequest.class).getClientInfoMap().get("ClientUser"));
            assertEquals("bob", connection.getClientInfo("ClientUser"));
            Properties replacement = new Properties();
            replacement.setProperty("ApplicationName", "app");
            connection.setClientInfo(replacement);
            SetSessionStateRequest request = sidecar.lastRequest(SetSessionStateRequest.class);
            assertEquals("", request.getClientInfoMap().get("ClientUser"), "names left out are cleared");
            assertEquals("app", request.getClientInfoMap().get("ApplicationName"));
            assertNull(connection.getClientInfo("ClientUser"));
            assertEquals("app", connection.getClientInfo().getProperty("ApplicationName"));
        }
    }

    @Test
    void clientInfoFailureIsASqlClientInfoException() throws SQLException {
        Connection connection = connect("");
        connection.close();
        assertThrows(SQLClientInfoException.class, () -> connection.setClientInfo("ClientUser", "bob"));
    }

    @Test
    void unsupportedKindsOfStatementsAndResultsAreRefusedNotDowngraded() throws SQLException {
        try (Connection connection = connect("")) {
            assertThrows(SQLFeatureNotSupportedException.class, () -> connection.prepareCall("{call p()}"));
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY));
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> connection.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> connection.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT));
            assertThrows(SQLFeatureNotSupportedException.class, connection::createBlob);
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, connection.getHoldability());
            assertEquals("SELECT {fn now()}", connection.nativeSQL("SELECT {fn now()}"));
            assertTrue(connection.getTypeMap().isEmpty());
            assertTrue(connection.isWrapperFor(Connection.class));
            assertThrows(SQLException.class, () -> connection.unwrap(String.class));
        }
    }

    @Test
    void networkTimeoutIsKeptAndValidated() throws SQLException {
        try (Connection connection = connect("&network_timeout=3s")) {
            assertEquals(3000, connection.getNetworkTimeout());
            connection.setNetworkTimeout(Runnable::run, 1500);
            assertEquals(1500, connection.getNetworkTimeout());
            assertThrows(SQLException.class, () -> connection.setNetworkTimeout(Runnable::run, -1));
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void unreachableSidecarIs08001NamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:gatehouse://127.0.0.1:" + port + "/demo?token=" + FakeSidecar.TOKEN;
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertInstanceOf(SQLNonTransientConnectionException.class, e);
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("cannot reach the Gatehouse sidecar at 127.0.0.1:" + port), e.getMessage());
        assertFalse(e.getMessage().contains(FakeSidecar.TOKEN));
    }

    @Test
    void restartedSidecarIsFoundByTheNextConnectWithoutWaitingOutTheBackoff() throws Exception {
        int port = sidecar.port();
        Connection survivor = connect(""); // keeps the shared channel alive across the restart
        sidecar.close();
        String url = "jdbc:gatehouse://127.0.0.1:" + port + "/demo?token=" + FakeSidecar.TOKEN;
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals("08001", assertThrows(SQLException.class, () -> DriverManager.getConnection(url)).getSQLState());
        }
        sidecar = FakeSidecar.start(io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                new java.net.InetSocketAddress("127.0.0.1", port)), null);
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url)) {
            assertTrue(connection.isValid(1));
        }
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
        survivor.close();
    }

    @Test
    void refusedTokenIs28000WithTheSidecarsMessage() {
        sidecar.openSession = request -> {
            throw new FakeSidecar.SidecarFailure(Status.Code.UNAUTHENTICATED, "28000", "the token expired 2 minutes ago", "");
        };
        SQLException e = assertThrows(SQLException.class, () -> connect(""));
        assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
        assertEquals("28000", e.getSQLState());
        assertEquals("the token expired 2 minutes ago", e.getMessage());
    }

    @Test
    void unknownDatasourceIsSurfacedAsTheSidecarSaysIt() {
        sidecar.openSession = request -> {
            throw new FakeSidecar.SidecarFailure(Status.Code.NOT_FOUND, "08004", "unknown datasource 'demo'; known: orders", "");
        };
        SQLException e = assertThrows(SQLException.class, () -> connect(""));
        assertEquals("08004", e.getSQLState());
        assertTrue(e.getMessage().contains("unknown datasource 'demo'"));
    }

    @Test
    void noOpenChannelIsLeftBehindByAFailedConnect() {
        int before = SidecarChannels.SHARED.openChannels();
        sidecar.openSession = request -> {
            throw new FakeSidecar.SidecarFailure(Status.Code.UNAUTHENTICATED, "28000", "no", "");
        };
        assertThrows(SQLException.class, () -> connect(""));
        assertEquals(before, SidecarChannels.SHARED.openChannels());
    }

    @Test
    void missingSessionStateMeansAutoCommitLikeJdbcDefaults() throws SQLException {
        sidecar.openSession = request -> dev.gatehouse.proto.v1.OpenSessionResponse.newBuilder()
                .setSessionId("s").setPrincipal("p").build();
        try (Connection connection = connect("")) {
            assertTrue(connection.getAutoCommit());
        }
    }
}
