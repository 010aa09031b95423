package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.WireType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Turns a JDBC result set into a {@link ResultHeader} and a sequence of columnar
 * {@link RowBatch}es, each cut by a row count and a byte budget.
 */
public final class ResultSetEncoder {
  /** Batches stop growing past this many bytes (estimated), to bound memory per message. */
  static final long MAX_BATCH_BYTES = 1L << 20;

  private final ResultSet rs;
  private final ResultHeader header;
  private final ColumnEncoder[] encoders;
  private final long maxRows;
  private long rowsRead;
  private boolean exhausted;
  private boolean truncated;
  /** Memory the backend driver's fetches should stay within; 0: the fetch size is left alone. */
  private long fetchBudgetBytes;
  /** The largest fetch size to ask for: the one the statement was given. */
  private int maxFetchRows;
  /** The fetch size last set on the result set. */
  private int fetchRows;
  /** The widest row seen so far, in estimated bytes. */
  private long widestRowBytes;

  /**
   * @param maxRows stop after this many rows (0 = no limit); the result is then marked truncated
   */
  public ResultSetEncoder(ResultSet rs, long maxRows) throws SQLException {
    this.rs = rs;
    this.maxRows = maxRows;
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    ResultHeader.Builder h = ResultHeader.newBuilder();
    encoders = new ColumnEncoder[n];
    for (int i = 1; i <= n; i++) {
      WireType wt = WireTypes.of(md.getColumnType(i), md.getColumnTypeName(i));
      h.addColumns(describe(md, i, wt));
      encoders[i - 1] = ColumnEncoder.forType(wt, i);
    }
    header = h.build();
  }

  private static ColumnMeta describe(ResultSetMetaData md, int i, WireType wt)
      throws SQLException {
    ColumnMeta.Builder c =
        ColumnMeta.newBuilder()
            .setName(nz(md.getColumnName(i)))
            .setLabel(nz(md.getColumnLabel(i)))
            .setJdbcType(md.getColumnType(i))
            .setTypeName(nz(md.getColumnTypeName(i)))
            .setPrecision(md.getPrecision(i))
            .setScale(md.getScale(i))
            .setNullable(md.isNullable(i))
            .setCatalog(nz(md.getCatalogName(i)))
            .setSchema(nz(md.getSchemaName(i)))
            .setTable(nz(md.getTableName(i)))
            .setClassName(nz(md.getColumnClassName(i)))
            .setDisplaySize(md.getColumnDisplaySize(i))
            .setAutoIncrement(md.isAutoIncrement(i))
            .setCaseSensitive(md.isCaseSensitive(i))
            .setSigned(md.isSigned(i))
            .setCurrency(md.isCurrency(i))
            .setSearchable(md.isSearchable(i))
            .setWireType(wt);
    return c.build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /**
   * Lets the backend driver's fetch size follow the width of the rows: a driver that fetches
   * ahead (PostgreSQL's cursor, MariaDB's streaming result) holds a whole fetch in memory, and
   * a thousand rows of a megabyte each would take a gigabyte of the sidecar's heap. The
   * statement starts with a small first fetch; as rows arrive the fetch size is set so that a
   * fetch of rows as wide as the widest seen stays within {@code budgetBytes}, at most
   * {@code maxRows}. A fetch already made is what it is: rows wider than any before them, in a
   * fetch sized for narrower ones, are PostgreSQL's {@code maxResultBuffer}'s to stop.
   */
  public void adaptFetchSize(long budgetBytes, int currentRows, int maxRows) {
    this.fetchBudgetBytes = budgetBytes;
    this.fetchRows = currentRows;
    this.maxFetchRows = maxRows;
  }

  /** The fetch size last asked of the backend driver (0 when it is not adapted). */
  int fetchRows() {
    return fetchRows;
  }

  public ResultHeader header() {
    return header;
  }

  /**
   * Reads up to {@code batchRows} rows (fewer when the byte budget fills first).
   *
   * @return the batch, possibly empty when the result is exhausted
   */
  public RowBatch nextBatch(int batchRows) throws SQLException {
    int rows = 0;
    long bytes = 0;
    while (rows < batchRows && bytes < MAX_BATCH_BYTES && !exhausted) {
      if (maxRows > 0 && rowsRead >= maxRows) {
        // Look one row ahead only to tell the agent the result was cut.
        truncated = rs.next();
        exhausted = true;
        break;
      }
      if (!rs.next()) {
        exhausted = true;
        break;
      }
      for (ColumnEncoder e : encoders) {
        e.read(rs);
      }
      rows++;
      rowsRead++;
      // Every row's size (a few additions): a wide row stops the batch at once, and the widest
      // row, not an average that narrow rows dilute, sets the fetch size.
      long now = batchBytes();
      if (now - bytes > widestRowBytes) {
        noteRowWidth(now - bytes);
      }
      bytes = now;
    }
    RowBatch.Builder b = RowBatch.newBuilder().setRowCount(rows);
    for (ColumnEncoder e : encoders) {
      b.addColumns(e.finish());
    }
    return b.build();
  }

  private long batchBytes() {
    long bytes = 0;
    for (ColumnEncoder e : encoders) {
      bytes += e.approxBytes();
    }
    return bytes;
  }

  /** Records the widest row yet and, when fetches are adapted, sets the fetch size it calls for. */
  private void noteRowWidth(long rowBytes) throws SQLException {
    widestRowBytes = rowBytes;
    if (fetchBudgetBytes <= 0) {
      return;
    }
    int wanted = (int) Math.max(1, Math.min(maxFetchRows, fetchBudgetBytes / Math.max(1, rowBytes)));
    if (wanted != fetchRows) {
      fetchRows = wanted;
      rs.setFetchSize(wanted);
    }
  }

  public boolean exhausted() {
    return exhausted;
  }

  /** True when a row limit cut the result. */
  public boolean truncated() {
    return truncated;
  }

  public long rowsRead() {
    return rowsRead;
  }
}
