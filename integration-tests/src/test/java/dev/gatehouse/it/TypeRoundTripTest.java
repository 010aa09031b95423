package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every common type goes in through a PreparedStatement setter and comes back through the
 * ResultSet getters unchanged: driver → gRPC → sidecar → H2 and back. Where a value could be
 * read in several ways, each way is checked, and every query is also run straight on H2 so the
 * gatehouse answer can be compared with what the database itself says.
 */
class TypeRoundTripTest {
  private static final String DB = "it-types";

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().datasource("types", DirectH2.url(DB), "sa", "").build();

  private static Connection direct;
  private Connection c;

  @BeforeAll
  static void createTable() throws SQLException {
    direct = DirectH2.connect(DB);
    try (Statement s = direct.createStatement()) {
      s.execute(
          "CREATE TABLE all_types ("
              + " id INT PRIMARY KEY,"
              + " b BOOLEAN, ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT,"
              + " r REAL, d DOUBLE PRECISION,"
              + " dec DECIMAL(38, 10), big NUMERIC(200, 100),"
              + " ch CHAR(5), vc VARCHAR(200),"
              + " bin BINARY(4), vb VARBINARY(300), bl BLOB, cl CLOB,"
              + " dt DATE, tm TIME(9), ts TIMESTAMP(9), tstz TIMESTAMP(9) WITH TIME ZONE,"
              + " ttz TIME(9) WITH TIME ZONE, u UUID,"
              + " req VARCHAR(10) NOT NULL DEFAULT 'x')");
    }
  }

  @AfterAll
  static void closeDirect() throws SQLException {
    direct.close();
  }

  @BeforeEach
  void connect() throws SQLException {
    c = sidecar.connect(sidecar.principal("types-tester"), "types");
    try (Statement s = direct.createStatement()) {
      s.execute("DELETE FROM all_types");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private void insert(int id, String column, Setter setter) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO all_types (id, " + column + ") VALUES (?, ?)")) {
      ps.setInt(1, id);
      setter.set(ps, 2);
      assertEquals(1, ps.executeUpdate());
    }
  }

