package dev.gatehouse.driver;

import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;

/**
 * The date-time rules shared by parameters and results.
 *
 * <p>On the wire a DATE is an epoch day, a TIME a nano of day, a TIMESTAMP the local date-time
 * read as UTC, and the zoned kinds carry their offset: no time zone is applied in transit. The
 * legacy {@code java.sql} types are instants, so a zone is needed to turn them into local values:
 * the Calendar's when the application gives one, else the JVM's default, as JDBC specifies.
 */
final class DateTimeCodec {
    /** {@code 2024-05-06 07:08:09.123}: the SQL form, as drivers return it from getString. */
    static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    static final DateTimeFormatter SQL_TIMESTAMP_TZ = new DateTimeFormatterBuilder()
            .append(SQL_TIMESTAMP)
            .appendOffset("+HH:MM:ss", "+00:00")
            .toFormatter();
    static final DateTimeFormatter SQL_TIME_TZ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffset("+HH:MM:ss", "+00:00")
            .toFormatter();
    /** Reads what text columns hold: a date, optionally a time after 'T' or a space, optionally an offset. */
    private static final DateTimeFormatter LENIENT_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:mm:ss", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter LENIENT_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:mm:ss", "Z").optionalEnd()
            .toFormatter();

    private DateTimeCodec() {}

    static ZoneId zone(Calendar calendar) {
        return calendar == null ? ZoneId.systemDefault() : calendar.getTimeZone().toZoneId();
    }

    // ------------------------------------------------------------------ java.sql → local values

    /** The date a java.sql.Date stands for: its fields in the JVM zone, or its instant in the Calendar's. */
    static LocalDate localDate(Date date, Calendar calendar) {
        if (calendar == null) {
            return date.toLocalDate();
        }
        return Instant.ofEpochMilli(date.getTime()).atZone(zone(calendar)).toLocalDate();
    }

    /** Keeps the milliseconds, which {@link Time#toLocalTime()} drops. */
    static LocalTime localTime(Time time, Calendar calendar) {
        if (calendar == null) {
            return time.toLocalTime().withNano((int) Math.floorMod(time.getTime(), 1000L) * 1_000_000);
        }
        return Instant.ofEpochMilli(time.getTime()).atZone(zone(calendar)).toLocalTime();
    }

    static LocalDateTime localDateTime(Timestamp timestamp, Calendar calendar) {
        if (calendar == null) {
            return timestamp.toLocalDateTime();
        }
        return LocalDateTime.ofInstant(timestamp.toInstant(), zone(calendar));
    }

    // ------------------------------------------------------------------ local values → java.sql

    static Date sqlDate(LocalDate date, Calendar calendar) {
        if (calendar == null) {
            return Date.valueOf(date);
        }
        return new Date(date.atStartOfDay(zone(calendar)).toInstant().toEpochMilli());
    }

    static Time sqlTime(LocalTime time, Calendar calendar) {
        long millis = LocalDate.EPOCH.atTime(time).atZone(zone(calendar)).toInstant().toEpochMilli();
        return new Time(millis);
    }

    static Timestamp sqlTimestamp(LocalDateTime dateTime, Calendar calendar) {
        if (calendar == null) {
            return Timestamp.valueOf(dateTime);
        }
        return Timestamp.from(dateTime.atZone(zone(calendar)).toInstant());
    }

    // ------------------------------------------------------------------ wire values

    static LocalDate fromEpochDay(long epochDay) throws SQLException {
        try {
            return LocalDate.ofEpochDay(epochDay);
        } catch (DateTimeException e) {
            throw outOfRange("epoch day " + epochDay, e);
        }
    }

    static LocalTime fromNanoOfDay(long nanoOfDay) throws SQLException {
        try {
            return LocalTime.ofNanoOfDay(nanoOfDay);
        } catch (DateTimeException e) {
            throw outOfRange("nano of day " + nanoOfDay, e);
        }
    }

    static LocalDateTime fromLocalSeconds(long seconds, int nanos) throws SQLException {
        try {
            return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw outOfRange("timestamp " + seconds + "s " + nanos + "ns", e);
        }
    }

    static OffsetDateTime fromInstantSeconds(long seconds, int nanos, int offsetSeconds) throws SQLException {
        try {
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            throw outOfRange("timestamp " + seconds + "s " + nanos + "ns offset " + offsetSeconds + "s", e);
        }
    }

    static OffsetTime fromNanoOfDay(long nanoOfDay, int offsetSeconds) throws SQLException {
        try {
            return OffsetTime.of(LocalTime.ofNanoOfDay(nanoOfDay), ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            throw outOfRange("time " + nanoOfDay + "ns offset " + offsetSeconds + "s", e);
        }
    }

    private static SQLException outOfRange(String what, Exception cause) {
        return SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION,
                "the Gatehouse sidecar sent an impossible date-time value (" + what + ")", cause);
    }

    // ------------------------------------------------------------------ text

    /**
     * Parses a date-time held in a text column: {@code 2024-05-06}, {@code 2024-05-06 07:08:09.5},
     * {@code 2024-05-06T07:08:09Z}, {@code …+02:00}. Returns a LocalDate, LocalDateTime or
     * OffsetDateTime.
     */
    static TemporalAccessor parseDateTime(String text, String column) throws SQLException {
        try {
            return LENIENT_DATE_TIME.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw cannotParse(text, column, "a date or timestamp", e);
        }
    }

    /** Parses {@code 07:08:09[.123][+02:00]} into a LocalTime or OffsetTime. */
    static TemporalAccessor parseTime(String text, String column) throws SQLException {
        try {
            return LENIENT_TIME.parseBest(text.trim(), OffsetTime::from, LocalTime::from);
        } catch (DateTimeParseException e) {
            // a full timestamp also gives a time
            TemporalAccessor dateTime = parseDateTime(text, column);
            if (dateTime instanceof OffsetDateTime offset) {
                return offset.toOffsetTime();
            }
            if (dateTime instanceof LocalDateTime local) {
                return local.toLocalTime();
            }
            throw cannotParse(text, column, "a time", e);
        }
    }

    private static SQLException cannotParse(String text, String column, String what, Exception cause) {
        return SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST,
                "column " + column + " holds \"" + abbreviate(text) + "\", which is not " + what, cause);
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
