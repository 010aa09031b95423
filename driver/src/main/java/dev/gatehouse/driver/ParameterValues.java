package dev.gatehouse.driver;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ArrayValue;
import dev.gatehouse.proto.v1.LocalTimestamp;
import dev.gatehouse.proto.v1.NullValue;
import dev.gatehouse.proto.v1.OffsetTimestamp;
import dev.gatehouse.proto.v1.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.SQLXML;
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
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns what the application hands a PreparedStatement into wire {@link Value}s. Each value
 * carries the {@code java.sql.Types} code the application implied, so the sidecar can bind it
 * the way the application meant. Streams, readers, Blobs and Clobs are read fully here: a
 * parameter travels with its Execute.
 */
final class ParameterValues {
    private ParameterValues() {}

    static Value nullOf(int sqlType) {
        return Value.newBuilder().setNullValue(NullValue.newBuilder().setSqlType(sqlType)).setSqlType(sqlType).build();
    }

    static Value ofBoolean(boolean value) {
        return Value.newBuilder().setBoolValue(value).setSqlType(Types.BOOLEAN).build();
    }

    static Value ofLong(long value, int sqlType) {
        return Value.newBuilder().setLongValue(value).setSqlType(sqlType).build();
    }

    static Value ofFloat(float value) {
        return Value.newBuilder().setFloatValue(value).setSqlType(Types.REAL).build();
    }

    static Value ofDouble(double value) {
        return Value.newBuilder().setDoubleValue(value).setSqlType(Types.DOUBLE).build();
    }

    static Value ofDecimal(BigDecimal value) {
        return value == null ? nullOf(Types.DECIMAL)
                : Value.newBuilder().setDecimalValue(value.toString()).setSqlType(Types.DECIMAL).build();
    }

    static Value ofString(String value, int sqlType) {
        return value == null ? nullOf(sqlType)
                : Value.newBuilder().setStringValue(value).setSqlType(sqlType).build();
    }

    static Value ofBytes(byte[] value, int sqlType) {
        return value == null ? nullOf(sqlType)
                : Value.newBuilder().setBytesValue(ByteString.copyFrom(value)).setSqlType(sqlType).build();
    }

    static Value ofDate(LocalDate date) {
        return Value.newBuilder().setDateValue(date.toEpochDay()).setSqlType(Types.DATE).build();
    }

    static Value ofDate(Date date, Calendar calendar) {
        return date == null ? nullOf(Types.DATE) : ofDate(DateTimeCodec.localDate(date, calendar));
    }

    static Value ofTime(LocalTime time) {
        return Value.newBuilder().setTimeValue(time.toNanoOfDay()).setSqlType(Types.TIME).build();
    }

    static Value ofTime(Time time, Calendar calendar) {
        return time == null ? nullOf(Types.TIME) : ofTime(DateTimeCodec.localTime(time, calendar));
    }

    static Value ofTimestamp(LocalDateTime dateTime) {
        return Value.newBuilder()
                .setTimestampValue(LocalTimestamp.newBuilder()
                        .setSeconds(dateTime.toEpochSecond(ZoneOffset.UTC))
                        .setNanos(dateTime.getNano()))
                .setSqlType(Types.TIMESTAMP)
                .build();
    }

    static Value ofTimestamp(Timestamp timestamp, Calendar calendar) {
        return timestamp == null ? nullOf(Types.TIMESTAMP)
                : ofTimestamp(DateTimeCodec.localDateTime(timestamp, calendar));
    }

    static Value ofTimestampTz(OffsetDateTime dateTime) {
        return Value.newBuilder()
                .setTimestampTzValue(OffsetTimestamp.newBuilder()
                        .setSeconds(dateTime.toEpochSecond())
                        .setNanos(dateTime.getNano())
                        .setOffsetSeconds(dateTime.getOffset().getTotalSeconds()))
                .setSqlType(Types.TIMESTAMP_WITH_TIMEZONE)
                .build();
    }

    /** The wire has no TIME WITH TIME ZONE value; its ISO text with the type code says what it is. */
    static Value ofTimeTz(OffsetTime time) {
        return ofString(time.toString(), Types.TIME_WITH_TIMEZONE);
    }