  /** Reads {@code column} of row {@code id} through the gatehouse; the caller checks it. */
  private void read(int id, String column, Getter getter) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + column + " FROM all_types WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "row " + id + " is there");
        getter.get(rs);
        assertFalse(rs.next());
      }
    }
  }

  @FunctionalInterface
  interface Setter {
    void set(PreparedStatement ps, int index) throws SQLException;
  }

  @FunctionalInterface
  interface Getter {
    void get(ResultSet rs) throws Exception;
  }

  @Test
  void booleansRoundTrip() throws Exception {
    insert(1, "b", (ps, i) -> ps.setBoolean(i, true));
    insert(2, "b", (ps, i) -> ps.setBoolean(i, false));
    insert(3, "b", (ps, i) -> ps.setObject(i, Boolean.TRUE));
    read(1, "b", rs -> {
      assertTrue(rs.getBoolean(1));
      assertEquals(Boolean.TRUE, rs.getObject(1));
      assertEquals(1, rs.getInt(1));
    });
    read(2, "b", rs -> {
      assertFalse(rs.getBoolean(1));
      assertFalse(rs.wasNull(), "false is not null");
      assertEquals(Boolean.FALSE, rs.getObject(1, Boolean.class));
    });
    read(3, "b", rs -> assertTrue(rs.getBoolean("B")));
    assertSameAsDirect("SELECT id, b FROM all_types ORDER BY id");
  }

  @Test
  void integersRoundTripAtTheirBounds() throws Exception {
    byte[] bytes = {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE};
    short[] shorts = {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE};
    int[] ints = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
    long[] longs = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO all_types (id, ti, si, i, bi) VALUES (?, ?, ?, ?, ?)")) {
      for (int k = 0; k < 5; k++) {
        ps.setInt(1, k);
        ps.setByte(2, bytes[k]);
        ps.setShort(3, shorts[k]);
        ps.setInt(4, ints[k]);
        ps.setLong(5, longs[k]);
        assertEquals(1, ps.executeUpdate());
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ti, si, i, bi FROM all_types ORDER BY id")) {
      for (int k = 0; k < 5; k++) {
        assertTrue(rs.next());
        assertEquals(bytes[k], rs.getByte(1));
        assertEquals(shorts[k], rs.getShort(2));
        assertEquals(ints[k], rs.getInt(3));
        assertEquals(longs[k], rs.getLong(4));
        assertEquals(longs[k], rs.getObject("BI"));
        assertEquals(Long.valueOf(longs[k]), rs.getObject(4, Long.class));
        assertEquals(ints[k], rs.getObject(3, Integer.class));
        assertEquals(BigDecimal.valueOf(longs[k]), rs.getBigDecimal(4));
        assertEquals(Long.toString(longs[k]), rs.getString(4));
      }
      assertFalse(rs.next());
    }
    assertSameAsDirect("SELECT id, ti, si, i, bi FROM all_types ORDER BY id");
  }

  @Test
  void floatingPointRoundTripsIncludingNanAndInfinities() throws Exception {
    float[] floats = {Float.MIN_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE, 0.1f,
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    double[] doubles = {Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 0.1,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO all_types (id, r, d) VALUES (?, ?, ?)")) {
      for (int k = 0; k < floats.length; k++) {
        ps.setInt(1, k);
        ps.setFloat(2, floats[k]);
        ps.setDouble(3, doubles[k]);
        ps.executeUpdate();
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT r, d FROM all_types ORDER BY id")) {
      for (int k = 0; k < floats.length; k++) {
        assertTrue(rs.next());
        // assertEquals on float/double compares bit patterns' meaning: NaN equals NaN here
        assertEquals(floats[k], rs.getFloat(1), "real #" + k);
        assertEquals(doubles[k], rs.getDouble(2), "double #" + k);
        assertEquals(doubles[k], rs.getObject(2, Double.class), "double #" + k);
        assertFalse(rs.wasNull());
      }
    }
    assertSameAsDirect("SELECT id, r, d FROM all_types ORDER BY id");
  }

  @Test
  void decimalsKeepScaleAndBigPrecision() throws Exception {
    BigDecimal[] decs = {
      new BigDecimal("1234567890123456789012345678.0123456789"),
      new BigDecimal("-9999999999999999999999999999.9999999999"),
      new BigDecimal("0.0000000001"),
      new BigDecimal("0E-10"),
    };
    BigDecimal huge = new BigDecimal("9".repeat(100) + "." + "1".repeat(99) + "7");
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO all_types (id, dec, big) VALUES (?, ?, ?)")) {
      for (int k = 0; k < decs.length; k++) {
        ps.setInt(1, k);
        ps.setBigDecimal(2, decs[k]);
        ps.setBigDecimal(3, k == 0 ? huge : huge.negate());
        ps.executeUpdate();
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT dec, big FROM all_types ORDER BY id")) {
      for (int k = 0; k < decs.length; k++) {
        assertTrue(rs.next());
        BigDecimal got = rs.getBigDecimal(1);
        assertEquals(0, decs[k].compareTo(got), decs[k] + " came back as " + got);
        assertEquals(10, got.scale(), "DECIMAL(38, 10) keeps its scale");
        assertEquals(decs[k].setScale(10), rs.getObject(1, BigDecimal.class));
        assertEquals(k == 0 ? huge : huge.negate(), rs.getBigDecimal(2));
      }
    }
    assertSameAsDirect("SELECT id, dec, big FROM all_types ORDER BY id");
  }

  @Test
  void stringsKeepUnicodeEmptinessAndPadding() throws Exception {
    String nonBmp = "clef \uD834\uDD1E, face \uD83D\uDE00, \u65E5\u672C\u8A9E, \u00E9, \u0000 nul";
    insert(1, "vc", (ps, i) -> ps.setString(i, nonBmp));
    insert(2, "vc", (ps, i) -> ps.setString(i, ""));
    insert(3, "ch", (ps, i) -> ps.setString(i, "ab"));
    insert(4, "vc", (ps, i) -> ps.setNString(i, "n\uD83D\uDE00"));
    insert(5, "vc", (ps, i) -> ps.setObject(i, "quote ' and \" and \\"));
    read(1, "vc", rs -> {
      assertEquals(nonBmp, rs.getString(1));
      assertEquals(nonBmp, rs.getObject(1));
      assertEquals(nonBmp, rs.getNString(1));
    });
    read(2, "vc", rs -> {
      assertEquals("", rs.getString(1));
      assertFalse(rs.wasNull(), "the empty string is not NULL");
    });
    read(3, "ch", rs -> assertEquals("ab   ", rs.getString(1), "CHAR(5) is padded"));
    read(4, "vc", rs -> assertEquals("n\uD83D\uDE00", rs.getString(1)));
    read(5, "vc", rs -> assertEquals("quote ' and \" and \\", rs.getString(1)));
    assertSameAsDirect("SELECT id, ch, vc FROM all_types ORDER BY id");
  }

  @Test
  void binariesAndBlobsRoundTripByteForByte() throws Exception {
    byte[] four = {0, -1, 127, -128};
    byte[] all = new byte[256];
    for (int k = 0; k < 256; k++) {
      all[k] = (byte) k;
    }
    byte[] blob = new byte[300_000];
    new Random(42).nextBytes(blob);
    insert(1, "bin", (ps, i) -> ps.setBytes(i, four));
    insert(2, "vb", (ps, i) -> ps.setBytes(i, all));
    insert(3, "vb", (ps, i) -> ps.setBytes(i, new byte[0]));
    insert(4, "bl", (ps, i) -> ps.setBytes(i, blob));
    insert(5, "bl", (ps, i) -> ps.setBinaryStream(i, new ByteArrayInputStream(blob)));
    insert(6, "bl", (ps, i) -> ps.setBlob(i, new ByteArrayInputStream(blob), blob.length));
    insert(7, "bl", (ps, i) -> ps.setBytes(i, new byte[0]));
    read(1, "bin", rs -> assertArrayEquals(four, rs.getBytes(1)));
    read(2, "vb", rs -> {
      assertArrayEquals(all, rs.getBytes(1));
      assertArrayEquals(all, (byte[]) rs.getObject(1));
      assertArrayEquals(all, readAll(rs.getBinaryStream(1)));
    });
    read(3, "vb", rs -> {
      assertArrayEquals(new byte[0], rs.getBytes(1));
      assertFalse(rs.wasNull(), "an empty binary is not NULL");
    });
    for (int id = 4; id <= 6; id++) {
      read(id, "bl", rs -> {
        Blob b = rs.getBlob(1);
        assertEquals(blob.length, b.length());
        assertArrayEquals(blob, b.getBytes(1, (int) b.length()));
        assertArrayEquals(blob, readAll(rs.getBinaryStream(1)));
        assertArrayEquals(blob, rs.getBytes(1));
        assertArrayEquals(blob, rs.getObject(1, byte[].class));
      });
    }
    read(7, "bl", rs -> {
      Blob empty = rs.getBlob(1);
      assertFalse(rs.wasNull());
      assertEquals(0, empty.length());
      assertArrayEquals(new byte[0], empty.getBytes(1, (int) empty.length()));
    });
    assertSameAsDirect("SELECT id, bin, vb, bl FROM all_types ORDER BY id");
  }

  @Test
  void clobsRoundTripCharForChar() throws Exception {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 200_000) {
      sb.append("line ").append(sb.length()).append(" \uD834\uDD1E \u00E9\n");
    }
    String text = sb.toString();
    insert(1, "cl", (ps, i) -> ps.setString(i, text));
    insert(2, "cl", (ps, i) -> ps.setCharacterStream(i, new StringReader(text)));
    insert(3, "cl", (ps, i) -> ps.setClob(i, new StringReader(text), text.length()));
    insert(4, "cl", (ps, i) -> ps.setString(i, ""));
    for (int id = 1; id <= 3; id++) {
      read(id, "cl", rs -> {
        assertEquals(text, rs.getString(1));
        Clob clob = rs.getClob(1);
        assertEquals(text.length(), clob.length());
        assertEquals(text, clob.getSubString(1, (int) clob.length()));
        assertEquals(text, readAll(rs.getCharacterStream(1)));
        assertEquals(text, rs.getObject(1, String.class));
      });
    }
    read(4, "cl", rs -> {
      assertEquals("", rs.getString(1));
      assertFalse(rs.wasNull());
      // the usual idiom for reading a whole Clob must work on an empty one too
      Clob empty = rs.getClob(1);
      assertEquals(0, empty.length());
      assertEquals("", empty.getSubString(1, (int) empty.length()));
    });
    assertSameAsDirect("SELECT id, cl FROM all_types ORDER BY id");
  }

  @Test
  void datesAndTimesRoundTripThroughLegacyAndJavaTimeApis() throws Exception {
    LocalDate leapDay = LocalDate.of(2024, 2, 29);
    LocalTime lastNano = LocalTime.of(23, 59, 59, 999_999_999);
    LocalDateTime withNanos = LocalDateTime.of(2023, 12, 31, 23, 59, 58, 123_456_789);
    Timestamp legacy = Timestamp.valueOf("2001-09-09 01:46:40.000000001");
    insert(1, "dt", (ps, i) -> ps.setDate(i, Date.valueOf(leapDay)));
    insert(2, "dt", (ps, i) -> ps.setObject(i, LocalDate.of(1, 1, 1)));
    insert(3, "dt", (ps, i) -> ps.setObject(i, LocalDate.of(9999, 12, 31)));
    insert(4, "tm", (ps, i) -> ps.setObject(i, lastNano));
    insert(5, "tm", (ps, i) -> ps.setTime(i, Time.valueOf("12:34:56")));
    insert(6, "ts", (ps, i) -> ps.setObject(i, withNanos));
    insert(7, "ts", (ps, i) -> ps.setTimestamp(i, legacy));
    read(1, "dt", rs -> {
      assertEquals(Date.valueOf(leapDay), rs.getDate(1));
      assertEquals(leapDay, rs.getObject(1, LocalDate.class));
      assertEquals(Date.valueOf(leapDay), rs.getObject(1));
    });
    read(2, "dt", rs -> assertEquals(LocalDate.of(1, 1, 1), rs.getObject(1, LocalDate.class)));
    read(3, "dt", rs -> assertEquals(LocalDate.of(9999, 12, 31), rs.getObject(1, LocalDate.class)));
    read(4, "tm", rs -> assertEquals(lastNano, rs.getObject(1, LocalTime.class)));
    read(5, "tm", rs -> {
      assertEquals(Time.valueOf("12:34:56"), rs.getTime(1));
      assertEquals(LocalTime.of(12, 34, 56), rs.getObject(1, LocalTime.class));
    });
    read(6, "ts", rs -> {
      assertEquals(withNanos, rs.getObject(1, LocalDateTime.class));
      Timestamp ts = rs.getTimestamp(1);
      assertEquals(123_456_789, ts.getNanos(), "H2 keeps nine fractional digits");
      assertEquals(Timestamp.valueOf(withNanos), ts);
      assertEquals(Timestamp.valueOf(withNanos), rs.getObject(1));
    });
    read(7, "ts", rs -> {
      assertEquals(legacy, rs.getTimestamp(1));
      assertEquals(1, rs.getTimestamp(1).getNanos());
    });
    // Before the Gregorian reform java.sql.Date is ambiguous: H2 keeps the instant (0001-01-01
    // becomes a Date printing 0001-01-03), the driver keeps the fields. The java.time getters
    // above are the unambiguous check; the comparison with H2 covers the modern rows.
    assertSameAsDirect("SELECT id, dt, tm, ts FROM all_types WHERE id NOT IN (2) ORDER BY id");
  }

  @Test
  void zonedValuesKeepTheirOffsetAndInstant() throws Exception {
    OffsetDateTime india = OffsetDateTime.of(2024, 3, 1, 9, 30, 15, 987_654_321,
        ZoneOffset.ofHoursMinutes(5, 30));
    OffsetDateTime farWest = OffsetDateTime.of(1999, 12, 31, 23, 0, 0, 1, ZoneOffset.ofHours(-12));
    OffsetTime timeTz = OffsetTime.of(7, 8, 9, 10, ZoneOffset.ofHours(-3));
    insert(1, "tstz", (ps, i) -> ps.setObject(i, india));
    insert(2, "tstz", (ps, i) -> ps.setObject(i, farWest));
    insert(3, "ttz", (ps, i) -> ps.setObject(i, timeTz));
    read(1, "tstz", rs -> {
      assertEquals(india, rs.getObject(1, OffsetDateTime.class));
      assertEquals(india.toInstant(), rs.getObject(1, Instant.class));
      assertEquals(india.toInstant(), rs.getObject(1, ZonedDateTime.class).toInstant());
      assertEquals(india, rs.getObject(1));
      assertEquals(Timestamp.from(india.toInstant()), rs.getTimestamp(1));
    });
    read(2, "tstz", rs -> assertEquals(farWest, rs.getObject(1, OffsetDateTime.class)));
    read(3, "ttz", rs -> assertEquals(timeTz, rs.getObject(1, OffsetTime.class)));
    assertSameAsDirect("SELECT id, tstz, ttz FROM all_types ORDER BY id");
  }

  @Test
  void uuidsRoundTrip() throws Exception {
    UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    UUID max = new UUID(-1L, -1L);
    insert(1, "u", (ps, i) -> ps.setObject(i, u));
    insert(2, "u", (ps, i) -> ps.setObject(i, max));
    insert(3, "u", (ps, i) -> ps.setString(i, u.toString()));
    read(1, "u", rs -> {
      assertEquals(u, rs.getObject(1, UUID.class));
      assertEquals(u.toString(), rs.getString(1));
    });
    read(2, "u", rs -> assertEquals(max, rs.getObject(1, UUID.class)));
    read(3, "u", rs -> assertEquals(u, rs.getObject(1, UUID.class)));
  }

  @Test
  void nullsOfEveryTypeRoundTrip() throws Exception {
    String[] columns = {"b", "ti", "si", "i", "bi", "r", "d", "dec", "big", "ch", "vc", "bin", "vb",
        "bl", "cl", "dt", "tm", "ts", "tstz", "ttz", "u"};
    int[] types = {Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
        Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC, Types.CHAR, Types.VARCHAR,
        Types.BINARY, Types.VARBINARY, Types.BLOB, Types.CLOB, Types.DATE, Types.TIME,
        Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.TIME_WITH_TIMEZONE, Types.OTHER};
    String list = String.join(", ", columns);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO all_types (id, " + list
        + ") VALUES (?" + ", ?".repeat(columns.length) + ")")) {
      ps.setInt(1, 1);
      for (int k = 0; k < columns.length; k++) {
        ps.setNull(k + 2, types[k]);
      }
      assertEquals(1, ps.executeUpdate());
      ps.setInt(1, 2);
      for (int k = 0; k < columns.length; k++) {
        ps.setObject(k + 2, null);
      }
      assertEquals(1, ps.executeUpdate());
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + list + " FROM all_types ORDER BY id")) {
      for (int row = 1; row <= 2; row++) {
        assertTrue(rs.next());
        for (int k = 1; k <= columns.length; k++) {
          String what = "row " + row + " column " + columns[k - 1];
          assertNull(rs.getObject(k), what);
          assertTrue(rs.wasNull(), what);
          assertNull(rs.getString(k), what);
          assertTrue(rs.wasNull(), what);
        }
        // the primitive getters answer their zero value and report the NULL through wasNull
        assertFalse(rs.getBoolean("b"));
        assertTrue(rs.wasNull());
        assertEquals(0, rs.getInt("i"));
        assertTrue(rs.wasNull());
        assertEquals(0L, rs.getLong("bi"));
        assertTrue(rs.wasNull());
        assertEquals(0.0, rs.getDouble("d"));
        assertTrue(rs.wasNull());
        assertNull(rs.getBigDecimal("dec"));
        assertNull(rs.getBytes("vb"));
        assertNull(rs.getBlob("bl"));
        assertNull(rs.getClob("cl"));
        assertNull(rs.getTimestamp("ts"));
        assertNull(rs.getObject("ts", LocalDateTime.class));
        assertNull(rs.getObject("tstz", OffsetDateTime.class));
        assertNull(rs.getObject("i", Integer.class));
        assertTrue(rs.wasNull());
        assertNull(rs.getObject("u", UUID.class));
      }
      assertFalse(rs.next());
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, i FROM all_types WHERE id = 1")) {
      assertTrue(rs.next());
      assertNull(rs.getObject(2));
      assertTrue(rs.wasNull());
      assertEquals(1, rs.getInt(1));
      assertFalse(rs.wasNull(), "wasNull follows the last getter");
    }
    assertSameAsDirect("SELECT * FROM all_types ORDER BY id");
  }

  @Test
  void resultSetMetaDataDescribesTheColumns() throws Exception {
    insert(1, "i", (ps, i) -> ps.setInt(i, 7));
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id AS \"Ident\", dec, vc AS text_label, ts, req,"
            + " i + 1 AS computed, bl FROM all_types")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(7, md.getColumnCount());
      assertEquals("Ident", md.getColumnLabel(1));
      assertEquals("ID", md.getColumnName(1));
      assertEquals(Types.INTEGER, md.getColumnType(1));
      assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(1));
      assertEquals(Types.DECIMAL, md.getColumnType(2));
      assertEquals(38, md.getPrecision(2));
      assertEquals(10, md.getScale(2));
      assertEquals(ResultSetMetaData.columnNullable, md.isNullable(2));
      assertEquals(BigDecimal.class.getName(), md.getColumnClassName(2));
      assertEquals("TEXT_LABEL", md.getColumnLabel(3));
      assertEquals(Types.VARCHAR, md.getColumnType(3));
      assertEquals(200, md.getPrecision(3));
      assertEquals(Types.TIMESTAMP, md.getColumnType(4));
      assertEquals(9, md.getScale(4));
      assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(5));
      assertEquals("COMPUTED", md.getColumnLabel(6));
      assertEquals(Types.BLOB, md.getColumnType(7));
      assertEquals("ALL_TYPES", md.getTableName(1));
      assertTrue(rs.next());
      assertEquals(1, rs.getInt("Ident"));
      assertEquals(8, rs.getInt("computed"));
    }
    try (Statement s = direct.createStatement();
        ResultSet want = s.executeQuery("SELECT * FROM all_types");
        Statement g = c.createStatement();
        ResultSet got = g.executeQuery("SELECT * FROM all_types")) {
      ResultSetMetaData w = want.getMetaData();
      ResultSetMetaData m = got.getMetaData();
      assertEquals(w.getColumnCount(), m.getColumnCount());
      for (int k = 1; k <= w.getColumnCount(); k++) {
        String col = w.getColumnLabel(k);
        assertEquals(col, m.getColumnLabel(k));
        assertEquals(w.getColumnName(k), m.getColumnName(k), col);
        assertEquals(w.getColumnType(k), m.getColumnType(k), col);
        assertEquals(w.getColumnTypeName(k), m.getColumnTypeName(k), col);
        assertEquals(w.getPrecision(k), m.getPrecision(k), col);
        assertEquals(w.getScale(k), m.getScale(k), col);
        assertEquals(w.isNullable(k), m.isNullable(k), col);
        assertEquals(w.isSigned(k), m.isSigned(k), col);
        assertEquals(w.getColumnClassName(k), m.getColumnClassName(k), col);
        assertEquals(w.getSchemaName(k), m.getSchemaName(k), col);
        assertEquals(w.getTableName(k), m.getTableName(k), col);
      }
    }
  }

  /**
   * Runs {@code sql} through the gatehouse and straight on H2 and compares every cell: its text,
   * its default object (byte arrays and LOBs by content) and its NULL-ness.
   */
  private void assertSameAsDirect(String sql) throws Exception {
    try (Statement ds = direct.createStatement();
        ResultSet want = ds.executeQuery(sql);
        Statement gs = c.createStatement();
        ResultSet got = gs.executeQuery(sql)) {
      int n = want.getMetaData().getColumnCount();
      assertEquals(n, got.getMetaData().getColumnCount());
      int row = 0;
      while (want.next()) {
        row++;
        assertTrue(got.next(), "gatehouse has row " + row);
        for (int k = 1; k <= n; k++) {
          String where = sql + " row " + row + " column " + want.getMetaData().getColumnLabel(k);
          Object w = comparable(want.getObject(k));
          Object g = comparable(got.getObject(k));
          assertEquals(w == null ? null : w.getClass(), g == null ? null : g.getClass(), where);
          assertEquals(w, g, where);
          assertEquals(want.wasNull(), got.wasNull(), where);
          if (TEXT_IS_THE_DATABASES.contains(want.getMetaData().getColumnType(k))) {
            assertEquals(want.getString(k), got.getString(k), where);
          }
        }
      }
      assertFalse(got.next(), "gatehouse has no extra rows");
    }
  }

  /**
   * Column types whose getString text must be H2's own. For the others (booleans, binaries,
   * temporal values) the value travels typed and the driver writes the text, so only the value is
   * compared: H2 says TRUE where the driver says true, decodes VARBINARY as UTF-8 where the driver
   * writes hex, and writes an offset of -12 as -12 where the driver writes -12:00.
   */
  private static final Set<Integer> TEXT_IS_THE_DATABASES =
      Set.of(Types.CHAR, Types.VARCHAR, Types.CLOB, Types.TINYINT, Types.SMALLINT,
          Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC);

  private static Object comparable(Object o) throws Exception {
    if (o instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (o instanceof Blob b) {
      return "blob:" + HexFormat.of().formatHex(readAll(b.getBinaryStream()));
    }
    if (o instanceof Clob cl) {
      return "clob:" + readAll(cl.getCharacterStream());
    }
    return o;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static String readAll(Reader in) throws IOException {
    try (in) {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      return sb.toString();
    }
  }
}
