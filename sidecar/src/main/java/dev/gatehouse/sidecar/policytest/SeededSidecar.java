package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import dev.gatehouse.sidecar.policytest.Expectation.ExpectedValue;
import dev.gatehouse.sidecar.sql.TableName;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The in-process sidecar that checks {@code rows:}: the file's policy over H2 databases built
 * from its seed, one per datasource the cases name, reached through the real Gatehouse driver as
 * each case's principal. Started at the first case that needs it, so files without
 * {@code rows:} never start one.
 */
final class SeededSidecar implements AutoCloseable {
  /** Claims the development token sets itself, or that are passed as groups. */
  private static final Set<String> TOKEN_CLAIMS =
      Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "groups");
  /** More rows than any case should expect; reading stops there. */
  private static final int MAX_ROWS = 10_000;
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private final PolicySource policy;
  private final String seed;
  private final Set<String> datasources;
  private GatehouseSidecar sidecar;
  private String startFailure;

  SeededSidecar(PolicySource policy, String seed, Set<String> datasources) {
    this.policy = policy;
    this.seed = seed;
    this.datasources = Set.copyOf(datasources);
  }

  /** Runs the case's statement and compares its rows; one line per difference. */
  List<String> checkRows(PolicyCase c, Principal principal) {
    if (startFailure != null) {
      return List.of(startFailure);
    }
    try {
      started();
    } catch (RuntimeException e) {
      // a seed that does not run, a policy the real sidecar refuses: every rows case says so
      startFailure = "rows:     the in-process sidecar for the seed did not start: "
          + e.getMessage();
      return List.of(startFailure);
    }
    List<List<Object>> actual;
    try (Connection connection = connect(principal, c)) {
      connection.setAutoCommit(false);
      try {
        actual = rows(connection, c);
      } finally {
        connection.rollback(); // cases must not see each other's writes
      }
    } catch (SQLException e) {
      return List.of("rows:     the statement did not run through the sidecar: SQLState "
          + e.getSQLState() + ": " + e.getMessage());
    } catch (RowsException e) {
      return List.of("rows:     " + e.getMessage());
    }
    return compare(c.expect().rows(), actual);
  }

  /**
   * The columns of a seed table in order, as the sidecar reads them for {@code *}: through the
   * driver's metadata as the case's principal. Empty when the case's datasource is not served
   * here (no seed, not H2) or the table is unknown.
   */
  Optional<List<String>> columnsOf(PolicyCase c, Principal principal, TableName table) {
    if (!datasources.contains(c.datasource()) || startFailure != null) {
      return Optional.empty();
    }
    try {
      started();
    } catch (RuntimeException e) {
      startFailure = "rows:     the in-process sidecar for the seed did not start: "
          + e.getMessage();
      return Optional.empty();
    }
    try (Connection connection = connect(principal, c);
        ResultSet rs = connection.getMetaData().getColumns(table.catalog(), table.schema(),
            table.table(), null)) {
      List<String> columns = new ArrayList<>();
      while (rs.next()) {
        // the pattern's _ matches any character: keep only the table itself
        if (table.table().equals(rs.getString("TABLE_NAME"))
            && (table.schema() == null || table.schema().equals(rs.getString("TABLE_SCHEM")))) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
      return columns.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(columns));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /**
   * A connection as the case's principal. The sidecar runs in this JVM, so nothing but an
   * overloaded machine (a CI box running several builds) delays the first connection, when the
   * server and driver paths are loaded and compiled: it gets a minute instead of the driver's
   * default ten seconds, so a busy machine does not fail policy cases.
   */
  private Connection connect(Principal principal, PolicyCase c) throws SQLException {
    Properties p = new Properties();
    p.setProperty("token", token(principal, c).token());
    p.setProperty("connect_timeout", "60s");
    return DriverManager.getConnection(sidecar.url(c.datasource()), p);
  }

  private void started() {
    if (sidecar == null) {
      GatehouseSidecar.Builder b = GatehouseSidecar.builder().policy(policy);
      for (String name : datasources) {
        b.h2Datasource(name, seed);
      }
      GatehouseSidecar built = b.build();
      built.start();
      sidecar = built;
    }
  }

  /** The case's claims as a token of the test sidecar: groups as the configuration read them. */
  private GatehouseSidecar.Principal token(Principal principal, PolicyCase c) {
    GatehouseSidecar.Principal p = sidecar.principal(principal.subject())
        .groups(principal.groups().toArray(String[]::new));
    c.claims().forEach((name, value) -> {
      if (!TOKEN_CLAIMS.contains(name)) {
        p.claim(name, value);
      }
    });
    return p;
  }

  private static List<List<Object>> rows(Connection connection, PolicyCase c)
      throws SQLException, RowsException {
    if (c.params().isEmpty()) {
      try (Statement s = connection.createStatement()) {
        return rows(s, s.execute(c.sql()));
      }
    }
    try (PreparedStatement s = connection.prepareStatement(c.sql())) {
      for (int i = 0; i < c.params().size(); i++) {
        s.setObject(i + 1, c.params().get(i));
      }
      return rows(s, s.execute());
    }
  }

  private static List<List<Object>> rows(Statement s, boolean hasRows)
      throws SQLException, RowsException {
    if (!hasRows) {
      throw new RowsException("expected rows, but the statement returned none (update count "
          + s.getUpdateCount() + ")");
    }
    List<List<Object>> rows = new ArrayList<>();
    try (ResultSet rs = s.getResultSet()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rows.size() < MAX_ROWS && rs.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(value instanceof Number || value instanceof Boolean || value == null
              ? value : rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> compare(List<List<ExpectedValue>> expected,
      List<List<Object>> actual) {
    List<String> lines = new ArrayList<>();
    int n = Math.max(expected.size(), actual.size());
    for (int i = 0; i < n && lines.size() < 20; i++) {
      List<ExpectedValue> want = i < expected.size() ? expected.get(i) : null;
      List<Object> got = i < actual.size() ? actual.get(i) : null;
      if (want == null || got == null || !matches(want, got)) {
        String label = "  row " + (i + 1) + ": ";
        lines.add(label + "expected " + (want == null ? "no row" : want) + "\n"
            + " ".repeat(label.length()) + "got      " + (got == null ? "no row" : show(got)));
      }
    }
    if (lines.isEmpty()) {
      return List.of();
    }
    String head = "rows:     expected " + expected.size() + " row(s), got " + actual.size()
        + (actual.size() >= MAX_ROWS ? " or more" : "");
    return List.of(head + "\n" + String.join("\n", lines));
  }

  private static boolean matches(List<ExpectedValue> want, List<Object> got) {
    if (want.size() != got.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      if (!matches(want.get(i), got.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * An unquoted number equals a number of the same value ({@code 129} and {@code 129.00}); an
   * unquoted {@code true}/{@code false} equals a boolean; everything else compares as text.
   */
  private static boolean matches(ExpectedValue want, Object got) {
    if (want.text() == null || got == null) {
      return want.text() == null && got == null;
    }
    if (!want.quoted() && got instanceof Number n && NUMBER.matcher(want.text()).matches()) {
      if ((n instanceof Double d && !Double.isFinite(d))
          || (n instanceof Float f && !Float.isFinite(f))) {
        return false;
      }
      return new BigDecimal(want.text()).compareTo(new BigDecimal(n.toString())) == 0;
    }
    if (!want.quoted() && got instanceof Boolean b) {
      return want.text().equals(b.toString());
    }
    return want.text().equals(got.toString());
  }

  private static String show(List<Object> row) {
    List<String> cells = new ArrayList<>();
    for (Object v : row) {
      cells.add(v == null ? "null" : v instanceof Number || v instanceof Boolean
          ? v.toString() : "'" + v + "'");
    }
    return "[" + String.join(", ", cells) + "]";
  }

  @Override
  public void close() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  /** The statement ran but did not give rows to compare. */
  private static final class RowsException extends Exception {
    private static final long serialVersionUID = 1L;

    RowsException(String message) {
      super(message);
    }
  }
}
