package dev.gatehouse.sidecar.exec;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.WireType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Reads one column of a JDBC result set, row after row, into a columnar {@link ColumnVector}.
 * One encoder per column and result set; reused across batches ({@link #finish} resets it).
 *
 * <p>Hot path: called once per cell. No allocation beyond what the backend driver's getter
 * returns and the protobuf arrays grow by.
 */
abstract class ColumnEncoder {
  final int index;
  private byte[] nulls = new byte[64];
  private boolean anyNull;
  int rows;
  ColumnVector.Builder vector = ColumnVector.newBuilder();

  ColumnEncoder(int index) {
    this.index = index;
  }

  /** Reads the current row's value of this column and appends it. */
  abstract void read(ResultSet rs) throws SQLException;

  /** Rough bytes appended so far, to cut batches by size. */
  abstract long approxBytes();

  final void markNull() {
    int byteIndex = rows >>> 3;
    if (byteIndex >= nulls.length) {
      nulls = Arrays.copyOf(nulls, Math.max(nulls.length * 2, byteIndex + 1));
    }
    nulls[byteIndex] |= (byte) (1 << (rows & 7));
    anyNull = true;
  }

  /** Hands out the column vector for the rows read so far and starts a new one. */
  final ColumnVector finish() {
    if (anyNull) {
      vector.setNulls(ByteString.copyFrom(nulls, 0, (rows + 7) >>> 3));
      Arrays.fill(nulls, 0, Math.min(nulls.length, (rows + 7) >>> 3), (byte) 0);
    }
    ColumnVector v = vector.build();
    vector = ColumnVector.newBuilder();
    anyNull = false;
    rows = 0;
    resetSize();
    return v;
  }

  abstract void resetSize();

  /** The encoder for a wire type. */
  static ColumnEncoder forType(WireType type, int index) {
    return switch (type) {
      case BOOL -> new BoolEncoder(index);
      case INT64 -> new LongEncoder(index);
      case DOUBLE -> new DoubleEncoder(index);
      case DECIMAL -> new DecimalEncoder(index);
      case BYTES -> new BytesEncoder(index);
      case DATE -> new DateEncoder(index);
      case TIME -> new TimeEncoder(index);
      case TIMESTAMP -> new TimestampEncoder(index);
      case TIMESTAMP_TZ -> new TimestampTzEncoder(index);
      case TIME_TZ -> new TimeTzEncoder(index);
      default -> new StringEncoder(index);
    };
  }

  private abstract static class Fixed extends ColumnEncoder {
    private final int width;

    Fixed(int index, int width) {
      super(index);
      this.width = width;
    }

    @Override
    long approxBytes() {
      return (long) rows * width;
    }

    @Override
    void resetSize() {}
  }

  static final class BoolEncoder extends Fixed {
    BoolEncoder(int index) {
      super(index, 1);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      boolean v = rs.getBoolean(index);
      if (rs.wasNull()) {
        markNull();
      }
      vector.addBools(v);
      rows++;
    }
  }

  static final class LongEncoder extends Fixed {
    LongEncoder(int index) {
      super(index, 8);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      long v = rs.getLong(index);
      if (rs.wasNull()) {
        markNull();
      }
      vector.addLongs(v);
      rows++;
    }
  }

  static final class DoubleEncoder extends Fixed {
    DoubleEncoder(int index) {
      super(index, 8);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      double v = rs.getDouble(index);
      if (rs.wasNull()) {
        markNull();
      }
      vector.addDoubles(v);
      rows++;
    }
  }

  static final class DateEncoder extends Fixed {
    DateEncoder(int index) {
      super(index, 4);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      LocalDate v = rs.getObject(index, LocalDate.class);
      if (v == null) {
        markNull();
        vector.addLongs(0);
      } else {
        vector.addLongs(v.toEpochDay());
      }
      rows++;
    }
  }

  static final class TimeEncoder extends Fixed {
    TimeEncoder(int index) {
      super(index, 8);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      LocalTime v = rs.getObject(index, LocalTime.class);
      if (v == null) {
        markNull();
        vector.addLongs(0);
      } else {
        vector.addLongs(v.toNanoOfDay());
      }
      rows++;
    }
  }

  static final class TimestampEncoder extends Fixed {
    TimestampEncoder(int index) {
      super(index, 12);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      LocalDateTime v = rs.getObject(index, LocalDateTime.class);
      if (v == null) {
        markNull();
        vector.addLongs(0).addInts(0);
      } else {
        vector.addLongs(v.toEpochSecond(ZoneOffset.UTC)).addInts(v.getNano());
      }
      rows++;
    }
  }

  static final class TimestampTzEncoder extends Fixed {
    TimestampTzEncoder(int index) {
      super(index, 16);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
      if (v == null) {
        markNull();
        vector.addLongs(0).addInts(0).addInts2(0);
      } else {
        vector
            .addLongs(v.toEpochSecond())
            .addInts(v.getNano())
            .addInts2(v.getOffset().getTotalSeconds());
      }
      rows++;
    }
  }

  static final class TimeTzEncoder extends Fixed {
    TimeTzEncoder(int index) {
      super(index, 12);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      OffsetTime v = rs.getObject(index, OffsetTime.class);
      if (v == null) {
        markNull();
        vector.addLongs(0).addInts2(0);
      } else {
        vector.addLongs(v.toLocalTime().toNanoOfDay()).addInts2(v.getOffset().getTotalSeconds());
      }
      rows++;
    }
  }

  private abstract static class Variable extends ColumnEncoder {
    long bytes;

    Variable(int index) {
      super(index);
    }

    @Override
    long approxBytes() {
      return bytes;
    }

    @Override
    void resetSize() {
      bytes = 0;
    }
  }

  static class StringEncoder extends Variable {
    StringEncoder(int index) {
      super(index);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      String v = rs.getString(index);
      if (v == null) {
        markNull();
        vector.addStrings("");
      } else {
        vector.addStrings(v);
        bytes += v.length() + 2;
      }
      rows++;
    }
  }

  static final class DecimalEncoder extends Variable {
    DecimalEncoder(int index) {
      super(index);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      BigDecimal v = rs.getBigDecimal(index);
      if (v == null) {
        markNull();
        vector.addStrings("");
      } else {
        String s = v.toString();
        vector.addStrings(s);
        bytes += s.length() + 2;
      }
      rows++;
    }
  }

  static final class BytesEncoder extends Variable {
    BytesEncoder(int index) {
      super(index);
    }

    @Override
    void read(ResultSet rs) throws SQLException {
      byte[] v = rs.getBytes(index);
      if (v == null) {
        markNull();
        vector.addBlobs(ByteString.EMPTY);
      } else {
        vector.addBlobs(ByteString.copyFrom(v));
        bytes += v.length + 4;
      }
      rows++;
    }
  }
}
