package dev.gatehouse.sidecar.mask;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * A value of a column vector as text: what a masking method works on (a masked number or date is
 * masked in its text form), and what the audit log shows of the rows an agent was given.
 */
public final class ValueText {
  private ValueText() {}

  public static boolean isNull(ColumnVector v, int row) {
    ByteString nulls = v.getNulls();
    return !nulls.isEmpty() && (row >>> 3) < nulls.size()
        && (nulls.byteAt(row >>> 3) & (1 << (row & 7))) != 0;
  }

  /** Row {@code row}'s bit in the null bitmap {@code nulls}; a row past its end is not null. */
  static boolean isNull(byte[] nulls, int row) {
    return (row >>> 3) < nulls.length && (nulls[row >>> 3] & (1 << (row & 7))) != 0;
  }

  /** Sets row {@code row}'s bit in the null bitmap {@code bits}. */
  static void setNull(byte[] bits, int row) {
    bits[row >>> 3] |= (byte) (1 << (row & 7));
  }

  /** The null bitmap {@code nulls} with row {@code row} set. */
  static ByteString withNull(ByteString nulls, int row, int rows) {
    byte[] bits = new byte[(rows + 7) >>> 3];
    byte[] old = nulls.toByteArray();
    System.arraycopy(old, 0, bits, 0, Math.min(old.length, bits.length));
    setNull(bits, row);
    return ByteString.copyFrom(bits);
  }

  /** The value of row {@code r} as text, or {@code null}. */
  public static String of(ColumnMeta meta, ColumnVector v, int r) {
    if (isNull(v, r)) {
      return null;
    }
    return switch (meta.getWireType()) {
      case BOOL -> Boolean.toString(v.getBools(r));
      case INT64 -> Long.toString(v.getLongs(r));
      case DOUBLE -> Double.toString(v.getDoubles(r));
      case BYTES -> "\\x" + HexFormat.of().formatHex(v.getBlobs(r).toByteArray());
      case DATE -> LocalDate.ofEpochDay(v.getLongs(r)).toString();
      case TIME -> LocalTime.ofNanoOfDay(v.getLongs(r)).toString();
      case TIMESTAMP ->
          LocalDateTime.ofEpochSecond(v.getLongs(r), v.getInts(r), ZoneOffset.UTC).toString();
      case TIMESTAMP_TZ ->
          Instant.ofEpochSecond(v.getLongs(r), v.getInts(r))
              .atOffset(ZoneOffset.ofTotalSeconds(v.getInts2(r)))
              .toString();
      case TIME_TZ ->
          LocalTime.ofNanoOfDay(v.getLongs(r))
              .atOffset(ZoneOffset.ofTotalSeconds(v.getInts2(r)))
              .toString();
      default -> v.getStrings(r);
    };
  }
}
