package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.proto.v1.Value;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseMetaDataTest {
    private FakeSidecar sidecar;
    private Connection connection;
    private DatabaseMetaData metaData;

    @BeforeEach
    void start() throws Exception {
        sidecar = FakeSidecar.start();
        sidecar.databaseProperties.put("getDatabaseProductName", "PostgreSQL");
        sidecar.databaseProperties.put("getDatabaseProductVersion", "16.4");
        sidecar.databaseProperties.put("getDatabaseMajorVersion", "16");
        sidecar.databaseProperties.put("getIdentifierQuoteString", "\"");
        sidecar.databaseProperties.put("supportsBatchUpdates", "true");
        sidecar.databaseProperties.put("supportsSavepoints", "FALSE");
        sidecar.databaseProperties.put("supportsTransactionIsolationLevel(8)", "true");
        sidecar.databaseProperties.put("supportsTransactionIsolationLevel(1)", "false");
        sidecar.databaseProperties.put("supportsConvert(4,12)", "true");
        sidecar.databaseProperties.put("othersUpdatesAreVisible(1003)", "false");
        sidecar.databaseProperties.put("getMaxLogicalLobSize", "1073741824");
        sidecar.databaseProperties.put("getRowIdLifetime", "ROWID_UNSUPPORTED");
        sidecar.databaseProperties.put("getDefaultTransactionIsolation", "two");
        connection = DriverManager.getConnection(sidecar.url("&fetch_size=10"));
        metaData = connection.getMetaData();
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        sidecar.close();
    }

    @Test
    void scalarAnswersComeFromTheSessionPropertiesWithoutARoundTrip() throws SQLException {
        int before = sidecar.requests.size();
        assertEquals("PostgreSQL", metaData.getDatabaseProductName());
        assertEquals("16.4", metaData.getDatabaseProductVersion());
        assertEquals(16, metaData.getDatabaseMajorVersion());
        assertEquals("\"", metaData.getIdentifierQuoteString());
        assertTrue(metaData.supportsBatchUpdates());
        assertFalse(metaData.supportsSavepoints());
        assertTrue(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
        assertFalse(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_UNCOMMITTED));
        assertTrue(metaData.supportsConvert(Types.INTEGER, Types.VARCHAR));
        assertFalse(metaData.othersUpdatesAreVisible(ResultSet.TYPE_FORWARD_ONLY));
        assertEquals(1_073_741_824L, metaData.getMaxLogicalLobSize());
        assertEquals(RowIdLifetime.ROWID_UNSUPPORTED, metaData.getRowIdLifetime());
        assertEquals(before, sidecar.requests.size());
    }

    @Test
    void missingAnswerIsFeatureNotSupportedNamingTheMethod() {
        SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class, metaData::supportsGroupBy);
        assertTrue(e.getMessage().contains("supportsGroupBy"), e.getMessage());
        SQLFeatureNotSupportedException withArguments = assertThrows(SQLFeatureNotSupportedException.class,
                () -> metaData.supportsConvert(Types.DATE, Types.BIT));
        assertTrue(withArguments.getMessage().contains("supportsConvert(91,-7)"), withArguments.getMessage());
    }

    @Test
    void malformedAnswerIsAProtocolError() {
        SQLException e = assertThrows(SQLException.class, metaData::getDefaultTransactionIsolation);
        assertEquals("08P01", e.getSQLState());
    }

    @Test
    void driverFactsAreTheDriversOwn() throws SQLException {
        assertEquals("Gatehouse JDBC driver", metaData.getDriverName());
        assertEquals(DriverVersion.TEXT, metaData.getDriverVersion());
        assertEquals(DriverVersion.MAJOR, metaData.getDriverMajorVersion());
        assertEquals(4, metaData.getJDBCMajorVersion());
        assertEquals(2, metaData.getJDBCMinorVersion());
        assertTrue(metaData.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
        assertFalse(metaData.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
        assertFalse(metaData.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
        assertTrue(metaData.supportsResultSetHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT));
        assertFalse(metaData.supportsMultipleOpenResults());
        assertFalse(metaData.supportsNamedParameters());
        assertSame(connection, metaData.getConnection());
        assertEquals("alice", metaData.getUserName());
        assertFalse(metaData.isReadOnly());
    }

    @Test
    void urlIsReportedWithoutTheToken() throws SQLException {
        String url = metaData.getURL();
        assertFalse(url.contains(FakeSidecar.TOKEN), url);
        assertEquals("jdbc:gatehouse://127.0.0.1:" + sidecar.port() + "/demo?fetch_size=10", url);
    }

    @Test
    void resultSetMethodsCallGetMetadataWithTheirArguments() throws SQLException {
        try (ResultSet tables = metaData.getTables(null, "public", "ord%", new String[] {"TABLE", "VIEW"})) {
            assertTrue(tables.next());
        }
        GetMetadataRequest request = sidecar.lastRequest(GetMetadataRequest.class);
        assertEquals("session-1", request.getSessionId());
        assertEquals("getTables", request.getMethod());
        assertEquals(4, request.getArgumentsCount());
        Value catalog = request.getArguments(0);
        assertTrue(catalog.hasNullValue());
        assertEquals(Types.VARCHAR, catalog.getNullValue().getSqlType());
        assertEquals("public", request.getArguments(1).getStringValue());
        assertEquals("ord%", request.getArguments(2).getStringValue());
        assertEquals("VIEW", request.getArguments(3).getArrayValue().getElements(1).getStringValue());

        metaData.getIndexInfo("c", "s", "t", true, false).close();
        GetMetadataRequest index = sidecar.lastRequest(GetMetadataRequest.class);
        assertEquals("getIndexInfo", index.getMethod());
        assertTrue(index.getArguments(3).getBoolValue());
        assertFalse(index.getArguments(4).getBoolValue());

        metaData.getUDTs(null, null, "%", new int[] {Types.STRUCT}).close();
        GetMetadataRequest udts = sidecar.lastRequest(GetMetadataRequest.class);
        assertEquals(Types.STRUCT, udts.getArguments(3).getArrayValue().getElements(0).getLongValue());

        metaData.getBestRowIdentifier(null, "s", "t", DatabaseMetaData.bestRowSession, true).close();
        assertEquals(DatabaseMetaData.bestRowSession, sidecar.lastRequest(GetMetadataRequest.class).getArguments(3).getLongValue());

        metaData.getTables(null, null, null, null).close();
        assertTrue(sidecar.lastRequest(GetMetadataRequest.class).getArguments(3).hasNullValue());
    }

    @Test
    void everyResultSetMethodIsForwarded() throws SQLException {
        metaData.getSchemas().close();
        metaData.getSchemas("c", "s%").close();
        metaData.getCatalogs().close();
        metaData.getTableTypes().close();
        metaData.getTypeInfo().close();
        metaData.getColumns(null, null, "t", "%").close();
        metaData.getPrimaryKeys(null, null, "t").close();
        metaData.getImportedKeys(null, null, "t").close();
        metaData.getExportedKeys(null, null, "t").close();
        metaData.getCrossReference(null, null, "a", null, null, "b").close();
        metaData.getProcedures(null, null, "%").close();
        metaData.getProcedureColumns(null, null, "%", "%").close();
        metaData.getFunctions(null, null, "%").close();
        metaData.getFunctionColumns(null, null, "%", "%").close();
        metaData.getColumnPrivileges(null, null, "t", "%").close();
        metaData.getTablePrivileges(null, null, "%").close();
        metaData.getVersionColumns(null, null, "t").close();
        metaData.getSuperTypes(null, null, "%").close();
        metaData.getSuperTables(null, null, "%").close();
        metaData.getAttributes(null, null, "%", "%").close();
        metaData.getClientInfoProperties().close();
        metaData.getPseudoColumns(null, null, "%", "%").close();
        assertEquals(java.util.List.of("getSchemas", "getSchemas", "getCatalogs", "getTableTypes", "getTypeInfo",
                "getColumns", "getPrimaryKeys", "getImportedKeys", "getExportedKeys", "getCrossReference",
                "getProcedures", "getProcedureColumns", "getFunctions", "getFunctionColumns", "getColumnPrivileges",
                "getTablePrivileges", "getVersionColumns", "getSuperTypes", "getSuperTables", "getAttributes",
                "getClientInfoProperties", "getPseudoColumns"),
                sidecar.requests(GetMetadataRequest.class).stream().map(GetMetadataRequest::getMethod).toList());
        assertEquals(4, sidecar.lastRequest(GetMetadataRequest.class).getArgumentsCount());
    }

    @Test
    void metadataFailureIsTheSidecarsError() {
        sidecar.getMetadata = (request, responses) -> responses.onError(FakeSidecar.error(Status.Code.PERMISSION_DENIED,
                dev.gatehouse.proto.v1.ErrorDetail.newBuilder().setSqlState("42501").setMessage("no catalog access").build()));
        SQLException e = assertThrows(SQLException.class, () -> metaData.getTables(null, null, "%", null));
        assertEquals("42501", e.getSQLState());
    }

    @Test
    void openSessionAskedForTheDatasourceOnce() {
        assertEquals(1, sidecar.requests(OpenSessionRequest.class).size());
    }
}
