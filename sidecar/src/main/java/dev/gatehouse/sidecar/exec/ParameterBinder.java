package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Binds protocol {@link Value}s to a backend {@link PreparedStatement}. */
final class ParameterBinder {
  private ParameterBinder() {}

  static void bind(PreparedStatement ps, List<Value> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      bind(ps, i + 1, values.get(i));
    }
  }

  static void bind(PreparedStatement ps, int i, Value v) throws SQLException {
    int type = v.getSqlType();
    switch (v.getKindCase()) {
      case NULL_VALUE -> ps.setNull(i, nullType(v.getNullValue().getSqlType()));
      case BOOL_VALUE -> ps.setBoolean(i, v.getBoolValue());
      case LONG_VALUE -> bindLong(ps, i, v.getLongValue(), type);
      case DOUBLE_VALUE -> ps.setDouble(i, v.getDoubleValue());
      case FLOAT_VALUE -> ps.setFloat(i, v.getFloatValue());
      case DECIMAL_VALUE -> ps.setBigDecimal(i, new BigDecimal(v.getDecimalValue()));
      case STRING_VALUE -> bindString(ps, i, v.getStringValue(), type);
      case BYTES_VALUE -> ps.setBytes(i, v.getBytesValue().toByteArray());
      case DATE_VALUE -> ps.setObject(i, LocalDate.ofEpochDay(v.getDateValue()));
      case TIME_VALUE -> ps.setObject(i, LocalTime.ofNanoOfDay(v.getTimeValue()));
      case TIMESTAMP_VALUE ->
          ps.setObject(
              i,
              LocalDateTime.ofEpochSecond(
                  v.getTimestampValue().getSeconds(),
                  v.getTimestampValue().getNanos(),
                  ZoneOffset.UTC));
      case TIMESTAMP_TZ_VALUE -> {
        var t = v.getTimestampTzValue();
        OffsetDateTime odt =
            Instant.ofEpochSecond(t.getSeconds(), t.getNanos())
                .atOffset(ZoneOffset.ofTotalSeconds(t.getOffsetSeconds()));
        ps.setObject(i, odt);
      }
      case ARRAY_VALUE ->
          throw new GatehouseException(
              GatehouseException.FEATURE_NOT_SUPPORTED,
              "array parameters are not supported yet (parameter " + i + ")");
      case KIND_NOT_SET ->
          throw new GatehouseException(
              GatehouseException.PROTOCOL_VIOLATION, "parameter " + i + " has no value");
    }
  }

  private static int nullType(int t) {
    return t == 0 ? Types.NULL : t;
  }

  private static void bindLong(PreparedStatement ps, int i, long v, int type)
      throws SQLException {
    switch (type) {
      case Types.TINYINT -> ps.setByte(i, (byte) v);
      case Types.SMALLINT -> ps.setShort(i, (short) v);
      case Types.INTEGER -> ps.setInt(i, (int) v);
      default -> ps.setLong(i, v);
    }
  }

  /**
   * Text for a column of a type JDBC has no name for (json, interval, inet): PostgreSQL takes it
   * as {@code OTHER} and lets the column's type read it; MariaDB's driver refuses {@code OTHER},
   * and its json and similar columns take plain text.
   */
  private static void bindUntyped(PreparedStatement ps, int i, String v) throws SQLException {
    try {
      ps.setObject(i, v, Types.OTHER);
    } catch (SQLException refused) {
      ps.setString(i, v);
    }
  }

  private static void bindString(PreparedStatement ps, int i, String v, int type)
      throws SQLException {
    if (type == Types.OTHER) {
      // UUIDs travel as text with type OTHER; bind them as UUID where the backend has the type.
      try {
        ps.setObject(i, UUID.fromString(v));
        return;
      } catch (IllegalArgumentException notUuid) {
        bindUntyped(ps, i, v);
        return;
      }
    }
    if (type == Types.NVARCHAR || type == Types.NCHAR || type == Types.LONGNVARCHAR) {
      ps.setNString(i, v);
      return;
    }
    ps.setString(i, v);
  }
}
