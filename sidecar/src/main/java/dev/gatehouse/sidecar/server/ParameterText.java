package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.Value;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/** A parameter as a reviewer reads it (used only when literals are not redacted). */
final class ParameterText {
  private ParameterText() {}

  static String of(Value v) {
    return switch (v.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> "NULL";
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case LONG_VALUE -> Long.toString(v.getLongValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case FLOAT_VALUE -> Float.toString(v.getFloatValue());
      case DECIMAL_VALUE -> v.getDecimalValue();
      case STRING_VALUE -> "'" + v.getStringValue().replace("'", "''") + "'";
      case BYTES_VALUE -> "X'" + HexFormat.of().formatHex(v.getBytesValue().toByteArray()) + "'";
      case DATE_VALUE -> "DATE '" + LocalDate.ofEpochDay(v.getDateValue()) + "'";
      case TIME_VALUE -> "TIME '" + LocalTime.ofNanoOfDay(v.getTimeValue()) + "'";
      case TIMESTAMP_VALUE -> "TIMESTAMP '" + LocalDateTime.ofEpochSecond(
          v.getTimestampValue().getSeconds(), v.getTimestampValue().getNanos(), ZoneOffset.UTC)
          + "'";
      case TIMESTAMP_TZ_VALUE -> "TIMESTAMP WITH TIME ZONE (epoch "
          + v.getTimestampTzValue().getSeconds() + ")";
      case ARRAY_VALUE -> "ARRAY[" + v.getArrayValue().getElementsCount() + " elements]";
    };
  }
}
