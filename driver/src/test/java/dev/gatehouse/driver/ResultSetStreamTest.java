package dev.gatehouse.driver;

import static dev.gatehouse.driver.FakeSidecar.batch;
import static dev.gatehouse.driver.FakeSidecar.bundle;
import static dev.gatehouse.driver.FakeSidecar.column;
import static dev.gatehouse.driver.FakeSidecar.done;
import static dev.gatehouse.driver.FakeSidecar.header;
import static dev.gatehouse.driver.FakeSidecar.longs;
import static dev.gatehouse.driver.FakeSidecar.strings;
import static dev.gatehouse.driver.FakeSidecar.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ErrorDetail;
import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.WireType;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Result sets over real gRPC streams: batches, several results, flow control, early close. */
class ResultSetStreamTest {
    private static final ColumnMeta ID = column("id", Types.BIGINT, WireType.INT64);
    private static final ColumnMeta NAME = column("name", Types.VARCHAR, WireType.STRING);

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

    @Test
    void rowsOfSeveralBatchesArriveInOrder() throws SQLException {
        respond(header(ID, NAME),
                batch(2, longs(1, 2), strings("a", "b")),
                batch(0, longs(), strings()),
                batch(3, longs(3, 4, 5), strings("c", "d", "e")),
                done());
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, name FROM t")) {
            assertTrue(rs.isBeforeFirst());
            StringBuilder seen = new StringBuilder();
            while (rs.next()) {
                if (rs.getRow() == 1) {
                    assertTrue(rs.isFirst());
                }
                seen.append(rs.getLong(1)).append(rs.getString("NAME")).append(rs.isLast() ? "!" : ",");
            }
            assertEquals("1a,2b,3c,4d,5e!", seen.toString());
            assertTrue(rs.isAfterLast());
            assertFalse(rs.next());
            assertEquals(0, rs.getRow());
        }
    }

    @Test
    void emptyResultIsNeitherBeforeFirstNorAfterLast() throws SQLException {
        respond(header(ID), done());
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
            assertFalse(rs.isBeforeFirst());
            assertFalse(rs.next());
            assertFalse(rs.isAfterLast());
        }
    }

    @Test
    void severalResultsInOrder() throws SQLException {
        respond(update(3),
                header(ID), batch(2, longs(10, 11)),
                header(NAME), batch(1, strings("unread")),
                update(1),
                done());
        try (Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("UPDATE a; SELECT id; SELECT name; DELETE b"));
            assertEquals(3, statement.getUpdateCount());
            assertNull(statement.getResultSet());
            assertTrue(statement.getMoreResults());
            assertEquals(-1, statement.getUpdateCount());
            ResultSet first = statement.getResultSet();
            assertTrue(first.next());
            assertEquals(10, first.getLong(1));
            assertTrue(statement.getMoreResults(), "the rest of the first result is skipped");
            assertTrue(first.isClosed());
            ResultSet second = statement.getResultSet();
            assertEquals("name", second.getMetaData().getColumnLabel(1));
            assertFalse(statement.getMoreResults(), "a result set left unread is skipped too");
            assertEquals(1, statement.getUpdateCount());
            assertFalse(statement.getMoreResults());
            assertEquals(-1, statement.getUpdateCount());
        }
    }

    @Test
    void warningsOfTheDoneMessageReachTheStatement() throws SQLException {
        sidecar.execute = (request, responses) -> {
            responses.onNext(header(ID));
            responses.onNext(batch(1, longs(1)));
            responses.onNext(ExecuteResponse.newBuilder().setDone(
                    ExecuteDone.newBuilder().addWarnings("column card_number was masked").setTruncated(true)).build());
            responses.onCompleted();
        };
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            while (rs.next()) {
                rs.getLong(1);
            }
            SQLWarning warning = statement.getWarnings();
            assertEquals("column card_number was masked", warning.getMessage());
            assertTrue(warning.getNextWarning().getMessage().contains("row limit"));
            statement.clearWarnings();
            assertNull(statement.getWarnings());
        }
    }

    @Test
    void failureAfterSomeRowsSurfacesFromNext() throws SQLException {
        sidecar.execute = (request, responses) -> {
            responses.onNext(header(ID));
            responses.onNext(batch(1, longs(1)));
            responses.onError(FakeSidecar.error(Status.Code.PERMISSION_DENIED, ErrorDetail.newBuilder()
                    .setSqlState("42501").setMessage("reading more than 1000 rows needs approval")
                    .setRule("big-reads").build()));
        };
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            assertTrue(rs.next());
            SQLException e = assertThrows(SQLException.class, rs::next);
            assertInstanceOf(SQLSyntaxErrorException.class, e);
            assertEquals("42501", e.getSQLState());
            assertEquals("reading more than 1000 rows needs approval (rule: big-reads)", e.getMessage());
        }
    }

    /**
     * A producer that sends batches only while the transport can take them (as the real sidecar
     * does), and records how far it got and whether it was cancelled.
     */
    private static final class FlowControlledProducer {
        final AtomicInteger sent = new AtomicInteger();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final int batches;
        final String payload;

        FlowControlledProducer(int batches, int bytesPerBatch) {
            this.batches = batches;
            char[] chars = new char[bytesPerBatch];
            Arrays.fill(chars, 'x');
            this.payload = new String(chars);
        }

        void produce(ExecuteRequest request, StreamObserver<ExecuteResponse> responses) {
            ServerCallStreamObserver<ExecuteResponse> call = (ServerCallStreamObserver<ExecuteResponse>) responses;
            call.setOnCancelHandler(cancelled::countDown);
            call.onNext(header(NAME));
            call.setOnReadyHandler(() -> {
                while (call.isReady() && sent.get() < batches) {
                    call.onNext(batch(1, strings(payload)));
                    sent.incrementAndGet();
                }
                if (sent.get() == batches && !call.isCancelled()) {
                    sent.incrementAndGet();
                    call.onNext(done());
                    call.onCompleted();
                }
            });
        }
    }

    @Test
    void slowReaderHoldsTheSidecarBackAndCloseCancelsTheQuery() throws Exception {
        FlowControlledProducer producer = new FlowControlledProducer(2000, 64 * 1024); // 128 MB if unbounded
        sidecar.execute = producer::produce;
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT name FROM huge");
        assertTrue(rs.next());
        Thread.sleep(500);
        int sentWhileIdle = producer.sent.get();
        assertTrue(sentWhileIdle < 200, "flow control bounds what is in flight: " + sentWhileIdle + " batches sent");
        for (int i = 0; i < 50; i++) {
            assertTrue(rs.next());
        }
        rs.close();
        assertTrue(producer.cancelled.await(5, TimeUnit.SECONDS), "closing early cancels the call");
        assertTrue(producer.sent.get() < 2000);
        assertFalse(statement.getMoreResults(), "the call ended with the early close");
        assertEquals(-1, statement.getUpdateCount());
        statement.close();
    }

    @Test
    void readingToTheEndCompletesTheCallWithoutCancelling() throws Exception {
        FlowControlledProducer producer = new FlowControlledProducer(300, 1024);
        sidecar.execute = producer::produce;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertEquals(300, rows);
        }
        assertFalse(producer.cancelled.await(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void closingTheStatementCancelsAnOpenStream() throws Exception {
        FlowControlledProducer producer = new FlowControlledProducer(2000, 64 * 1024);
        sidecar.execute = producer::produce;
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT");
        assertTrue(rs.next());
        statement.close();
        assertTrue(rs.isClosed());
        assertTrue(producer.cancelled.await(5, TimeUnit.SECONDS));
    }

    @Test
    void closingTheConnectionCancelsOpenStreams() throws Exception {
        FlowControlledProducer producer = new FlowControlledProducer(2000, 64 * 1024);
        sidecar.execute = producer::produce;
        ResultSet rs = connection.createStatement().executeQuery("SELECT");
        assertTrue(rs.next());
        connection.close();
        assertTrue(producer.cancelled.await(5, TimeUnit.SECONDS));
        assertTrue(rs.isClosed(), "closing a connection closes its statements and their results");
    }

    @Test
    void maxRowsIsSentAndEnforcedEvenIfTheSidecarSendsMore() throws Exception {
        FlowControlledProducer producer = new FlowControlledProducer(1000, 16);
        sidecar.execute = producer::produce;
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(3);
            ResultSet rs = statement.executeQuery("SELECT");
            assertEquals(3, sidecar.lastRequest(ExecuteRequest.class).getMaxRows());
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertEquals(3, rows);
            assertTrue(producer.cancelled.await(5, TimeUnit.SECONDS), "the excess is not read: the call is cancelled");
        }
    }

    // ------------------------------------------------------------------ columns and cursor state

    @Test
    void labelsAreFoundCaseInsensitivelyFirstMatchFirst() throws SQLException {
        ColumnMeta aliased = column("amount", Types.BIGINT, WireType.INT64).toBuilder().setLabel("Total").build();
        ColumnMeta duplicate = column("total", Types.BIGINT, WireType.INT64);
        respond(header(aliased, duplicate), batch(1, longs(1), longs(2)), done());
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            assertTrue(rs.next());
            assertEquals(1, rs.findColumn("TOTAL"));
            assertEquals(1, rs.getLong("total"));
            assertEquals(1, rs.getLong("amount"), "the underlying name works when no label matches");
            SQLException e = assertThrows(SQLException.class, () -> rs.getLong("missing"));
            assertEquals("42703", e.getSQLState());
            assertTrue(e.getMessage().contains("Total, total"), e.getMessage());
            ResultSetMetaData meta = rs.getMetaData();
            assertEquals(2, meta.getColumnCount());
            assertEquals("Total", meta.getColumnLabel(1));
            assertEquals("amount", meta.getColumnName(1));
            assertEquals(Types.BIGINT, meta.getColumnType(1));
            assertEquals("java.lang.Long", meta.getColumnClassName(1));
            assertEquals(ResultSetMetaData.columnNullable, meta.isNullable(1));
            assertThrows(SQLException.class, () -> meta.getColumnName(3));
        }
    }

    @Test
    void cursorStateErrors() throws SQLException {
        respond(header(ID), batch(1, longs(1)), done());
        try (Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("SELECT");
            assertEquals("24000", assertThrows(SQLException.class, () -> rs.getLong(1)).getSQLState());
            assertTrue(rs.next());
            assertEquals("07009", assertThrows(SQLException.class, () -> rs.getLong(2)).getSQLState());
            assertEquals("07009", assertThrows(SQLException.class, () -> rs.getLong(0)).getSQLState());
            assertFalse(rs.next());
            assertEquals("24000", assertThrows(SQLException.class, () -> rs.getLong(1)).getSQLState());
            rs.close();
            assertThrows(SQLException.class, rs::next);
            assertThrows(SQLException.class, rs::getMetaData);
        }
    }

    @Test
    void resultSetIsForwardOnlyAndReadOnly() throws SQLException {
        respond(header(ID), batch(1, longs(1)), done());
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
            assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
            assertSame(statement, rs.getStatement());
            assertThrows(SQLFeatureNotSupportedException.class, rs::previous);
            assertThrows(SQLFeatureNotSupportedException.class, () -> rs.absolute(1));
            assertThrows(SQLFeatureNotSupportedException.class, rs::beforeFirst);
            assertThrows(SQLFeatureNotSupportedException.class, () -> rs.setFetchDirection(ResultSet.FETCH_REVERSE));
            assertTrue(rs.next());
            assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateLong(1, 2));
            assertThrows(SQLFeatureNotSupportedException.class, rs::insertRow);
            assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getArray(1));
            assertFalse(rs.rowUpdated());
        }
    }

    @Test
    void streamsLobsAndConversionsByIndexAndLabel() throws Exception {
        ColumnMeta bytes = column("payload", Types.VARBINARY, WireType.BYTES);
        ColumnMeta day = column("day", Types.DATE, WireType.DATE);
        respond(header(NAME, bytes, day, ID),
                batch(1, strings("héllo"), FakeSidecar.blobs(new byte[] {1, 2, 3}),
                        longs(java.time.LocalDate.of(2024, 2, 29).toEpochDay()), longs(7)),
                done());
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT")) {
            assertTrue(rs.next());
            java.io.StringWriter text = new java.io.StringWriter();
            rs.getCharacterStream("name").transferTo(text);
            assertEquals("héllo", text.toString());
            assertEquals("h?llo", new String(rs.getAsciiStream(1).readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("héllo", rs.getClob("NAME").getSubString(1, 5));
            assertEquals("héllo", rs.getNString(1));
            assertEquals(3, rs.getBinaryStream("payload").readAllBytes().length);
            assertEquals(3, rs.getBlob(2).length());
            assertEquals(java.time.LocalDate.of(2024, 2, 29), rs.getObject("day", java.time.LocalDate.class));
            java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
            assertEquals(java.time.Instant.parse("2024-02-29T00:00:00Z").toEpochMilli(), rs.getDate("day", utc).getTime());
            assertEquals(7, rs.getInt("id"));
            assertEquals((short) 7, rs.getShort("id"));
            assertEquals((byte) 7, rs.getByte(4));
            assertEquals(7.0f, rs.getFloat("id"));
            assertEquals("7", rs.getString(4));
            assertEquals(Long.valueOf(7), rs.getObject("id"));
            assertFalse(rs.wasNull());
            assertThrows(SQLException.class, () -> rs.getInt("name"));
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResultSet() throws SQLException {
        respond(header(ID), batch(1, longs(1)), done());
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        ResultSet rs = statement.executeQuery("SELECT");
        assertFalse(statement.isClosed());
        rs.close();
        assertTrue(statement.isClosed());
    }

    @Test
    void metadataResultSetsStreamLikeQueries() throws SQLException {
        ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"});
        assertTrue(tables.next());
        assertEquals("orders", tables.getString("table_name"));
        assertFalse(tables.next());
        assertNull(tables.getStatement());
        tables.close();
    }

    @Test
    void aBundledResultReadsLikeTheSameMessagesSentOneByOne() throws SQLException {
        respond(bundle(header(ID, NAME), batch(2, longs(1, 2), strings("a", "b")), done("w")));
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, name FROM t")) {
            StringBuilder seen = new StringBuilder();
            while (rs.next()) {
                seen.append(rs.getLong(1)).append(rs.getString(2)).append(rs.isLast() ? "!" : ",");
            }
            assertEquals("1a,2b!", seen.toString());
            assertEquals("w", statement.getWarnings().getMessage());
        }
    }

    @Test
    void bundlesAndSingleMessagesMixWithinOneCall() throws SQLException {
        respond(bundle(update(3), header(ID), batch(1, longs(10))),
                batch(2, longs(11, 12)),
                bundle(header(NAME), batch(1, strings("x")), done()));
        try (Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("UPDATE a; SELECT id; SELECT name"));
            assertEquals(3, statement.getUpdateCount());
            assertTrue(statement.getMoreResults());
            StringBuilder ids = new StringBuilder();
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    ids.append(rs.getLong(1)).append(' ');
                }
            }
            assertEquals("10 11 12 ", ids.toString());
            assertTrue(statement.getMoreResults());
            try (ResultSet rs = statement.getResultSet()) {
                assertTrue(rs.next());
                assertEquals("x", rs.getString(1));
                assertFalse(rs.next());
            }
            assertFalse(statement.getMoreResults());
            assertEquals(-1, statement.getUpdateCount());
        }
    }

    @Test
    void anEmptyBundleIsAProtocolViolationNotTheEndOfResults() {
        respond(header(ID), bundle(), done());
        SQLException e = readingAllRowsFails();
        assertEquals("08P01", e.getSQLState());
        assertTrue(e.getMessage().contains("empty bundle"), e.getMessage());
    }

    @Test
    void aBundleInsideABundleIsAProtocolViolation() {
        respond(bundle(header(ID), bundle(batch(1, longs(1)), done())));
        SQLException e = readingAllRowsFails();
        assertEquals("08P01", e.getSQLState());
        assertTrue(e.getMessage().contains("bundle inside a bundle"), e.getMessage());
    }

    @Test
    void aMessageAfterDoneIsRefusedNotWaitedFor() {
        respond(header(ID), batch(1, longs(1)), done(), batch(1, longs(2)));
        SQLException e = readingAllRowsFails();
        assertEquals("08P01", e.getSQLState());
    }

    @Test
    void aMessageAfterABundleEndingInDoneIsRefusedNotWaitedFor() {
        respond(bundle(header(ID), batch(1, longs(1)), done()), bundle(update(1), done()));
        SQLException e = readingAllRowsFails();
        assertEquals("08P01", e.getSQLState());
    }

    /** Runs a query and reads every row; the SQLException that stops it. */
    private SQLException readingAllRowsFails() {
        return assertThrows(SQLException.class, () -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id FROM t")) {
                while (rs.next()) {
                    rs.getLong(1);
                }
            }
        });
    }
}
