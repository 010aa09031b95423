package dev.gatehouse.sidecar.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.WireType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultSetEncoderTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:h2:mem:encoder" + System.nanoTime());
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private ResultSet query(String sql) throws SQLException {
    Statement s = c.createStatement();
    return s.executeQuery(sql);
  }

  @Test
  void encodesEveryWireTypeWithNullsInTheBitmap() throws SQLException {
    ResultSet rs =
        query(
            "SELECT * FROM (VALUES "
                + "(TRUE, CAST(42 AS BIGINT), CAST(1.5 AS DOUBLE), CAST(12.30 AS DECIMAL(10,2)),"
                + " 'text', X'CAFE', DATE '2024-02-29', TIME '13:14:15',"
                + " TIMESTAMP '2024-02-29 13:14:15.123456',"
                + " TIMESTAMP WITH TIME ZONE '2024-02-29 13:14:15+02:00'),"
                + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) AS t");
    ResultSetEncoder enc = new ResultSetEncoder(rs, 0);
    WireType[] expected = {
      WireType.BOOL, WireType.INT64, WireType.DOUBLE, WireType.DECIMAL, WireType.STRING,
      WireType.BYTES, WireType.DATE, WireType.TIME, WireType.TIMESTAMP, WireType.TIMESTAMP_TZ
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], enc.header().getColumns(i).getWireType(), "column " + (i + 1));
    }
    RowBatch b = enc.nextBatch(100);
    assertEquals(2, b.getRowCount());
    assertTrue(enc.exhausted());
    assertTrue(b.getColumns(0).getBools(0));
    assertEquals(42L, b.getColumns(1).getLongs(0));
    assertEquals(1.5, b.getColumns(2).getDoubles(0));
    assertEquals(new BigDecimal("12.30"), new BigDecimal(b.getColumns(3).getStrings(0)));
    assertEquals("text", b.getColumns(4).getStrings(0));
    assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, b.getColumns(5).getBlobs(0).toByteArray());
    assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), b.getColumns(6).getLongs(0));
    assertEquals(LocalTime.of(13, 14, 15).toNanoOfDay(), b.getColumns(7).getLongs(0));
    LocalDateTime ts = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000);
    assertEquals(ts.toEpochSecond(ZoneOffset.UTC), b.getColumns(8).getLongs(0));
    assertEquals(123_456_000, b.getColumns(8).getInts(0));
    OffsetDateTime odt = OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.ofHours(2));
    assertEquals(odt.toEpochSecond(), b.getColumns(9).getLongs(0));
    assertEquals(7200, b.getColumns(9).getInts2(0));
    for (int i = 0; i < expected.length; i++) {
      ColumnVector v = b.getColumns(i);
      assertFalse(isNull(v, 0), "row 1 column " + (i + 1) + " is not null");
      assertTrue(isNull(v, 1), "row 2 column " + (i + 1) + " is null");
    }
  }

  @Test
  void columnWithoutNullsSendsNoBitmap() throws SQLException {
    ResultSetEncoder enc = new ResultSetEncoder(query("SELECT X FROM SYSTEM_RANGE(1, 10)"), 0);
    RowBatch b = enc.nextBatch(100);
    assertEquals(10, b.getRowCount());
    assertTrue(b.getColumns(0).getNulls().isEmpty());
  }

  @Test
  void nullBitmapIsPerBatchAndResetBetweenBatches() throws SQLException {
    ResultSetEncoder enc =
        new ResultSetEncoder(
            query("SELECT CASE WHEN MOD(X, 3) = 0 THEN NULL ELSE X END FROM SYSTEM_RANGE(1, 20)"), 0);
    RowBatch first = enc.nextBatch(9);
    RowBatch second = enc.nextBatch(9);
    for (int r = 0; r < 9; r++) {
      assertEquals((r + 1) % 3 == 0, isNull(first.getColumns(0), r), "first batch row " + r);
      assertEquals((r + 10) % 3 == 0, isNull(second.getColumns(0), r), "second batch row " + r);
    }
  }

  @Test
  void splitsIntoBatchesAndStopsAtMaxRowsMarkingTruncation() throws SQLException {
    ResultSetEncoder enc = new ResultSetEncoder(query("SELECT X FROM SYSTEM_RANGE(1, 1000)"), 250);
    int total = 0;
    while (!enc.exhausted()) {
      RowBatch b = enc.nextBatch(100);
      assertTrue(b.getRowCount() <= 100);
      total += b.getRowCount();
    }
    assertEquals(250, total);
    assertTrue(enc.truncated());
  }

  @Test
  void resultOfExactlyMaxRowsIsNotTruncated() throws SQLException {
    ResultSetEncoder enc = new ResultSetEncoder(query("SELECT X FROM SYSTEM_RANGE(1, 5)"), 5);
    assertEquals(5, enc.nextBatch(100).getRowCount());
    enc.nextBatch(100);
    assertTrue(enc.exhausted());
    assertFalse(enc.truncated());
  }

  @Test
  void batchesAreCutByBytesBeforeRows() throws SQLException {
    ResultSetEncoder enc =
        new ResultSetEncoder(query("SELECT REPEAT('x', 10000) FROM SYSTEM_RANGE(1, 1000)"), 0);
    RowBatch b = enc.nextBatch(1000);
    assertTrue(b.getRowCount() < 1000, "a 10 MB result must not fit one batch: " + b.getRowCount());
    assertTrue(b.getSerializedSize() < 2 * ResultSetEncoder.MAX_BATCH_BYTES);
  }

  @Test
  void wideRowsStopABatchAfterTheFirstRowNotAfterSixtyFour() throws SQLException {
    // 1 MB rows: the batch budget (1 MB) is reached by the first row; summing sizes only every
    // 64 rows held 64 MB in one batch before it stopped
    ResultSetEncoder enc = new ResultSetEncoder(
        query("SELECT X, REPEAT('x', 1048576) FROM SYSTEM_RANGE(1, 100)"), 0);
    RowBatch b = enc.nextBatch(1000);
    assertEquals(1, b.getRowCount());
    assertEquals(1, enc.nextBatch(1000).getRowCount());
  }

  @Test
  void theFetchSizeGrowsForNarrowRowsAndShrinksForWideOnes() throws SQLException {
    long budget = 8L << 20;
    FetchSizes narrow = new FetchSizes(query("SELECT X, CONCAT('row-', X) FROM SYSTEM_RANGE(1, 5000)"));
    ResultSetEncoder small = new ResultSetEncoder(narrow.resultSet, 0);
    small.adaptFetchSize(budget, 8, 1000);
    assertEquals(1000, small.nextBatch(1000).getRowCount());
    // after the first row: as large as the statement allows, and asked once
    assertEquals(List.of(1000), narrow.set);
    assertEquals(1000, small.fetchRows());

    // narrow rows first, then 1 MB ones: the fetch shrinks to what the budget holds of them
    FetchSizes mixed = new FetchSizes(query("SELECT X, CASE WHEN X <= 100 THEN 'short'"
        + " ELSE REPEAT('x', 1048576) END FROM SYSTEM_RANGE(1, 120)"));
    ResultSetEncoder wide = new ResultSetEncoder(mixed.resultSet, 0);
    wide.adaptFetchSize(budget, 8, 1000);
    assertEquals(100, wide.nextBatch(100).getRowCount());
    assertEquals(List.of(1000), mixed.set);
    assertEquals(1, wide.nextBatch(1000).getRowCount());
    int last = mixed.set.get(mixed.set.size() - 1);
    assertTrue(last >= 1 && last <= 8, "1 MB rows in an 8 MB budget: at most 8 a fetch, got "
        + mixed.set);
    assertEquals(last, wide.fetchRows());
  }

  @Test
  void oneWideRowAmongNarrowOnesSetsTheFetchByItsWidthNotAnAverage() throws SQLException {
    FetchSizes rs = new FetchSizes(query("SELECT X, CASE WHEN X = 201 THEN REPEAT('x', 2097152)"
        + " ELSE 'n' END FROM SYSTEM_RANGE(1, 300)"));
    ResultSetEncoder enc = new ResultSetEncoder(rs.resultSet, 0);
    enc.adaptFetchSize(8L << 20, 8, 1000);
    // the 2 MB row ends the batch at once (its byte budget is 1 MB)
    assertEquals(201, enc.nextBatch(1000).getRowCount());
    // averaged over the batch it would be 10 KB a row and a fetch of 800
    assertTrue(enc.fetchRows() >= 1 && enc.fetchRows() <= 4, "2 MB rows in an 8 MB budget: " + rs.set);
    assertEquals(99, enc.nextBatch(1000).getRowCount());
    assertEquals(enc.fetchRows(), rs.set.get(rs.set.size() - 1), "narrow rows after it do not grow it back");
  }

  @Test
  void withoutAdaptingTheFetchSizeIsLeftAlone() throws SQLException {
    FetchSizes rs = new FetchSizes(query("SELECT X, REPEAT('x', 100000) FROM SYSTEM_RANGE(1, 50)"));
    ResultSetEncoder enc = new ResultSetEncoder(rs.resultSet, 0);
    while (!enc.exhausted()) {
      enc.nextBatch(1000);
    }
    assertEquals(List.of(), rs.set);
    assertEquals(0, enc.fetchRows());
  }

  /**
   * H2's result set ignores fetch sizes (it reads lazily), so this one records what it is asked
   * to set and otherwise is H2's own.
   */
  private static final class FetchSizes {
    final List<Integer> set = new ArrayList<>();
    final ResultSet resultSet;

    FetchSizes(ResultSet h2) {
      resultSet = (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
          new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
            if (method.getName().equals("setFetchSize")) {
              set.add((Integer) args[0]);
            }
            try {
              return method.invoke(h2, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }

  private static boolean isNull(ColumnVector v, int row) {
    if (v.getNulls().isEmpty()) {
      return false;
    }
    return (v.getNulls().byteAt(row >>> 3) & (1 << (row & 7))) != 0;
  }
}
