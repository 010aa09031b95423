package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.sidecar.mask.ValueText;
import java.util.ArrayList;
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
        row.add(ValueText.of(header.getColumns(c), batch.getColumns(c), r));
      }
      rows.add(row);
    }
  }

  List<List<String>> rows() {
    return rows;
  }
}
