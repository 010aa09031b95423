package dev.gatehouse.sidecar.exec;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The columns of each table, in order, read from the backend's metadata and cached (SPEC §5:
 * {@code *} expands from backend metadata). Refreshed on a timer and dropped whole whenever a
 * statement that changes the schema runs through the sidecar.
 *
 * <p>Names are looked up exactly as given: the analysis hands over canonical names (H2 upper
 * case, PostgreSQL lower case), which is also how the catalogs store them.
 */
public final class TableColumns {
  private static final Logger log = LoggerFactory.getLogger(TableColumns.class);
  static final Duration REFRESH = Duration.ofMinutes(5);

  private final Backend backend;
  private final LoadingCache<Key, Optional<List<String>>> cache;

  TableColumns(Backend backend) {
    this.backend = backend;
    this.cache = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(REFRESH)
        .build(this::load);
  }

  private record Key(String catalog, String schema, String table) {}

  /**
   * The table's columns in order, or empty when the table is unknown or its metadata cannot be
   * read (the caller then treats the result as uncertain: fail closed).
   */
  public Optional<List<String>> columnsOf(String catalog, String schema, String table) {
    return cache.get(new Key(catalog, schema, table));
  }

  /** Forgets everything (after DDL). */
  public void invalidate() {
    cache.invalidateAll();
  }

  private Optional<List<String>> load(Key key) {
    try (Connection c = backend.borrow()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(key.catalog(), escape(md, key.schema()),
          escape(md, key.table()), null)) {
        List<int[]> order = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          String table = rs.getString("TABLE_NAME");
          // LIKE patterns can match more than asked; keep only the exact table
          if (!key.table().equals(table) || (key.schema() != null && !key.schema().equals(schema))) {
            continue;
          }
          names.add(rs.getString("COLUMN_NAME"));
          order.add(new int[] {rs.getInt("ORDINAL_POSITION"), names.size() - 1});
        }
        order.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int[] o : order) {
          columns.add(names.get(o[1]));
        }
      }
      return columns.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(columns));
    } catch (SQLException | RuntimeException e) {
      log.warn("cannot read the columns of {}.{}: {}", key.schema(), key.table(), e.getMessage());
      return Optional.empty();
    }
  }

  private static String escape(DatabaseMetaData md, String name) throws SQLException {
    if (name == null) {
      return null;
    }
    String esc = md.getSearchStringEscape();
    if (esc == null || esc.isEmpty()) {
      return name;
    }
    return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
  }
}