    /** {@code setObject(index, value)}: the type follows from the Java class (JDBC table B-4). */
    static Value ofObject(Object value) throws SQLException {
        if (value == null) {
            return nullOf(Types.NULL);
        }
        if (value instanceof String text) {
            return ofString(text, Types.VARCHAR);
        }
        if (value instanceof Integer number) {
            return ofLong(number, Types.INTEGER);
        }
        if (value instanceof Long number) {
            return ofLong(number, Types.BIGINT);
        }
        if (value instanceof Short number) {
            return ofLong(number, Types.SMALLINT);
        }
        if (value instanceof Byte number) {
            return ofLong(number, Types.TINYINT);
        }
        if (value instanceof Boolean bool) {
            return ofBoolean(bool);
        }
        if (value instanceof Double number) {
            return ofDouble(number);
        }
        if (value instanceof Float number) {
            return ofFloat(number);
        }
        if (value instanceof BigDecimal number) {
            return ofDecimal(number);
        }
        if (value instanceof BigInteger number) {
            return Value.newBuilder().setDecimalValue(number.toString()).setSqlType(Types.NUMERIC).build();
        }
        if (value instanceof byte[] bytes) {
            return ofBytes(bytes, Types.VARBINARY);
        }
        if (value instanceof Timestamp timestamp) {
            return ofTimestamp(timestamp, null);
        }
        if (value instanceof Date date) {
            return ofDate(date, null);
        }
        if (value instanceof Time time) {
            return ofTime(time, null);
        }
        if (value instanceof java.util.Date date) {
            return ofTimestamp(new Timestamp(date.getTime()), null);
        }
        if (value instanceof LocalDate date) {
            return ofDate(date);
        }
        if (value instanceof LocalTime time) {
            return ofTime(time);
        }
        if (value instanceof LocalDateTime dateTime) {
            return ofTimestamp(dateTime);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return ofTimestampTz(dateTime);
        }
        if (value instanceof ZonedDateTime dateTime) {
            return ofTimestampTz(dateTime.toOffsetDateTime());
        }
        if (value instanceof Instant instant) {
            return ofTimestampTz(instant.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof OffsetTime time) {
            return ofTimeTz(time);
        }
        if (value instanceof Calendar calendar) {
            return ofTimestampTz(OffsetDateTime.ofInstant(calendar.toInstant(), calendar.getTimeZone().toZoneId()));
        }
        if (value instanceof UUID uuid) {
            return ofString(uuid.toString(), Types.OTHER);
        }
        if (value instanceof Character character) {
            return ofString(character.toString(), Types.CHAR);
        }
        if (value instanceof Number number) {
            // AtomicLong, LongAdder, a library's own Number: its exact decimal text when it has one
            return Value.newBuilder().setDecimalValue(new BigDecimal(number.toString()).toString())
                    .setSqlType(Types.NUMERIC).build();
        }
        return ofOther(value);
    }

    private static Value ofOther(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return ofBytes(read(blob), Types.BLOB);
        }
        if (value instanceof Clob clob) {
            return ofString(read(clob), Types.CLOB);
        }
        if (value instanceof SQLXML xml) {
            return ofString(xml.getString(), Types.SQLXML);
        }
        if (value instanceof InputStream stream) {
            return ofBytes(read(stream, -1), Types.LONGVARBINARY);
        }
        if (value instanceof Reader reader) {
            return ofString(read(reader, -1), Types.LONGVARCHAR);
        }
        if (value instanceof URL url) {
            return ofString(url.toString(), Types.DATALINK);
        }
        if (value instanceof Array array) {
            return ofArray(array.getArray(), Types.ARRAY);
        }
        if (value instanceof Object[] elements) {
            return ofArray(elements, Types.ARRAY);
        }
        if (value instanceof Enum<?> constant) {
            return ofString(constant.name(), Types.VARCHAR);
        }
        throw SqlExceptions.of(SqlExceptions.FEATURE_NOT_SUPPORTED, "setObject cannot send a "
                + value.getClass().getName() + "; convert it to a String, Number, byte[] or java.time value");
    }

    static Value ofArray(Object elements, int sqlType) throws SQLException {
        if (!(elements instanceof Object[] array)) {
            throw SqlExceptions.of(SqlExceptions.FEATURE_NOT_SUPPORTED,
                    "arrays of primitives cannot be sent; use an array of boxed values");
        }
        ArrayValue.Builder builder = ArrayValue.newBuilder();
        for (Object element : array) {
            builder.addElements(ofObject(element));
        }
        return Value.newBuilder().setArrayValue(builder).setSqlType(sqlType).build();
    }

    /**
     * {@code setObject(index, value, targetSqlType[, scaleOrLength])}: the value converted to the
     * target type where JDBC's conversion table allows it, and tagged with that type.
     */
    static Value ofObject(Object value, int targetSqlType, int scaleOrLength) throws SQLException {
        if (value == null) {
            return nullOf(targetSqlType);
        }
        Value converted = convert(value, targetSqlType, scaleOrLength);
        return converted.toBuilder().setSqlType(targetSqlType).build();
    }

