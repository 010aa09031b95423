package dev.gatehouse.driver;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.WireType;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.HexFormat;

/**
 * Reads the cells of the current row of a columnar {@link RowBatch}, converting between the wire
 * type and what the getter asks for.
 *
 * <p>This is the per-row hot path: a getter reads a primitive out of the batch's packed arrays
 * and allocates nothing beyond the object it returns. A conversion that cannot give a right
 * answer fails with 22018 (or 22003 for a number out of range) instead of giving a wrong one.
 *
 * <p>Column numbers here are 0-based; the result set translates from JDBC's 1-based ones.
 */
final class RowReader {
    private static final int BOOL = WireType.BOOL_VALUE;
    private static final int INT64 = WireType.INT64_VALUE;
    private static final int DOUBLE = WireType.DOUBLE_VALUE;
    private static final int DECIMAL = WireType.DECIMAL_VALUE;
    private static final int STRING = WireType.STRING_VALUE;
    private static final int BYTES = WireType.BYTES_VALUE;
    private static final int DATE = WireType.DATE_VALUE;
    private static final int TIME = WireType.TIME_VALUE;
    private static final int TIMESTAMP = WireType.TIMESTAMP_VALUE;
    private static final int TIMESTAMP_TZ = WireType.TIMESTAMP_TZ_VALUE;
    private static final int TIME_TZ = WireType.TIME_TZ_VALUE;

    private final ColumnMeta[] columns;
    private final int[] wireTypes;
    private final ColumnVector[] vectors;
    private final byte[][] nulls;
    /** Per column: the backend driver's class for getObject, or null to follow JDBC's table. */
    private final Class<?>[] produced;
    private int rowCount;
    private int row;
    private boolean wasNull;
    private int maxFieldSize;

