package dev.gatehouse.driver;

import static dev.gatehouse.driver.FakeSidecar.blobs;
import static dev.gatehouse.driver.FakeSidecar.bools;
import static dev.gatehouse.driver.FakeSidecar.column;
import static dev.gatehouse.driver.FakeSidecar.doubles;
import static dev.gatehouse.driver.FakeSidecar.longs;
import static dev.gatehouse.driver.FakeSidecar.nulls;
import static dev.gatehouse.driver.FakeSidecar.rowBatch;
import static dev.gatehouse.driver.FakeSidecar.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.WireType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLDataException;
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
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RowReaderTest {
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    private static final Calendar TOKYO = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));

    /** A reader over one column of the given rows, positioned on the first row. */
    private static RowReader reader(ColumnMeta column, ColumnVector vector, int rows) throws SQLException {
        RowReader reader = new RowReader(new ColumnMeta[] {column});
        reader.load(rowBatch(rows, vector));
        reader.moveTo(0);
        return reader;
    }

    private static RowReader one(int jdbcType, WireType wire, ColumnVector vector) throws SQLException {
        return reader(column("c", jdbcType, wire), vector, 1);
    }

    private static void assertState(String state, org.junit.jupiter.api.function.Executable call) {
        SQLException e = assertThrows(SQLException.class, call);
        assertEquals(state, e.getSQLState(), e.getMessage());
    }

    // ------------------------------------------------------------------ integers

    @Test
    void integerColumnConvertsToEveryNumericGetter() throws SQLException {
        RowReader r = one(Types.INTEGER, WireType.INT64, longs(42));
        assertEquals(42L, r.getLong(0));
        assertEquals(42L, r.getLong(0, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"));
        assertEquals(42.0, r.getDouble(0));
        assertEquals(42.0f, r.getFloat(0));
        assertEquals(new BigDecimal("42"), r.getBigDecimal(0));
        assertEquals("42", r.getString(0));
        assertTrue(r.getBoolean(0));
        assertEquals(Integer.valueOf(42), r.getObject(0));
        assertEquals(Long.valueOf(42), r.getObject(0, Long.class));
        assertEquals(BigInteger.valueOf(42), r.getObject(0, BigInteger.class));
        assertEquals(Short.valueOf((short) 42), r.getObject(0, Short.class));
        assertFalse(r.wasNull());
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"3000000000, int", "40000, short", "128, byte", "-129, byte", "-2147483649, int"})
    void integerOutOfRangeIs22003(long value, String type) throws SQLException {
        RowReader r = one(Types.BIGINT, WireType.INT64, longs(value));
        long min = type.equals("int") ? Integer.MIN_VALUE : type.equals("short") ? Short.MIN_VALUE : Byte.MIN_VALUE;
        long max = type.equals("int") ? Integer.MAX_VALUE : type.equals("short") ? Short.MAX_VALUE : Byte.MAX_VALUE;
        SQLException e = assertThrows(SQLDataException.class, () -> r.getLong(0, min, max, type));
        assertEquals("22003", e.getSQLState());
        assertTrue(e.getMessage().contains("column 1 (c)"), e.getMessage());
    }

    @Test
    void integerBoundariesRoundTrip() throws SQLException {
        RowReader r = reader(column("c", Types.BIGINT, WireType.INT64), longs(Long.MIN_VALUE, Long.MAX_VALUE), 2);
        assertEquals(Long.MIN_VALUE, r.getLong(0));
        assertEquals(Long.valueOf(Long.MIN_VALUE), r.getObject(0));
        r.moveTo(1);
        assertEquals(Long.MAX_VALUE, r.getLong(0));
        assertEquals("9223372036854775807", r.getString(0));
    }

    @Test
    void smallintDefaultsToIntegerAsJdbcSays() throws SQLException {
        assertInstanceOf(Integer.class, one(Types.SMALLINT, WireType.INT64, longs(7)).getObject(0));
        assertInstanceOf(Integer.class, one(Types.TINYINT, WireType.INT64, longs(7)).getObject(0));
    }

    @Test
    void integerCannotBecomeADate() throws SQLException {
        RowReader r = one(Types.INTEGER, WireType.INT64, longs(1));
        assertState("22018", () -> r.getDate(0, null));
        assertState("22018", () -> r.getBytes(0));
    }

    // ------------------------------------------------------------------ nulls

    @Test
    void nullBitmapMakesGettersReturnNullOrZeroAndSetsWasNull() throws SQLException {
        ColumnVector vector = longs(1, 0, 3).toBuilder().setNulls(nulls(3, 1)).build();
        RowReader r = reader(column("c", Types.INTEGER, WireType.INT64), vector, 3);
        assertEquals(1, r.getLong(0));
        assertFalse(r.wasNull());
        r.moveTo(1);
        assertEquals(0, r.getLong(0));
        assertTrue(r.wasNull());
        assertNull(r.getString(0));
        assertNull(r.getObject(0));
        assertNull(r.getObject(0, Integer.class));
        assertNull(r.getBigDecimal(0));
        assertNull(r.getTimestamp(0, null));
        assertFalse(r.getBoolean(0));
        r.moveTo(2);
        assertEquals(3, r.getLong(0));
        assertFalse(r.wasNull());
    }

    @Test
    void nullBitsBeyondTheFirstByteAreRead() throws SQLException {
        long[] values = new long[20];
        ColumnVector vector = longs(values).toBuilder().setNulls(nulls(20, 0, 9, 19)).build();
        RowReader r = reader(column("c", Types.BIGINT, WireType.INT64), vector, 20);
        for (int row = 0; row < 20; row++) {
            r.moveTo(row);
            assertEquals(row == 0 || row == 9 || row == 19, r.isNull(0), "row " + row);
        }
    }

    // ------------------------------------------------------------------ doubles and decimals

    @Test
    void doubleTruncatesTowardZeroForIntegerGetters() throws SQLException {
        RowReader r = reader(column("c", Types.DOUBLE, WireType.DOUBLE), doubles(3.9, -3.9), 2);
        assertEquals(3, r.getLong(0));
        r.moveTo(1);
        assertEquals(-3, r.getLong(0));
        assertEquals(new BigDecimal("-3.9"), r.getBigDecimal(0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, 1e30, -1e30, Double.POSITIVE_INFINITY})
    void doubleBeyondLongIs22003(double value) throws SQLException {
        RowReader r = one(Types.DOUBLE, WireType.DOUBLE, doubles(value));
        assertState("22003", () -> r.getLong(0));
    }

    @Test
    void doubleBeyondFloatIs22003() throws SQLException {
        RowReader r = one(Types.DOUBLE, WireType.DOUBLE, doubles(1e300));
        assertState("22003", () -> r.getFloat(0));
        assertEquals(1e300, r.getDouble(0));
    }

    @Test
    void realColumnReadsAsTheFloatItWas() throws SQLException {
        RowReader r = one(Types.REAL, WireType.DOUBLE, doubles(0.1f));
        assertEquals("0.1", r.getString(0));
        assertEquals(Float.valueOf(0.1f), r.getObject(0));
        assertEquals(new BigDecimal("0.1"), r.getBigDecimal(0));
    }

    @Test
    void decimalKeepsEveryDigit() throws SQLException {
        RowReader r = one(Types.DECIMAL, WireType.DECIMAL, strings("12345678901234567890.123456789"));
        assertEquals(new BigDecimal("12345678901234567890.123456789"), r.getBigDecimal(0));
        assertEquals(new BigDecimal("12345678901234567890.123456789"), r.getObject(0));
        assertState("22003", () -> r.getLong(0));
        assertEquals(1.2345678901234567e19, r.getDouble(0));
    }

    @Test
    void decimalInExponentFormReadsAsPlainDigits() throws SQLException {
        assertEquals("1000", one(Types.DECIMAL, WireType.DECIMAL, strings("1E+3")).getString(0));
        assertEquals("12.50", one(Types.DECIMAL, WireType.DECIMAL, strings("12.50")).getString(0));
    }

    @Test
    void decimalFractionIsTruncatedForIntegerGetters() throws SQLException {
        RowReader r = one(Types.DECIMAL, WireType.DECIMAL, strings("-12.7"));
        assertEquals(-12, r.getLong(0, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"));
        assertTrue(r.getBoolean(0));
        assertFalse(one(Types.DECIMAL, WireType.DECIMAL, strings("0.00")).getBoolean(0));
    }

    // ------------------------------------------------------------------ text

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"42, 42", "' 42 ', 42", "-7, -7", "+7, 7", "12.9, 12", "1e3, 1000", "123456789012345678, 123456789012345678"})
    void numericTextConvertsToNumbers(String text, long expected) throws SQLException {
        assertEquals(expected, one(Types.VARCHAR, WireType.STRING, strings(text)).getLong(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "12abc", "--1", "0x10"})
    void nonNumericTextIs22018(String text) throws SQLException {
        RowReader r = one(Types.VARCHAR, WireType.STRING, strings(text));
        assertState("22018", () -> r.getLong(0));
        assertState("22018", () -> r.getDouble(0));
        assertState("22018", () -> r.getBigDecimal(0));
    }

    @Test
    void hugeNumericTextIs22003() throws SQLException {
        assertState("22003", () -> one(Types.VARCHAR, WireType.STRING, strings("99999999999999999999")).getLong(0));
        assertState("22003", () -> one(Types.VARCHAR, WireType.STRING, strings("1e400")).getDouble(0));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"true, true", "T, true", "yes, true", "1, true", "on, true", "false, false", "f, false", "NO, false", "0, false"})
    void booleanWords(String text, boolean expected) throws SQLException {
        assertEquals(expected, one(Types.VARCHAR, WireType.STRING, strings(text)).getBoolean(0));
    }

    @Test
    void otherTextIsNotABoolean() throws SQLException {
        assertState("22018", () -> one(Types.VARCHAR, WireType.STRING, strings("maybe")).getBoolean(0));
    }

    @Test
    void textReadsAsUuidBytesAndStreams() throws SQLException {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        RowReader r = one(Types.OTHER, WireType.STRING, strings(uuid.toString()));
        assertEquals(uuid, r.getObject(0, UUID.class));
        assertEquals(uuid.toString(), r.getObject(0));
        assertArrayEquals(uuid.toString().getBytes(StandardCharsets.UTF_8), r.getBytes(0));
        assertState("22018", () -> one(Types.OTHER, WireType.STRING, strings("not-a-uuid")).getObject(0, UUID.class));
    }

    @Test
    void uuidClassNameMakesGetObjectReturnAUuid() throws SQLException {
        ColumnMeta meta = column("id", Types.OTHER, WireType.STRING).toBuilder().setClassName("java.util.UUID").build();
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                reader(meta, strings("123e4567-e89b-12d3-a456-426614174000"), 1).getObject(0));
    }

    @Test
    void maxFieldSizeCutsTextAndBytes() throws SQLException {
        RowReader text = one(Types.VARCHAR, WireType.STRING, strings("abcdef"));
        text.setMaxFieldSize(3);
        assertEquals("abc", text.getString(0));
        RowReader bytes = one(Types.VARBINARY, WireType.BYTES, blobs(new byte[] {1, 2, 3, 4}));
        bytes.setMaxFieldSize(2);
        assertArrayEquals(new byte[] {1, 2}, bytes.getBytes(0));
    }

    @Test
    void textDatesAndTimestampsParse() throws SQLException {
        assertEquals(Date.valueOf("2024-02-29"), one(Types.VARCHAR, WireType.STRING, strings("2024-02-29")).getDate(0, null));
        assertEquals(Timestamp.valueOf("2024-02-29 10:11:12.5"),
                one(Types.VARCHAR, WireType.STRING, strings("2024-02-29 10:11:12.5")).getTimestamp(0, null));
        assertEquals(Timestamp.from(Instant.parse("2024-02-29T10:11:12Z")),
                one(Types.VARCHAR, WireType.STRING, strings("2024-02-29T10:11:12Z")).getTimestamp(0, null));
        assertEquals(OffsetDateTime.parse("2024-02-29T10:11:12+02:00"),
                one(Types.VARCHAR, WireType.STRING, strings("2024-02-29 10:11:12+02:00")).getObject(0, OffsetDateTime.class));
        assertEquals(LocalTime.of(10, 11, 12), one(Types.VARCHAR, WireType.STRING, strings("10:11:12")).getObject(0, LocalTime.class));
        assertState("22018", () -> one(Types.VARCHAR, WireType.STRING, strings("yesterday")).getDate(0, null));
    }

    // ------------------------------------------------------------------ bytes and booleans

    @Test
    void bytesReadAsBytesHexStreamBlobAndUuid() throws Exception {
        UUID uuid = UUID.randomUUID();
        byte[] raw = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        RowReader r = one(Types.VARBINARY, WireType.BYTES, blobs(raw));
        assertArrayEquals(raw, r.getBytes(0));
        assertEquals(32, r.getString(0).length());
        assertArrayEquals(raw, r.getBinaryStream(0).readAllBytes());
        assertEquals(uuid, r.getObject(0, UUID.class));
        Blob blob = r.getObject(0, Blob.class);
        assertArrayEquals(raw, blob.getBytes(1, 16));
        assertInstanceOf(byte[].class, r.getObject(0));
        assertEquals("0a0b", one(Types.BINARY, WireType.BYTES, blobs(new byte[] {10, 11})).getString(0));
        assertState("22018", () -> r.getLong(0));
    }

    @Test
    void booleanColumn() throws SQLException {
        RowReader r = reader(column("c", Types.BOOLEAN, WireType.BOOL), bools(true, false), 2);
        assertTrue(r.getBoolean(0));
        assertEquals(1, r.getLong(0));
        assertEquals("true", r.getString(0));
        assertEquals(Boolean.TRUE, r.getObject(0));
        r.moveTo(1);
        assertEquals(BigDecimal.ZERO, r.getBigDecimal(0));
        assertState("22018", () -> r.getDate(0, null));
    }

    @Test
    void clobColumnDefaultsToAClob() throws SQLException {
        Object value = one(Types.CLOB, WireType.STRING, strings("long text")).getObject(0);
        Clob clob = assertInstanceOf(Clob.class, value);
        assertEquals("long text", clob.getSubString(1, 9));
    }

    // ------------------------------------------------------------------ dates and times

    private static final LocalDate LEAP_DAY = LocalDate.of(2024, 2, 29);

    @Test
    void dateColumnInTheJvmZone() throws SQLException {
        RowReader r = one(Types.DATE, WireType.DATE, longs(LEAP_DAY.toEpochDay()));
        assertEquals(Date.valueOf(LEAP_DAY), r.getDate(0, null));
        assertEquals(Date.valueOf(LEAP_DAY), r.getObject(0));
        assertEquals(LEAP_DAY, r.getObject(0, LocalDate.class));
        assertEquals("2024-02-29", r.getString(0));
        assertEquals(Timestamp.valueOf(LEAP_DAY.atStartOfDay()), r.getTimestamp(0, null));
        assertEquals(LEAP_DAY.atStartOfDay(), r.getObject(0, LocalDateTime.class));
    }

    @Test
    void dateColumnWithACalendarIsMidnightInThatZone() throws SQLException {
        RowReader r = one(Types.DATE, WireType.DATE, longs(LEAP_DAY.toEpochDay()));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli(), r.getDate(0, UTC).getTime());
        assertEquals(Instant.parse("2024-02-28T15:00:00Z").toEpochMilli(), r.getDate(0, TOKYO).getTime());
    }

    @Test
    void datesFarFromTodayRoundTrip() throws SQLException {
        RowReader r = reader(column("c", Types.DATE, WireType.DATE),
                longs(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay()), 2);
        assertEquals(LocalDate.of(1, 1, 1), r.getObject(0, LocalDate.class));
        r.moveTo(1);
        assertEquals("9999-12-31", r.getString(0));
    }

    @Test
    void timeColumnKeepsFractions() throws SQLException {
        LocalTime time = LocalTime.of(10, 11, 12, 345_678_901);
        RowReader r = one(Types.TIME, WireType.TIME, longs(time.toNanoOfDay()));
        assertEquals(time, r.getObject(0, LocalTime.class));
        assertEquals("10:11:12.345678901", r.getString(0));
        Time sqlTime = r.getTime(0, null);
        assertEquals(LocalTime.of(10, 11, 12), sqlTime.toLocalTime());
        assertEquals(345, Math.floorMod(sqlTime.getTime(), 1000L), "milliseconds survive");
        assertEquals(Instant.parse("1970-01-01T10:11:12.345Z").toEpochMilli(), r.getTime(0, UTC).getTime());
        assertEquals("10:00:00", one(Types.TIME, WireType.TIME, longs(LocalTime.of(10, 0).toNanoOfDay())).getString(0));
    }

    @Test
    void timestampColumnInTheJvmZoneAndWithCalendars() throws SQLException {
        LocalDateTime dateTime = LocalDateTime.of(2024, 2, 29, 23, 30, 15, 123_456_789);
        ColumnVector vector = ColumnVector.newBuilder()
                .addLongs(dateTime.toEpochSecond(ZoneOffset.UTC)).addInts(dateTime.getNano()).build();
        RowReader r = one(Types.TIMESTAMP, WireType.TIMESTAMP, vector);
        assertEquals(Timestamp.valueOf(dateTime), r.getTimestamp(0, null));
        assertEquals(123_456_789, r.getTimestamp(0, null).getNanos());
        assertEquals(dateTime, r.getObject(0, LocalDateTime.class));
        assertEquals("2024-02-29 23:30:15.123456789", r.getString(0));
        assertEquals(Instant.parse("2024-02-29T23:30:15.123456789Z"), r.getTimestamp(0, UTC).toInstant());
        assertEquals(Instant.parse("2024-02-29T14:30:15.123456789Z"), r.getTimestamp(0, TOKYO).toInstant());
        assertEquals(Date.valueOf(LEAP_DAY), r.getDate(0, null));
        assertEquals(LocalTime.of(23, 30, 15, 123_456_789), r.getObject(0, LocalTime.class));
        assertEquals(dateTime.atZone(ZoneId.systemDefault()).toInstant(), r.getObject(0, Instant.class));
    }

    @Test
    void timestampWithZoneKeepsItsOffset() throws SQLException {
        OffsetDateTime value = OffsetDateTime.of(2024, 2, 29, 23, 30, 15, 500, ZoneOffset.ofHours(-5));
        ColumnVector vector = ColumnVector.newBuilder().addLongs(value.toEpochSecond()).addInts(value.getNano())
                .addInts2(value.getOffset().getTotalSeconds()).build();
        RowReader r = one(Types.TIMESTAMP_WITH_TIMEZONE, WireType.TIMESTAMP_TZ, vector);
        assertEquals(value, r.getObject(0));
        assertEquals(value, r.getObject(0, OffsetDateTime.class));
        assertEquals(value.toInstant(), r.getObject(0, Instant.class));
        assertEquals(value.toZonedDateTime(), r.getObject(0, ZonedDateTime.class));
        assertEquals(value.toLocalDateTime(), r.getObject(0, LocalDateTime.class));
        assertEquals(value.toInstant(), r.getTimestamp(0, TOKYO).toInstant(), "an instant needs no calendar");
        assertEquals("2024-02-29 23:30:15.0000005-05:00", r.getString(0));
        assertEquals(Date.valueOf(value.atZoneSameInstant(ZoneId.systemDefault()).toLocalDate()), r.getDate(0, null));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), r.getDate(0, UTC).getTime());
    }

    @Test
    void timeWithZone() throws SQLException {
        OffsetTime value = OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHoursMinutes(5, 30));
        ColumnVector vector = ColumnVector.newBuilder().addLongs(value.toLocalTime().toNanoOfDay())
                .addInts2(value.getOffset().getTotalSeconds()).build();
        RowReader r = one(Types.TIME_WITH_TIMEZONE, WireType.TIME_TZ, vector);
        assertEquals(value, r.getObject(0));
        assertEquals(value, r.getObject(0, OffsetTime.class));
        assertEquals("10:11:12+05:30", r.getString(0));
        assertEquals(Instant.parse("1970-01-01T04:41:12Z").toEpochMilli(), r.getTime(0, null).getTime());
    }

    @Test
    void bareTimeHasNoOffsetToGive() throws SQLException {
        assertState("22018", () -> one(Types.TIME, WireType.TIME, longs(0)).getObject(0, OffsetTime.class));
    }

    @Test
    void impossibleWireDateIsAProtocolError() throws SQLException {
        assertState("08P01", () -> one(Types.TIME, WireType.TIME, longs(-1)).getString(0));
        assertState("08P01", () -> one(Types.DATE, WireType.DATE, longs(Long.MAX_VALUE)).getString(0));
    }

    // ------------------------------------------------------------------ objects and shapes

    @Test
    void unknownTargetClassIs22018() throws SQLException {
        RowReader r = one(Types.INTEGER, WireType.INT64, longs(1));
        SQLException e = assertThrows(SQLException.class, () -> r.getObject(0, StringBuilder.class));
        assertEquals("22018", e.getSQLState());
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertEquals(Integer.valueOf(1), r.getObject(0, Object.class));
        assertEquals(Integer.valueOf(1), r.getObject(0, Number.class), "a supertype of the natural class works");
    }

    @Test
    void batchWithTheWrongColumnCountIsRefused() {
        RowReader r = new RowReader(new ColumnMeta[] {column("a", Types.INTEGER, WireType.INT64)});
        SQLException e = assertThrows(SQLException.class, () -> r.load(rowBatch(1, longs(1), longs(2))));
        assertEquals("08P01", e.getSQLState());
    }

    @Test
    void vectorShorterThanTheBatchIsRefusedByColumnName() {
        RowReader r = new RowReader(new ColumnMeta[] {column("amount", Types.INTEGER, WireType.INT64)});
        SQLException e = assertThrows(SQLException.class, () -> r.load(rowBatch(3, longs(1, 2))));
        assertEquals("08P01", e.getSQLState());
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
    }

    @Test
    void timestampVectorNeedsItsNanos() {
        RowReader r = new RowReader(new ColumnMeta[] {column("t", Types.TIMESTAMP, WireType.TIMESTAMP)});
        assertThrows(SQLException.class, () -> r.load(rowBatch(1, longs(1))));
    }

    @Test
    void unknownWireTypeIsRefused() {
        ColumnMeta meta = column("x", Types.OTHER, WireType.STRING).toBuilder().setWireTypeValue(99).build();
        RowReader r = new RowReader(new ColumnMeta[] {meta});
        assertThrows(SQLException.class, () -> r.load(rowBatch(1, strings("a"))));
    }
}
