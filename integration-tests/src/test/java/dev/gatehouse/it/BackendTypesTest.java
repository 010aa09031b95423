package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Type mapping on PostgreSQL and MariaDB (issue #8): each value is written through a gatehouse
 * PreparedStatement, read back through the gatehouse and straight from the database, and the two
 * answers are compared cell by cell (value and class of {@code getObject}, {@code getString},
 * NULL-ness, the java.time views) and column by column ({@code ResultSetMetaData}). A NULL of
 * every type is written and read the same way. Skipped, with a message, where a server is not
 * running.
 */
class BackendTypesTest {
  /** A column: its SQL type per backend and the values written to it (null = SQL NULL). */
  private record Column(String name, String pgType, String mariaType, Setter setter,
      List<Object> values) {}

  @FunctionalInterface
  interface Setter {
    void set(PreparedStatement ps, int i, Object v) throws SQLException;
  }

  private static final Setter OBJECT = PreparedStatement::setObject;
  private static final Setter OTHER = (ps, i, v) -> ps.setObject(i, v, Types.OTHER);

  private static final List<Column> COLUMNS = List.of(
      new Column("c_bool", "boolean", "boolean", OBJECT, List.of(true, false)),
      new Column("c_small", "smallint", "smallint", (ps, i, v) -> ps.setShort(i, (Short) v),
          List.of(Short.MIN_VALUE, (short) 0, Short.MAX_VALUE)),
      new Column("c_int", "integer", "int", (ps, i, v) -> ps.setInt(i, (Integer) v),
          List.of(Integer.MIN_VALUE, -1, Integer.MAX_VALUE)),
      new Column("c_big", "bigint", "bigint", (ps, i, v) -> ps.setLong(i, (Long) v),
          List.of(Long.MIN_VALUE, 42L, Long.MAX_VALUE)),
      new Column("c_dec", "numeric(20,5)", "decimal(20,5)",
          (ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v),
          List.of(new BigDecimal("123456789012345.12345"), new BigDecimal("-0.00001"),
              new BigDecimal("7.10000"))),
      new Column("c_real", "real", "float", (ps, i, v) -> ps.setFloat(i, (Float) v),
          List.of(1.5f, -3.25e10f)),
      new Column("c_double", "double precision", "double",
          (ps, i, v) -> ps.setDouble(i, (Double) v), List.of(Math.PI, -1e300)),
      new Column("c_text", "text", "text", (ps, i, v) -> ps.setString(i, (String) v),
          List.of("", "héllo wörld ✓ 😀", "line\nbreak 'quote' \"dq\"")),
      new Column("c_varchar", "varchar(30)", "varchar(30)",
          (ps, i, v) -> ps.setString(i, (String) v), List.of("abc", " padded ")),
      new Column("c_char", "char(5)", "char(5)", (ps, i, v) -> ps.setString(i, (String) v),
          List.of("ab", "abcde")),
      new Column("c_date", "date", "date", OBJECT,
          List.of(LocalDate.of(2024, 2, 29), LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31))),
      new Column("c_time", "time(6)", "time(6)", OBJECT,
          List.of(LocalTime.of(23, 59, 59, 123_456_000), LocalTime.MIDNIGHT)),
      new Column("c_ts", "timestamp(6)", "datetime(6)", OBJECT,
          List.of(LocalDateTime.of(2024, 3, 31, 2, 30, 15, 999_999_000),
              LocalDateTime.of(1999, 12, 31, 23, 59, 59))),
      new Column("c_tstz", "timestamptz(6)", "timestamp(6) NULL", OBJECT,
          List.of(OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 500_000_000, ZoneOffset.ofHours(5)),
              OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))),
      new Column("c_uuid", "uuid", "uuid", OBJECT,
          List.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))),
      new Column("c_json", "json", "json", OTHER, List.of("{\"a\": [1, 2, {\"b\": null}]}")),
      new Column("c_bytes", "bytea", "blob", (ps, i, v) -> ps.setBytes(i, (byte[]) v),
          List.of(new byte[0], new byte[] {0, 1, -1, 127, -128, 10, 13})));

  /** Columns PostgreSQL alone has; filled by direct SQL, then read through both paths. */
  private static final Map<String, String> PG_ONLY = new LinkedHashMap<>();

  static {
    PG_ONLY.put("c_jsonb", "jsonb");
    PG_ONLY.put("c_ints", "integer[]");
    PG_ONLY.put("c_texts", "text[]");
    PG_ONLY.put("c_interval", "interval");
    PG_ONLY.put("c_numeric", "numeric");
  }

  /**
   * Columns whose getString text the gatehouse driver writes itself, because the value travels
   * typed rather than as the database's text (docs/DATABASES.md lists the differences): booleans
   * as true/false, floating point as Java writes it, binaries as hex, PostgreSQL's timestamptz
   * with a +00:00 offset, MariaDB's times without trailing zero fractions. Their values are
   * still compared, through getObject and the java.time views.
   */
  private static final java.util.Set<String> OWN_TEXT = java.util.Set.of(
      "postgresql c_bool", "postgresql c_real", "postgresql c_double", "postgresql c_bytes",
      "postgresql c_tstz", "mariadb c_bool", "mariadb c_real", "mariadb c_double",
      "mariadb c_bytes", "mariadb c_time", "mariadb c_ts", "mariadb c_tstz");

  private record Target(Databases.Scratch scratch, GatehouseSidecar sidecar) {}

  private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws SQLException {
    if (Databases.postgresReachable()) {
      TARGETS.put("postgresql", create(Databases.Scratch.postgres("gh_types")));
    }
    if (Databases.mariadbReachable()) {
      TARGETS.put("mariadb", create(Databases.Scratch.mariadb("gh_types")));
    }
  }

  private static Target create(Databases.Scratch scratch) throws SQLException {
    boolean pg = scratch.dialect().equals("postgresql");
    StringBuilder ddl = new StringBuilder("CREATE TABLE typed (id INT PRIMARY KEY");
    for (Column c : COLUMNS) {
      ddl.append(", ").append(c.name()).append(' ').append(pg ? c.pgType() : c.mariaType());
    }
    if (pg) {
      PG_ONLY.forEach((name, type) -> ddl.append(", ").append(name).append(' ').append(type));
    }
    ddl.append(", c_required VARCHAR(10) NOT NULL DEFAULT 'x')");
    try (Connection c = scratch.direct(); Statement s = c.createStatement()) {
      s.execute(ddl.toString());
    }
    GatehouseSidecar sidecar = GatehouseSidecar.builder().allowAll()
        .datasource("types", scratch.url(), scratch.user(), "", scratch.defaultSchema())
        .build().start();
    return new Target(scratch, sidecar);
  }

  @AfterAll
  static void stop() throws SQLException {
    for (Target t : TARGETS.values()) {
      t.sidecar().close();
      t.scratch().close();
    }
  }

  private static Target target(String dialect) {
    Target t = TARGETS.get(dialect);
    Assumptions.assumeTrue(t != null, () -> dialect + " is not reachable on this machine; its"
        + " type-mapping tests are skipped");
    return t;
  }

  private static Connection agent(Target t) throws SQLException {
    return t.sidecar().connect(t.sidecar().principal("types-agent"), "types");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void valuesWrittenThroughTheGatehouseReadBackAsTheDatabaseHasThem(String dialect)
      throws Exception {
    Target t = target(dialect);
    List<String> problems = new ArrayList<>();
    int id = 1000;
    try (Connection c = agent(t)) {
      for (Column col : COLUMNS) {
        List<Object> values = new ArrayList<>(col.values());
        values.add(null);
        for (Object v : values) {
          id++;
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO typed (id, " + col.name() + ") VALUES (?, ?)")) {
            ps.setInt(1, id);
            if (v == null) {
              ps.setNull(2, Types.NULL);
            } else {
              col.setter().set(ps, 2, v);
            }
            ps.executeUpdate();
          } catch (SQLException e) {
            problems.add(col.name() + " write " + show(v) + ": " + e.getMessage());
            continue;
          }
          compareCell(t, c, col.name(), id, v, problems);
        }
      }
    }
    assertEquals("", String.join("\n", problems));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql"})
  void postgresOnlyTypesReadAsTheDatabaseHasThem(String dialect) throws Exception {
    Target t = target(dialect);
    List<String> problems = new ArrayList<>();
    try (Connection d = t.scratch().direct(); Statement s = d.createStatement()) {
      s.execute("INSERT INTO typed (id, c_jsonb, c_ints, c_texts, c_interval, c_numeric) VALUES"
          + " (2001, '{\"k\": [1, true]}', '{1,2,NULL,4}', '{\"a b\",\"c,d\",NULL,\"\"}',"
          + " '1 year 2 mons 3 days 04:05:06.5', 12345678901234567890.000000000001),"
          + " (2002, NULL, NULL, NULL, NULL, NULL)");
    }
    try (Connection c = agent(t)) {
      for (String col : PG_ONLY.keySet()) {
        compareCell(t, c, col, 2001, "(direct)", problems);
        compareCell(t, c, col, 2002, null, problems);
      }
    }
    assertEquals("", String.join("\n", problems));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql"})
  void arraysReadAsJavaSqlArrays(String dialect) throws Exception {
    Target t = target(dialect);
    try (Connection d = t.scratch().direct(); Statement s = d.createStatement()) {
      s.execute("INSERT INTO typed (id, c_ints, c_texts) VALUES"
          + " (3001, '{1,2,NULL,4}', '{\"a b\",\"c,d\",NULL,\"\"}')");
    }
    try (Connection c = agent(t); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT c_ints, c_texts FROM typed WHERE id = 3001")) {
      assertTrue(rs.next());
      Array ints = rs.getArray(1);
      assertEquals(Arrays.asList(1, 2, null, 4), Arrays.asList((Object[]) ints.getArray()));
      Array texts = rs.getArray(2);
      assertEquals(Arrays.asList("a b", "c,d", null, ""),
          Arrays.asList((Object[]) texts.getArray()));
      assertEquals("java.sql.Array", rs.getMetaData().getColumnClassName(1));
      assertEquals(Types.ARRAY, rs.getMetaData().getColumnType(1));
      assertTrue(rs.getObject(1) instanceof Array);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql"})
  void writingArraysIsRefusedAsNotSupported(String dialect) throws Exception {
    Target t = target(dialect);
    try (Connection c = agent(t)) {
      assertThrows(SQLFeatureNotSupportedException.class,
          () -> c.createArrayOf("int4", new Object[] {1, 2}));
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO typed (id, c_ints) VALUES (3002, ?)")) {
        ps.setObject(1, new Integer[] {1, 2});
        SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
        assertInstanceOf(SQLFeatureNotSupportedException.class, e, e.getMessage());
      }
    }
    try (Connection d = t.scratch().direct(); Statement s = d.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM typed WHERE id = 3002")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(1), "nothing was written");
    }
  }

  /** Reads one cell through the gatehouse and directly, and notes every difference. */
  private static void compareCell(Target t, Connection c, String column, int id, Object written,
      List<String> problems) throws SQLException {
    String sql = "SELECT " + column + " FROM typed WHERE id = " + id;
    String where = column + " " + show(written);
    try (Connection d = t.scratch().direct(); Statement ds = d.createStatement();
        ResultSet want = ds.executeQuery(sql); Statement gs = c.createStatement();
        ResultSet got = gs.executeQuery(sql)) {
      compareMetadata(want.getMetaData(), got.getMetaData(), where, problems);
      if (!want.next() || !got.next()) {
        problems.add(where + ": row missing");
        return;
      }
      Object w = comparable(want.getObject(1));
      if (want.getMetaData().getColumnClassName(1).startsWith("org.postgresql.util.")
          || (w != null && w.getClass().getName().startsWith("org.postgresql.util."))) {
        // json, jsonb, interval: the classes live in PostgreSQL's driver, the gatehouse gives
        // the server's text for them (and says java.lang.String in getColumnClassName)
        w = w == null ? null : want.getString(1);
        note(problems, where + " className", "java.lang.String",
            got.getMetaData().getColumnClassName(1));
      } else {
        note(problems, where + " className", want.getMetaData().getColumnClassName(1),
            got.getMetaData().getColumnClassName(1));
      }
      Object g = comparable(got.getObject(1));
      note(problems, where + " getObject class", w == null ? null : w.getClass().getName(),
          g == null ? null : g.getClass().getName());
      note(problems, where + " getObject", w, g);
      note(problems, where + " wasNull", want.wasNull(), got.wasNull());
      if (!OWN_TEXT.contains(t.scratch().dialect() + " " + column)) {
        note(problems, where + " getString", want.getString(1), got.getString(1));
      }
      if (written != null && !"(direct)".equals(written)) {
        Class<?> k = written.getClass();
        Object back = written instanceof byte[] ? comparable(got.getBytes(1))
            : comparable(got.getObject(1, k));
        Object expected = written instanceof byte[] ? comparable(want.getBytes(1))
            : view(want, k);
        if (!(expected instanceof Failed)) {
          // (PostgreSQL's driver refuses getObject(json, String.class); the gatehouse does not)
          note(problems, where + " getObject(" + k.getSimpleName() + ")",
              expected instanceof OffsetDateTime o ? o.toInstant() : expected,
              back instanceof OffsetDateTime o ? o.toInstant() : back);
        }
        if (!column.equals("c_char")) {
          note(problems, where + " as written", comparable(
              written instanceof OffsetDateTime o ? o.toInstant() : written),
              back instanceof OffsetDateTime o ? o.toInstant() : back);
        }
      }
      for (Class<?> view : List.of(LocalDate.class, LocalTime.class, LocalDateTime.class,
          OffsetDateTime.class, Instant.class)) {
        Object wv = view(want, view);
        Object gv = view(got, view);
        if (!(wv instanceof Failed)) {
          note(problems, where + " getObject(" + view.getSimpleName() + ")", wv, gv);
        }
      }
    }
  }

  private record Failed(String message) {}

  private static Object view(ResultSet rs, Class<?> type) {
    try {
      Object o = rs.getObject(1, type);
      return o instanceof OffsetDateTime odt ? odt.toInstant() : o;
    } catch (SQLException | RuntimeException e) {
      return new Failed(e.getClass().getSimpleName());
    }
  }

  private static void compareMetadata(ResultSetMetaData w, ResultSetMetaData g, String where,
      List<String> problems) throws SQLException {
    note(problems, where + " columnType", w.getColumnType(1), g.getColumnType(1));
    note(problems, where + " typeName", w.getColumnTypeName(1), g.getColumnTypeName(1));
    note(problems, where + " precision", w.getPrecision(1), g.getPrecision(1));
    note(problems, where + " scale", w.getScale(1), g.getScale(1));
    note(problems, where + " nullable", w.isNullable(1), g.isNullable(1));
    note(problems, where + " signed", w.isSigned(1), g.isSigned(1));
    note(problems, where + " label", w.getColumnLabel(1), g.getColumnLabel(1));
  }

  private static void note(List<String> problems, String what, Object want, Object got) {
    if (!Objects.equals(want, got)) {
      problems.add(what + ": database " + show(want) + ", gatehouse " + show(got));
    }
  }

  private static Object comparable(Object o) throws SQLException {
    if (o instanceof byte[] b) {
      return "bytes:" + HexFormat.of().formatHex(b);
    }
    if (o instanceof Array a) {
      return "array:" + Arrays.deepToString((Object[]) a.getArray());
    }
    if (o instanceof java.sql.Blob b) {
      return "bytes:" + HexFormat.of().formatHex(b.getBytes(1, (int) b.length()));
    }
    return o;
  }

  private static String show(Object o) {
    if (o instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    return o == null ? "NULL" : o + " (" + o.getClass().getSimpleName() + ")";
  }
}
