package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.WireType;
import java.sql.Types;
import java.util.Locale;

/** Chooses how a backend column travels: the wire type for a JDBC type and type name. */
final class WireTypes {
  private WireTypes() {}

  static WireType of(int jdbcType, String typeName) {
    String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    // Some drivers report zone-aware types under the plain JDBC type; trust the name.
    if (name.equals("timestamptz") || name.equals("timestamp with time zone")) {
      return WireType.TIMESTAMP_TZ;
    }
    if (name.equals("timetz") || name.equals("time with time zone")) {
      return WireType.TIME_TZ;
    }
    if (name.equals("uuid")) {
      return WireType.STRING;
    }
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> WireType.BOOL;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> WireType.INT64;
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> WireType.DOUBLE;
      case Types.NUMERIC, Types.DECIMAL -> WireType.DECIMAL;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> WireType.BYTES;
      case Types.DATE -> WireType.DATE;
      case Types.TIME -> WireType.TIME;
      case Types.TIMESTAMP -> WireType.TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> WireType.TIMESTAMP_TZ;
      case Types.TIME_WITH_TIMEZONE -> WireType.TIME_TZ;
      default -> WireType.STRING;
    };
  }
}
