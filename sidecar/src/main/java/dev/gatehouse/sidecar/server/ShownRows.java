package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps the first rows of a result as text, exactly as the agent was shown them (after
 * masking), for the audit log's {@code shown_rows} ({@code audit.record_rows}).
 */
final class ShownRows {
  private final int limit;
  private final List<List<String>> rows = new ArrayList<>();
  private ResultHeader header;

  ShownRows(int limit) {
    this.limit = limit;
  }

  boolean full() {
    return rows.size() >= limit;
  }

  void header(ResultHeader h) {
    header = h;
  }

  /** Adds rows of {@code batch} (already masked) until the limit. */
  void add(RowBatch batch) {
    if (header == null) {
      return;
    }
    for (int r = 0; r < batch.getRowCount() && !full(); r++) {
      List<String> row = new ArrayList<>(batch.getColumnsCount());
      for (int c = 0; c < batch.getColumnsCount(); c++) {
        row.add(text(header.getColumns(c), batch.getColumns(c), r));
      }
      rows.add(row);
    }
  }

  List<List<String>> rows() {
    return rows;
  }

  static boolean isNull(ColumnVector v, int row) {
    return !v.getNulls().isEmpty()
        && (row >>> 3) < v.getNulls().size()
        && (v.getNulls().byteAt(row >>> 3) & (1 << (row & 7))) != 0;
  }

  static String text(ColumnMeta meta, ColumnVector v, int r) {
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
