package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.Value;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each setter puts on the wire, seen by a fake sidecar. */
class ParameterEncodingTest {
    private static FakeSidecar sidecar;
    private static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        sidecar = FakeSidecar.start();
        connection = DriverManager.getConnection(sidecar.url());
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        sidecar.close();
    }

    /** Binds parameter 1 with the setter, executes, and returns what the sidecar received. */
    private static Value sent(Setter setter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?")) {
            setter.set(statement);
            statement.execute();
        }
        ExecuteRequest request = sidecar.lastRequest(ExecuteRequest.class);
        assertTrue(request.getPrepared());
        assertEquals(1, request.getParametersCount());
        return request.getParameters(0);
    }

    @FunctionalInterface
    interface Setter {
        void set(PreparedStatement statement) throws SQLException;
    }

    @Test
    void primitives() throws SQLException {
        assertEquals(Value.newBuilder().setBoolValue(true).setSqlType(Types.BOOLEAN).build(), sent(s -> s.setBoolean(1, true)));
        assertEquals(Value.newBuilder().setLongValue(-128).setSqlType(Types.TINYINT).build(), sent(s -> s.setByte(1, (byte) -128)));
        assertEquals(Value.newBuilder().setLongValue(32767).setSqlType(Types.SMALLINT).build(), sent(s -> s.setShort(1, (short) 32767)));
        assertEquals(Value.newBuilder().setLongValue(Integer.MIN_VALUE).setSqlType(Types.INTEGER).build(),
                sent(s -> s.setInt(1, Integer.MIN_VALUE)));
        assertEquals(Value.newBuilder().setLongValue(Long.MAX_VALUE).setSqlType(Types.BIGINT).build(),
                sent(s -> s.setLong(1, Long.MAX_VALUE)));
        assertEquals(Value.newBuilder().setFloatValue(1.5f).setSqlType(Types.REAL).build(), sent(s -> s.setFloat(1, 1.5f)));
        assertEquals(Value.newBuilder().setDoubleValue(Double.NaN).setSqlType(Types.DOUBLE).build(),
                sent(s -> s.setDouble(1, Double.NaN)));
    }

    @Test
    void decimalsAndText() throws SQLException {
        assertEquals(Value.newBuilder().setDecimalValue("1E+3").setSqlType(Types.DECIMAL).build(),
                sent(s -> s.setBigDecimal(1, new BigDecimal("1E+3"))), "BigDecimal.toString() form, as the proto says");
        assertEquals("0.000001234", sent(s -> s.setBigDecimal(1, new BigDecimal("0.000001234"))).getDecimalValue());
        assertEquals(Value.newBuilder().setStringValue("héllo").setSqlType(Types.VARCHAR).build(), sent(s -> s.setString(1, "héllo")));
        assertEquals(Value.newBuilder().setStringValue("x").setSqlType(Types.NVARCHAR).build(), sent(s -> s.setNString(1, "x")));
        assertArrayEquals(new byte[] {0, -1}, sent(s -> s.setBytes(1, new byte[] {0, -1})).getBytesValue().toByteArray());
        assertEquals(Types.VARBINARY, sent(s -> s.setBytes(1, new byte[0])).getSqlType());
    }

    @Test
    void nullsCarryTheirType() throws SQLException {
        Value value = sent(s -> s.setNull(1, Types.DATE));
        assertTrue(value.hasNullValue());
        assertEquals(Types.DATE, value.getNullValue().getSqlType());
        assertEquals(Types.DATE, value.getSqlType());
        assertEquals(Types.VARCHAR, sent(s -> s.setString(1, null)).getNullValue().getSqlType());
        assertEquals(Types.DECIMAL, sent(s -> s.setBigDecimal(1, null)).getNullValue().getSqlType());
        assertEquals(Types.TIMESTAMP, sent(s -> s.setTimestamp(1, null)).getNullValue().getSqlType());
        assertEquals(Types.INTEGER, sent(s -> s.setObject(1, null, Types.INTEGER)).getNullValue().getSqlType());
        assertTrue(sent(s -> s.setObject(1, null)).hasNullValue());
    }

    @Test
    void legacyDateTimesUseTheJvmZone() throws SQLException {
        assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), sent(s -> s.setDate(1, Date.valueOf("2024-02-29"))).getDateValue());
        Time time = new Time(Time.valueOf("10:11:12").getTime() + 345);
        assertEquals(LocalTime.of(10, 11, 12, 345_000_000).toNanoOfDay(), sent(s -> s.setTime(1, time)).getTimeValue(),
                "milliseconds are kept");
        Timestamp timestamp = Timestamp.valueOf("2024-02-29 23:30:15.123456789");
        Value value = sent(s -> s.setTimestamp(1, timestamp));
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 30, 15).toEpochSecond(ZoneOffset.UTC), value.getTimestampValue().getSeconds());
        assertEquals(123_456_789, value.getTimestampValue().getNanos());
        assertEquals(Types.TIMESTAMP, value.getSqlType());
    }

    @Test
    void calendarsSayWhichZoneTheInstantIsReadIn() throws SQLException {
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Instant instant = Instant.parse("2024-02-29T20:00:00.5Z"); // 2024-03-01 05:00:00.5 in Tokyo
        Value timestamp = sent(s -> s.setTimestamp(1, Timestamp.from(instant), tokyo));
        assertEquals(LocalDateTime.of(2024, 3, 1, 5, 0).toEpochSecond(ZoneOffset.UTC), timestamp.getTimestampValue().getSeconds());
        assertEquals(500_000_000, timestamp.getTimestampValue().getNanos());
        assertEquals(LocalDate.of(2024, 3, 1).toEpochDay(), sent(s -> s.setDate(1, new Date(instant.toEpochMilli()), tokyo)).getDateValue());
        assertEquals(LocalTime.of(5, 0, 0, 500_000_000).toNanoOfDay(),
                sent(s -> s.setTime(1, new Time(instant.toEpochMilli()), tokyo)).getTimeValue());
    }

    @Test
    void javaTimeObjects() throws SQLException {
        assertEquals(LocalDate.of(1, 1, 1).toEpochDay(), sent(s -> s.setObject(1, LocalDate.of(1, 1, 1))).getDateValue());
        assertEquals(LocalTime.MAX.toNanoOfDay(), sent(s -> s.setObject(1, LocalTime.MAX)).getTimeValue());
        Value local = sent(s -> s.setObject(1, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1)));
        assertEquals(-1, local.getTimestampValue().getSeconds());
        assertEquals(1, local.getTimestampValue().getNanos());
        OffsetDateTime offset = OffsetDateTime.of(2024, 2, 29, 10, 0, 0, 7, ZoneOffset.ofHours(3));
        Value zoned = sent(s -> s.setObject(1, offset));
        assertEquals(offset.toEpochSecond(), zoned.getTimestampTzValue().getSeconds());
        assertEquals(7, zoned.getTimestampTzValue().getNanos());
        assertEquals(10_800, zoned.getTimestampTzValue().getOffsetSeconds());
        assertEquals(Types.TIMESTAMP_WITH_TIMEZONE, zoned.getSqlType());
        ZonedDateTime paris = ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
        assertEquals(7200, sent(s -> s.setObject(1, paris)).getTimestampTzValue().getOffsetSeconds());
        Value instant = sent(s -> s.setObject(1, Instant.ofEpochSecond(5, 6)));
        assertEquals(5, instant.getTimestampTzValue().getSeconds());
        assertEquals(0, instant.getTimestampTzValue().getOffsetSeconds());
        Value offsetTime = sent(s -> s.setObject(1, OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(2))));
        assertEquals("10:00+02:00", offsetTime.getStringValue());
        assertEquals(Types.TIME_WITH_TIMEZONE, offsetTime.getSqlType());
    }

    @Test
    void setObjectFollowsTheJavaClass() throws SQLException {
        UUID uuid = UUID.randomUUID();
        assertEquals(Value.newBuilder().setStringValue(uuid.toString()).setSqlType(Types.OTHER).build(), sent(s -> s.setObject(1, uuid)));
        assertEquals(Types.INTEGER, sent(s -> s.setObject(1, 5)).getSqlType());
        assertEquals(5, sent(s -> s.setObject(1, 5L)).getLongValue());
        assertEquals(Types.BIGINT, sent(s -> s.setObject(1, 5L)).getSqlType());
        assertEquals("123456789012345678901234567890",
                sent(s -> s.setObject(1, new BigInteger("123456789012345678901234567890"))).getDecimalValue());
        assertEquals("7", sent(s -> s.setObject(1, new java.util.concurrent.atomic.AtomicLong(7))).getDecimalValue());
        assertEquals("x", sent(s -> s.setObject(1, 'x')).getStringValue());
        assertEquals(true, sent(s -> s.setObject(1, Boolean.TRUE)).getBoolValue());
        assertEquals(Types.TIMESTAMP, sent(s -> s.setObject(1, new java.util.Date(0))).getSqlType());
        Value array = sent(s -> s.setObject(1, new Object[] {1, "a", null}));
        assertEquals(3, array.getArrayValue().getElementsCount());
        assertEquals("a", array.getArrayValue().getElements(1).getStringValue());
        assertTrue(array.getArrayValue().getElements(2).hasNullValue());
        SQLException e = assertThrows(SQLException.class, () -> sent(s -> s.setObject(1, new StringBuilder("x"))));
        assertEquals("0A000", e.getSQLState());
    }

    @Test
    void setObjectWithATargetTypeConverts() throws SQLException {
        assertEquals(Value.newBuilder().setLongValue(42).setSqlType(Types.INTEGER).build(),
                sent(s -> s.setObject(1, "42", Types.INTEGER)));
        assertEquals(Value.newBuilder().setStringValue("42").setSqlType(Types.VARCHAR).build(),
                sent(s -> s.setObject(1, 42, Types.VARCHAR)));
        assertEquals("3.14", sent(s -> s.setObject(1, 3.14159, Types.DECIMAL, 2)).getDecimalValue());
        assertEquals(true, sent(s -> s.setObject(1, "yes", Types.BOOLEAN)).getBoolValue());
        assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), sent(s -> s.setObject(1, "2024-02-29", Types.DATE)).getDateValue());
        assertEquals(Types.BIGINT, sent(s -> s.setObject(1, 7, JDBCType.BIGINT)).getSqlType());
        SQLException range = assertThrows(SQLException.class, () -> sent(s -> s.setObject(1, 300, Types.TINYINT)));
        assertEquals("22003", range.getSQLState());
        SQLException fraction = assertThrows(SQLException.class, () -> sent(s -> s.setObject(1, "1.5", Types.INTEGER)));
        assertEquals("22003", fraction.getSQLState());
        SQLException text = assertThrows(SQLException.class, () -> sent(s -> s.setObject(1, "abc", Types.INTEGER)));
        assertEquals("22018", text.getSQLState());
    }

    @Test
    void streamsReadersBlobsAndClobsAreReadFully() throws SQLException {
        byte[] bytes = "binary".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, sent(s -> s.setBinaryStream(1, new ByteArrayInputStream(bytes))).getBytesValue().toByteArray());
        assertArrayEquals("bin".getBytes(StandardCharsets.UTF_8),
                sent(s -> s.setBinaryStream(1, new ByteArrayInputStream(bytes), 3)).getBytesValue().toByteArray());
        assertEquals("text", sent(s -> s.setCharacterStream(1, new StringReader("text"))).getStringValue());
        assertEquals("te", sent(s -> s.setCharacterStream(1, new StringReader("text"), 2L)).getStringValue());
        assertEquals("ascii", sent(s -> s.setAsciiStream(1, new ByteArrayInputStream("ascii".getBytes(StandardCharsets.US_ASCII)))).getStringValue());
        assertEquals("n", sent(s -> s.setNCharacterStream(1, new StringReader("n"))).getStringValue());
        Value blob = sent(s -> s.setBlob(1, new SerialBlob(bytes)));
        assertArrayEquals(bytes, blob.getBytesValue().toByteArray());
        assertEquals(Types.BLOB, blob.getSqlType());
        assertArrayEquals(bytes, sent(s -> s.setBlob(1, new ByteArrayInputStream(bytes))).getBytesValue().toByteArray());
        Value clob = sent(s -> s.setClob(1, new SerialClob("clob".toCharArray())));
        assertEquals("clob", clob.getStringValue());
        assertEquals(Types.CLOB, clob.getSqlType());
        assertEquals("r", sent(s -> s.setClob(1, new StringReader("r"))).getStringValue());
        assertEquals(Types.NCLOB, sent(s -> s.setNClob(1, new StringReader("r"))).getSqlType());
    }

    @Test
    void streamShorterThanItsAnnouncedLengthIsAnError() {
        SQLException e = assertThrows(SQLException.class,
                () -> sent(s -> s.setBinaryStream(1, new ByteArrayInputStream(new byte[2]), 5)));
        assertEquals("22023", e.getSQLState());
        assertTrue(e.getMessage().contains("2 of the 5"), e.getMessage());
    }

    @Test
    void parametersTravelInOrderWithTheirSql() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE t SET a = ?, b = ? WHERE c = ?")) {
            statement.setInt(3, 3);
            statement.setString(1, "one");
            statement.setNull(2, Types.INTEGER);
            statement.executeUpdate();
        }
        ExecuteRequest request = sidecar.lastRequest(ExecuteRequest.class);
        assertEquals("UPDATE t SET a = ?, b = ? WHERE c = ?", request.getSql());
        List<Value> parameters = request.getParametersList();
        assertEquals("one", parameters.get(0).getStringValue());
        assertTrue(parameters.get(1).hasNullValue());
        assertEquals(3, parameters.get(2).getLongValue());
    }

    @Test
    void gapInParametersIs07001AndNothingIsSent() throws SQLException {
        int before = sidecar.requests(ExecuteRequest.class).size();
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?, ?")) {
            statement.setInt(2, 2);
            SQLException e = assertThrows(SQLException.class, statement::execute);
            assertEquals("07001", e.getSQLState());
            assertTrue(e.getMessage().contains("parameter 1 is not set"), e.getMessage());
        }
        assertEquals(before, sidecar.requests(ExecuteRequest.class).size());
    }

    @Test
    void clearParametersForgetsThem() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            statement.setInt(1, 1);
            statement.clearParameters();
            statement.execute();
        }
        assertEquals(0, sidecar.lastRequest(ExecuteRequest.class).getParametersCount());
    }

    @Test
    void parameterIndexBelowOneIs07009() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?")) {
            assertEquals("07009", assertThrows(SQLException.class, () -> statement.setInt(0, 1)).getSQLState());
        }
    }

    @Test
    void preparingMakesNoRoundTrip() throws SQLException {
        int before = sidecar.requests.size();
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?")) {
            statement.setInt(1, 1);
            assertEquals(null, statement.getMetaData());
        }
        assertEquals(before, sidecar.requests.size());
    }
}