    private static Value convert(Object value, int target, int scaleOrLength) throws SQLException {
        switch (target) {
            case Types.BIT:
            case Types.BOOLEAN:
                return ofBoolean(toBoolean(value));
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return ofLong(toLong(value, target), target);
            case Types.REAL:
                return ofFloat(toDecimal(value).floatValue());
            case Types.FLOAT:
            case Types.DOUBLE:
                return ofDouble(value instanceof Number n && !(value instanceof BigDecimal) ? n.doubleValue()
                        : toDecimal(value).doubleValue());
            case Types.NUMERIC:
            case Types.DECIMAL:
                BigDecimal decimal = toDecimal(value);
                return ofDecimal(scaleOrLength > 0 ? decimal.setScale(scaleOrLength, RoundingMode.HALF_UP) : decimal);
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return ofString(toText(value), target);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return ofBytes(toBytes(value), target);
            case Types.DATE:
                return ofDate(toLocalDate(value));
            case Types.TIME:
                return ofTime(toLocalTime(value));
            case Types.TIMESTAMP:
                return ofTimestamp(toLocalDateTime(value));
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return ofTimestampTz(toOffsetDateTime(value));
            case Types.TIME_WITH_TIMEZONE:
                return value instanceof OffsetTime time ? ofTimeTz(time) : ofString(value.toString(), target);
            default:
                return ofObject(value);
        }
    }