    RowReader(ColumnMeta[] columns) {
        this.columns = columns;
        this.wireTypes = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            wireTypes[i] = columns[i].getWireTypeValue();
        }
        this.vectors = new ColumnVector[columns.length];
        this.nulls = new byte[columns.length][];
        this.produced = new Class<?>[columns.length];
        for (int i = 0; i < columns.length; i++) {
            produced[i] = GatehouseResultSetMetaData.producedClass(columns[i]);
        }
    }

    /** Statement.setMaxFieldSize: longer text and binary values are cut, as JDBC says. */
    void setMaxFieldSize(int maxFieldSize) {
        this.maxFieldSize = maxFieldSize;
    }

    int columnCount() {
        return columns.length;
    }

    ColumnMeta column(int column) {
        return columns[column];
    }

    /** Takes a new batch after checking its shape, so a malformed one fails here by name. */
    void load(RowBatch batch) throws SQLException {
        if (batch.getColumnsCount() != columns.length) {
            throw malformed("a batch has " + batch.getColumnsCount() + " columns but the header announced "
                    + columns.length);
        }
        int count = batch.getRowCount();
        for (int c = 0; c < columns.length; c++) {
            ColumnVector vector = batch.getColumns(c);
            checkLengths(c, vector, count);
            vectors[c] = vector;
            ByteString bits = vector.getNulls();
            nulls[c] = bits.isEmpty() ? null : bits.toByteArray();
        }
        rowCount = count;
        row = -1;
    }

    private void checkLengths(int c, ColumnVector vector, int count) throws SQLException {
        int wire = wireTypes[c];
        boolean complete;
        if (wire == BOOL) {
            complete = vector.getBoolsCount() >= count;
        } else if (wire == INT64 || wire == DATE || wire == TIME) {
            complete = vector.getLongsCount() >= count;
        } else if (wire == DOUBLE) {
            complete = vector.getDoublesCount() >= count;
        } else if (wire == DECIMAL || wire == STRING) {
            complete = vector.getStringsCount() >= count;
        } else if (wire == BYTES) {
            complete = vector.getBlobsCount() >= count;
        } else if (wire == TIMESTAMP) {
            complete = vector.getLongsCount() >= count && vector.getIntsCount() >= count;
        } else if (wire == TIMESTAMP_TZ) {
            complete = vector.getLongsCount() >= count && vector.getIntsCount() >= count
                    && vector.getInts2Count() >= count;
        } else if (wire == TIME_TZ) {
            complete = vector.getLongsCount() >= count && vector.getInts2Count() >= count;
        } else {
            throw malformed("column " + name(c) + " has no wire type the driver knows (" + wire + ")");
        }
        if (!complete) {
            throw malformed("column " + name(c) + " holds fewer values than the batch's " + count + " rows");
        }
    }

    int rowCount() {
        return rowCount;
    }

    void moveTo(int newRow) {
        row = newRow;
    }

    boolean wasNull() {
        return wasNull;
    }

    /** Checks the cell's null bit and remembers it for wasNull(). */
    boolean isNull(int c) {
        byte[] bits = nulls[c];
        wasNull = bits != null && (row >> 3) < bits.length && (bits[row >> 3] & (1 << (row & 7))) != 0;
        return wasNull;
    }

    // ------------------------------------------------------------------ text

    String getString(int c) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        ColumnVector v = vectors[c];
        int wire = wireTypes[c];
        if (wire == STRING) {
            return cut(v.getStrings(row));
        }
        if (wire == INT64) {
            return Long.toString(v.getLongs(row));
        }
        if (wire == DECIMAL) {
            return plainDecimal(v.getStrings(row));
        }
        if (wire == DOUBLE) {
            double d = v.getDoubles(row);
            return columns[c].getJdbcType() == Types.REAL ? Float.toString((float) d) : Double.toString(d);
        }
        if (wire == BOOL) {
            return v.getBools(row) ? "true" : "false";
        }
        if (wire == BYTES) {
            return HexFormat.of().formatHex(getBytes(c));
        }
        if (wire == DATE) {
            return DateTimeCodec.fromEpochDay(v.getLongs(row)).toString();
        }
        if (wire == TIME) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(DateTimeCodec.fromNanoOfDay(v.getLongs(row)));
        }
        if (wire == TIMESTAMP) {
            return DateTimeCodec.SQL_TIMESTAMP.format(localDateTime(c));
        }
        if (wire == TIMESTAMP_TZ) {
            return DateTimeCodec.SQL_TIMESTAMP_TZ.format(offsetDateTime(c));
        }
        return DateTimeCodec.SQL_TIME_TZ.format(offsetTime(c));
    }

    private String cut(String text) {
        return maxFieldSize > 0 && text.length() > maxFieldSize ? text.substring(0, maxFieldSize) : text;
    }

    /** BigDecimal.toString() may use an exponent ("1E+3"); applications expect plain digits. */
    private static String plainDecimal(String text) {
        return text.indexOf('E') < 0 && text.indexOf('e') < 0 ? text : new BigDecimal(text).toPlainString();
    }

    // ------------------------------------------------------------------ numbers

    boolean getBoolean(int c) throws SQLException {
        if (isNull(c)) {
            return false;
        }
        ColumnVector v = vectors[c];
        int wire = wireTypes[c];
        if (wire == BOOL) {
            return v.getBools(row);
        }
        if (wire == INT64) {
            return v.getLongs(row) != 0;
        }
        if (wire == DOUBLE) {
            return v.getDoubles(row) != 0;
        }
        if (wire == DECIMAL) {
            return decimal(c, v.getStrings(row)).signum() != 0;
        }
        if (wire == STRING) {
            Boolean parsed = ParameterValues.parseBoolean(v.getStrings(row));
            if (parsed != null) {
                return parsed;
            }
            throw cannotConvert(c, "boolean", v.getStrings(row));
        }
        throw cannotConvert(c, "boolean", null);
    }

    long getLong(int c) throws SQLException {
        if (isNull(c)) {
            return 0;
        }
        ColumnVector v = vectors[c];
        int wire = wireTypes[c];
        if (wire == INT64) {
            return v.getLongs(row);
        }
        if (wire == DOUBLE) {
            double d = v.getDoubles(row);
            if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                throw outOfRange(c, "long", Double.toString(d));
            }
            return (long) d;
        }
        if (wire == DECIMAL || wire == STRING) {
            return parseLong(c, v.getStrings(row));
        }
        if (wire == BOOL) {
            return v.getBools(row) ? 1 : 0;
        }
        throw cannotConvert(c, "long", null);
    }

    /** getInt, getShort, getByte: a long that must fit, else 22003. */
    long getLong(int c, long min, long max, String type) throws SQLException {
        long value = getLong(c);
        if (value < min || value > max) {
            throw outOfRange(c, type, Long.toString(value));
        }
        return value;
    }

    /** Plain digits are read without allocating; anything else goes through BigDecimal. */
    private long parseLong(int c, String text) throws SQLException {
        int length = text.length();
        if (length > 0 && length <= 18) {
            int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
            long value = 0;
            boolean digits = i < length;
            for (; i < length && digits; i++) {
                char ch = text.charAt(i);
                digits = ch >= '0' && ch <= '9';
                value = value * 10 + (ch - '0');
            }
            if (digits) {
                return text.charAt(0) == '-' ? -value : value;
            }
        }
        BigDecimal decimal = decimal(c, text);
        try {
            // JDBC drivers truncate the fraction, as a cast to an integer type does
            return decimal.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(c, "long", text);
        }
    }

    double getDouble(int c) throws SQLException {
        if (isNull(c)) {
            return 0;
        }
        ColumnVector v = vectors[c];
        int wire = wireTypes[c];
        if (wire == DOUBLE) {
            return v.getDoubles(row);
        }
        if (wire == INT64) {
            return v.getLongs(row);
        }
        if (wire == DECIMAL || wire == STRING) {
            String text = v.getStrings(row);
            try {
                double d = Double.parseDouble(text.trim());
                if (Double.isInfinite(d) && !text.contains("Infinity")) {
                    throw outOfRange(c, "double", text);
                }
                return d;
            } catch (NumberFormatException e) {
                throw cannotConvert(c, "double", text);
            }
        }
        if (wire == BOOL) {
            return v.getBools(row) ? 1 : 0;
        }
        throw cannotConvert(c, "double", null);
    }

    float getFloat(int c) throws SQLException {
        double d = getDouble(c);
        if (!Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
            throw outOfRange(c, "float", Double.toString(d));
        }
        return (float) d;
    }

    BigDecimal getBigDecimal(int c) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        ColumnVector v = vectors[c];
        int wire = wireTypes[c];
        if (wire == DECIMAL || wire == STRING) {
            return decimal(c, v.getStrings(row));
        }
        if (wire == INT64) {
            return BigDecimal.valueOf(v.getLongs(row));
        }
        if (wire == DOUBLE) {
            double d = v.getDoubles(row);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw cannotConvert(c, "BigDecimal", Double.toString(d));
            }
            return columns[c].getJdbcType() == Types.REAL
                    ? new BigDecimal(Float.toString((float) d)) : BigDecimal.valueOf(d);
        }
        if (wire == BOOL) {
            return v.getBools(row) ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        throw cannotConvert(c, "BigDecimal", null);
    }

    private BigDecimal decimal(int c, String text) throws SQLException {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw cannotConvert(c, "a number", text);
        }
    }

    // ------------------------------------------------------------------ binary

    byte[] getBytes(int c) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        int wire = wireTypes[c];
        if (wire == BYTES) {
            ByteString bytes = vectors[c].getBlobs(row);
            return maxFieldSize > 0 && bytes.size() > maxFieldSize
                    ? bytes.substring(0, maxFieldSize).toByteArray() : bytes.toByteArray();
        }
        if (wire == STRING) {
            return cut(vectors[c].getStrings(row)).getBytes(StandardCharsets.UTF_8);
        }
        throw cannotConvert(c, "bytes", null);
    }

    InputStream getBinaryStream(int c) throws SQLException {
        if (wireTypes[c] == BYTES && maxFieldSize == 0) {
            return isNull(c) ? null : vectors[c].getBlobs(row).newInput();
        }
        byte[] bytes = getBytes(c);
        return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
    }

    // ------------------------------------------------------------------ dates and times

    Date getDate(int c, Calendar calendar) throws SQLException {
        LocalDate date = localDate(c, calendar);
        return date == null ? null : DateTimeCodec.sqlDate(date, calendar);
    }

    Time getTime(int c, Calendar calendar) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        int wire = wireTypes[c];
        if (wire == TIME_TZ) {
            return new Time(offsetTime(c).atDate(LocalDate.EPOCH).toInstant().toEpochMilli());
        }
        if (wire == TIMESTAMP_TZ) {
            return DateTimeCodec.sqlTime(
                    offsetDateTime(c).atZoneSameInstant(DateTimeCodec.zone(calendar)).toLocalTime(), calendar);
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseTime(vectors[c].getStrings(row), name(c));
            if (parsed instanceof OffsetTime offset) {
                return new Time(offset.atDate(LocalDate.EPOCH).toInstant().toEpochMilli());
            }
            return DateTimeCodec.sqlTime((LocalTime) parsed, calendar);
        }
        return DateTimeCodec.sqlTime(localTime(c), calendar);
    }

    Timestamp getTimestamp(int c, Calendar calendar) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        int wire = wireTypes[c];
        if (wire == TIMESTAMP_TZ || wire == TIME_TZ) {
            return Timestamp.from(offsetDateTime(c).toInstant());
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseDateTime(vectors[c].getStrings(row), name(c));
            if (parsed instanceof OffsetDateTime offset) {
                return Timestamp.from(offset.toInstant());
            }
        }
        return DateTimeCodec.sqlTimestamp(localDateTime(c), calendar);
    }

    /** The cell as a date without zone; a zoned value is seen from the Calendar's zone (or the JVM's). */
    LocalDate localDate(int c, Calendar calendar) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        int wire = wireTypes[c];
        if (wire == DATE) {
            return DateTimeCodec.fromEpochDay(vectors[c].getLongs(row));
        }
        if (wire == TIMESTAMP_TZ) {
            return offsetDateTime(c).atZoneSameInstant(DateTimeCodec.zone(calendar)).toLocalDate();
        }
        return localDateTime(c).toLocalDate();
    }

    /** TIME, TIME_TZ (its local part), TIMESTAMP (its time), or text. */
    LocalTime localTime(int c) throws SQLException {
        int wire = wireTypes[c];
        ColumnVector v = vectors[c];
        if (wire == TIME) {
            return DateTimeCodec.fromNanoOfDay(v.getLongs(row));
        }
        if (wire == TIME_TZ) {
            return offsetTime(c).toLocalTime();
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseTime(v.getStrings(row), name(c));
            return parsed instanceof OffsetTime offset ? offset.toLocalTime() : (LocalTime) parsed;
        }
        return localDateTime(c).toLocalTime();
    }

    /** TIMESTAMP, DATE (at midnight), TIMESTAMP_TZ (at its own offset), or text. */
    LocalDateTime localDateTime(int c) throws SQLException {
        int wire = wireTypes[c];
        ColumnVector v = vectors[c];
        if (wire == TIMESTAMP) {
            return DateTimeCodec.fromLocalSeconds(v.getLongs(row), v.getInts(row));
        }
        if (wire == DATE) {
            return DateTimeCodec.fromEpochDay(v.getLongs(row)).atStartOfDay();
        }
        if (wire == TIMESTAMP_TZ) {
            return offsetDateTime(c).toLocalDateTime();
        }
        if (wire == TIME) {
            return LocalDate.EPOCH.atTime(DateTimeCodec.fromNanoOfDay(v.getLongs(row)));
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseDateTime(v.getStrings(row), name(c));
            if (parsed instanceof LocalDate date) {
                return date.atStartOfDay();
            }
            return parsed instanceof OffsetDateTime offset ? offset.toLocalDateTime() : (LocalDateTime) parsed;
        }
        throw cannotConvert(c, "a date-time", null);
    }

    /** TIMESTAMP_TZ as sent; TIME_TZ on 1970-01-01; values without zone placed in the JVM's zone. */
    OffsetDateTime offsetDateTime(int c) throws SQLException {
        int wire = wireTypes[c];
        ColumnVector v = vectors[c];
        if (wire == TIMESTAMP_TZ) {
            return DateTimeCodec.fromInstantSeconds(v.getLongs(row), v.getInts(row), v.getInts2(row));
        }
        if (wire == TIME_TZ) {
            return offsetTime(c).atDate(LocalDate.EPOCH);
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseDateTime(v.getStrings(row), name(c));
            if (parsed instanceof OffsetDateTime offset) {
                return offset;
            }
        }
        return localDateTime(c).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    /** TIME_TZ as sent, the time of a TIMESTAMP_TZ, or text with an offset; no guessing a zone for a bare TIME. */
    OffsetTime offsetTime(int c) throws SQLException {
        int wire = wireTypes[c];
        ColumnVector v = vectors[c];
        if (wire == TIME_TZ) {
            return DateTimeCodec.fromNanoOfDay(v.getLongs(row), v.getInts2(row));
        }
        if (wire == TIMESTAMP_TZ) {
            return offsetDateTime(c).toOffsetTime();
        }
        if (wire == STRING) {
            TemporalAccessor parsed = DateTimeCodec.parseTime(v.getStrings(row), name(c));
            if (parsed instanceof OffsetTime offset) {
                return offset;
            }
        }
        throw cannotConvert(c, "a time with offset", null);
    }

    // ------------------------------------------------------------------ objects

    /**
     * getObject(column): the class the backend's driver gives the column when this driver can
     * produce it (MariaDB's Short for SMALLINT, PostgreSQL's Array), else the Java class JDBC's
     * table B-3 gives the column's JDBC type. {@code getColumnClassName} says which.
     */
    Object getObject(int c) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        if (produced[c] != null) {
            Object value = convertTo(c, produced[c]);
            if (value != null) {
                return value;
            }
        }
        switch (columns[c].getJdbcType()) {
            case Types.BIT:
            case Types.BOOLEAN:
                return getBoolean(c);
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return (int) getLong(c, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
            case Types.BIGINT:
                return getLong(c);
            case Types.REAL:
                return getFloat(c);
            case Types.FLOAT:
            case Types.DOUBLE:
                return getDouble(c);
            case Types.NUMERIC:
            case Types.DECIMAL:
                return getBigDecimal(c);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return getString(c);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return getBytes(c);
            case Types.CLOB:
                return LargeObjects.clob(getString(c));
            case Types.NCLOB:
                return LargeObjects.nclob(getString(c));
            case Types.BLOB:
                return LargeObjects.blob(getBytes(c));
            case Types.DATE:
                return getDate(c, null);
            case Types.TIME:
                return getTime(c, null);
            case Types.TIMESTAMP:
                return getTimestamp(c, null);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return offsetDateTime(c);
            case Types.TIME_WITH_TIMEZONE:
                return offsetTime(c);
            default:
                return naturalObject(c);
        }
    }

    /** For types without a JDBC default (OTHER, ARRAY, ...): the wire type's own Java value. */
    private Object naturalObject(int c) throws SQLException {
        int wire = wireTypes[c];
        if (wire == STRING) {
            String text = getString(c);
            return "java.util.UUID".equals(columns[c].getClassName()) ? uuid(c, text) : text;
        }
        if (wire == INT64) {
            return getLong(c);
        }
        if (wire == DOUBLE) {
            return getDouble(c);
        }
        if (wire == DECIMAL) {
            return getBigDecimal(c);
        }
        if (wire == BOOL) {
            return getBoolean(c);
        }
        if (wire == BYTES) {
            return getBytes(c);
        }
        if (wire == DATE) {
            return getDate(c, null);
        }
        if (wire == TIME) {
            return getTime(c, null);
        }
        if (wire == TIMESTAMP) {
            return getTimestamp(c, null);
        }
        if (wire == TIMESTAMP_TZ) {
            return offsetDateTime(c);
        }
        return offsetTime(c);
    }

    /** getObject(column, type): the conversions JDBC 4.2 lists, java.time included. */
    <T> T getObject(int c, Class<T> type) throws SQLException {
        if (type == null) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "getObject needs a class to convert to");
        }
        if (isNull(c)) {
            return null;
        }
        Object value = convertTo(c, type);
        if (value == null) {
            Object natural = getObject(c);
            if (!type.isInstance(natural)) {
                throw SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST, "cannot convert column "
                        + name(c) + " (" + columns[c].getTypeName() + ") to " + type.getName());
            }
            value = natural;
        }
        return type.cast(value);
    }

    private Object convertTo(int c, Class<?> type) throws SQLException {
        if (type == String.class) {
            return getString(c);
        }
        if (type == Integer.class) {
            return (int) getLong(c, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
        if (type == Long.class) {
            return getLong(c);
        }
        if (type == BigDecimal.class) {
            return getBigDecimal(c);
        }
        if (type == Boolean.class) {
            return getBoolean(c);
        }
        if (type == Double.class) {
            return getDouble(c);
        }
        if (type == Float.class) {
            return getFloat(c);
        }
        if (type == Short.class) {
            return (short) getLong(c, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        }
        if (type == Byte.class) {
            return (byte) getLong(c, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        }
        if (type == BigInteger.class) {
            return wireTypes[c] == INT64 ? BigInteger.valueOf(getLong(c)) : getBigDecimal(c).toBigInteger();
        }
        if (type == byte[].class) {
            return getBytes(c);
        }
        return convertToTemporalOrOther(c, type);
    }

    private Object convertToTemporalOrOther(int c, Class<?> type) throws SQLException {
        if (type == LocalDate.class) {
            return wireTypes[c] == TIMESTAMP_TZ ? offsetDateTime(c).toLocalDate() : localDate(c, null);
        }
        if (type == LocalDateTime.class) {
            return localDateTime(c);
        }
        if (type == LocalTime.class) {
            return localTime(c);
        }
        if (type == OffsetDateTime.class) {
            return offsetDateTime(c);
        }
        if (type == java.time.ZonedDateTime.class) {
            return offsetDateTime(c).toZonedDateTime();
        }
        if (type == java.time.Instant.class) {
            return offsetDateTime(c).toInstant();
        }
        if (type == OffsetTime.class) {
            return offsetTime(c);
        }
        if (type == Date.class) {
            return getDate(c, null);
        }
        if (type == Time.class) {
            return getTime(c, null);
        }
        if (type == Timestamp.class || type == java.util.Date.class) {
            return getTimestamp(c, null);
        }
        if (type == java.util.UUID.class) {
            if (wireTypes[c] == BYTES) {
                java.nio.ByteBuffer bytes = vectors[c].getBlobs(row).asReadOnlyByteBuffer();
                if (bytes.remaining() == 16) {
                    return new java.util.UUID(bytes.getLong(), bytes.getLong());
                }
            }
            return uuid(c, getString(c));
        }
        if (type == java.sql.Array.class) {
            return getArray(c);
        }
        if (type == java.sql.Blob.class) {
            return LargeObjects.blob(getBytes(c));
        }
        if (type == java.sql.NClob.class) {
            return LargeObjects.nclob(getString(c));
        }
        if (type == java.sql.Clob.class) {
            return LargeObjects.clob(getString(c));
        }
        if (type == Object.class) {
            return getObject(c);
        }
        return null;
    }

    /** getArray: PostgreSQL arrays, read from their text form; other arrays only as text. */
    java.sql.Array getArray(int c) throws SQLException {
        if (isNull(c)) {
            return null;
        }
        String typeName = columns[c].getTypeName();
        if (wireTypes[c] != STRING || !TextArray.readable(typeName)) {
            throw SqlExceptions.notSupported("getArray on column " + name(c) + " (" + typeName
                    + "): only PostgreSQL arrays are read as java.sql.Array; use getString");
        }
        return TextArray.parse(typeName, v(c));
    }

    private String v(int c) {
        return vectors[c].getStrings(row);
    }

    private java.util.UUID uuid(int c, String text) throws SQLException {
        try {
            return java.util.UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw cannotConvert(c, "UUID", text);
        }
    }

    // ------------------------------------------------------------------ failures

    String name(int c) {
        ColumnMeta column = columns[c];
        String label = column.getLabel().isEmpty() ? column.getName() : column.getLabel();
        return (c + 1) + " (" + label + ")";
    }

    private SQLException cannotConvert(int c, String target, String value) {
        String what = value == null ? columns[c].getTypeName() + " value" : "\"" + DateTimeCodec.abbreviate(value) + "\"";
        return SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST,
                "cannot convert the " + what + " of column " + name(c) + " to " + target);
    }

    private SQLException outOfRange(int c, String target, String value) {
        return SqlExceptions.of(SqlExceptions.NUMERIC_VALUE_OUT_OF_RANGE,
                "the value " + DateTimeCodec.abbreviate(value) + " of column " + name(c) + " is out of range for " + target);
    }

    private static SQLException malformed(String message) {
        return SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION, "malformed result from the Gatehouse sidecar: " + message);
    }
}