    private static boolean toBoolean(Object value) throws SQLException {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return toDecimal(number).signum() != 0;
        }
        if (value instanceof String text) {
            Boolean parsed = parseBoolean(text);
            if (parsed != null) {
                return parsed;
            }
        }
        throw cannotConvert(value, "BOOLEAN");
    }

    /** The words databases accept for booleans; null for anything else. */
    static Boolean parseBoolean(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "t": case "yes": case "y": case "on": case "1":
                return Boolean.TRUE;
            case "false": case "f": case "no": case "n": case "off": case "0":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static long toLong(Object value, int target) throws SQLException {
        if (value instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        BigDecimal decimal = toDecimal(value);
        try {
            long whole = decimal.longValueExact();
            long min = target == Types.TINYINT ? Byte.MIN_VALUE : target == Types.SMALLINT ? Short.MIN_VALUE
                    : target == Types.INTEGER ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = target == Types.TINYINT ? Byte.MAX_VALUE : target == Types.SMALLINT ? Short.MAX_VALUE
                    : target == Types.INTEGER ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (whole >= min && whole <= max) {
                return whole;
            }
        } catch (ArithmeticException e) {
            // a fraction or a value beyond long: reported below
        }
        throw SqlExceptions.of(SqlExceptions.NUMERIC_VALUE_OUT_OF_RANGE, "the parameter value " + decimal
                + " is not a whole number in the range of " + typeName(target));
    }

    private static BigDecimal toDecimal(Object value) throws SQLException {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw cannotConvert(value, "a number with digits");
            }
            return value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(number);
        }
        if (value instanceof Boolean bool) {
            return bool ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(value, "a number");
            }
        }
        throw cannotConvert(value, "a number");
    }

    private static String toText(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return read(clob);
        }
        if (value instanceof Reader reader) {
            return read(reader, -1);
        }
        if (value instanceof byte[]) {
            throw cannotConvert(value, "text");
        }
        if (value instanceof Timestamp timestamp) {
            return DateTimeCodec.SQL_TIMESTAMP.format(timestamp.toLocalDateTime());
        }
        if (value instanceof LocalDateTime dateTime) {
            return DateTimeCodec.SQL_TIMESTAMP.format(dateTime);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    private static byte[] toBytes(Object value) throws SQLException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Blob blob) {
            return read(blob);
        }
        if (value instanceof InputStream stream) {
            return read(stream, -1);
        }
        throw cannotConvert(value, "bytes");
    }

    private static LocalDate toLocalDate(Object value) throws SQLException {
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        return toLocalDateTime(value).toLocalDate();
    }

    private static LocalTime toLocalTime(Object value) throws SQLException {
        if (value instanceof Time time) {
            return DateTimeCodec.localTime(time, null);
        }
        if (value instanceof LocalTime time) {
            return time;
        }
        if (value instanceof OffsetTime time) {
            return time.toLocalTime();
        }
        if (value instanceof String text) {
            TemporalAccessor parsed = DateTimeCodec.parseTime(text, "parameter");
            return parsed instanceof OffsetTime offset ? offset.toLocalTime() : (LocalTime) parsed;
        }
        return toLocalDateTime(value).toLocalTime();
    }

    private static LocalDateTime toLocalDateTime(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof Date date) {
            return date.toLocalDate().atStartOfDay();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (value instanceof java.util.Date date) {
            return LocalDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
        }
        if (value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof Instant
                || value instanceof Calendar) {
            return LocalDateTime.ofInstant(toOffsetDateTime(value).toInstant(), ZoneId.systemDefault());
        }
        if (value instanceof String text) {
            TemporalAccessor parsed = DateTimeCodec.parseDateTime(text, "parameter");
            if (parsed instanceof LocalDate date) {
                return date.atStartOfDay();
            }
            return parsed instanceof OffsetDateTime offset
                    ? LocalDateTime.ofInstant(offset.toInstant(), ZoneId.systemDefault()) : (LocalDateTime) parsed;
        }
        throw cannotConvert(value, "a date-time");
    }

    private static OffsetDateTime toOffsetDateTime(Object value) throws SQLException {
        if (value instanceof OffsetDateTime dateTime) {
            return dateTime;
        }
        if (value instanceof ZonedDateTime dateTime) {
            return dateTime.toOffsetDateTime();
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Calendar calendar) {
            return OffsetDateTime.ofInstant(calendar.toInstant(), calendar.getTimeZone().toZoneId());
        }
        if (value instanceof java.util.Date date && !(value instanceof Date) && !(value instanceof Time)) {
            return OffsetDateTime.ofInstant(date.toInstant(), ZoneId.systemDefault());
        }
        if (value instanceof String text) {
            TemporalAccessor parsed = DateTimeCodec.parseDateTime(text, "parameter");
            if (parsed instanceof OffsetDateTime offset) {
                return offset;
            }
        }
        return toLocalDateTime(value).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    private static SQLException cannotConvert(Object value, String target) {
        return SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST,
                "a " + value.getClass().getSimpleName() + " parameter cannot be sent as " + target);
    }

    private static String typeName(int sqlType) {
        try {
            return java.sql.JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
            return "type " + sqlType;
        }
    }

    // ------------------------------------------------------------------ reading streams fully

    /**
     * Reads a stream to its end, or exactly {@code length} bytes when length is 0 or more: a
     * stream shorter than the length it was announced with is an error, not a silent truncation.
     */
    static byte[] read(InputStream stream, long length) throws SQLException {
        if (stream == null) {
            return null;
        }
        try {
            if (length < 0) {
                return stream.readAllBytes();
            }
            checkLength(length);
            byte[] bytes = stream.readNBytes((int) length);
            if (bytes.length < length) {
                throw shortStream(bytes.length, length);
            }
            return bytes;
        } catch (IOException e) {
            throw SqlExceptions.of("HY000", "cannot read the parameter's stream: " + e.getMessage(), e);
        }
    }

    static String read(Reader reader, long length) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            long wanted = length < 0 ? Long.MAX_VALUE : length;
            if (length >= 0) {
                checkLength(length);
            }
            while (text.length() < wanted) {
                int count = reader.read(buffer, 0, (int) Math.min(buffer.length, wanted - text.length()));
                if (count < 0) {
                    break;
                }
                text.append(buffer, 0, count);
            }
            if (length >= 0 && text.length() < length) {
                throw shortStream(text.length(), length);
            }
            return text.toString();
        } catch (IOException e) {
            throw SqlExceptions.of("HY000", "cannot read the parameter's reader: " + e.getMessage(), e);
        }
    }

    static String readAscii(InputStream stream, long length) throws SQLException {
        byte[] bytes = read(stream, length);
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    static byte[] read(Blob blob) throws SQLException {
        if (blob == null) {
            return null;
        }
        long length = blob.length();
        checkLength(length);
        return blob.getBytes(1, (int) length);
    }

    static String read(Clob clob) throws SQLException {
        if (clob == null) {
            return null;
        }
        long length = clob.length();
        checkLength(length);
        return clob.getSubString(1, (int) length);
    }

    private static void checkLength(long length) throws SQLException {
        if (length > Integer.MAX_VALUE - 8) {
            throw SqlExceptions.of("54000", "a parameter of " + length + " bytes is too large to send");
        }
    }

    private static SQLException shortStream(long actual, long announced) {
        return SqlExceptions.of(SqlExceptions.INVALID_PARAMETER_VALUE,
                "the parameter's stream ended after " + actual + " of the " + announced + " announced");
    }
}
