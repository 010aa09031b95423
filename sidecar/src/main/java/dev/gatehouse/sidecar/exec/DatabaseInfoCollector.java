package dev.gatehouse.sidecar.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers the scalar answers of a backend's {@link DatabaseMetaData} once, so the driver can
 * answer them without a round trip. Keys are method names, or {@code name(arg,…)} for methods
 * with int arguments.
 */
final class DatabaseInfoCollector {
  /**
   * Never sent: the backend URL can hold credentials and the user name is the sidecar's
   * database account, which agents have no business knowing. The driver answers these itself.
   */
  private static final Set<String> WITHHELD =
      Set.of("getURL", "getUserName", "getDriverName", "getDriverVersion",
          "getDriverMajorVersion", "getDriverMinorVersion", "getJDBCMajorVersion",
          "getJDBCMinorVersion");

  private static final int[] RESULT_SET_TYPES = {
    ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.TYPE_SCROLL_SENSITIVE
  };
  private static final int[] CONCURRENCIES = {
    ResultSet.CONCUR_READ_ONLY, ResultSet.CONCUR_UPDATABLE
  };
  private static final int[] ISOLATIONS = {
    Connection.TRANSACTION_NONE,
    Connection.TRANSACTION_READ_UNCOMMITTED,
    Connection.TRANSACTION_READ_COMMITTED,
    Connection.TRANSACTION_REPEATABLE_READ,
    Connection.TRANSACTION_SERIALIZABLE
  };
  private static final Set<String> PER_RESULT_SET_TYPE =
      Set.of("ownUpdatesAreVisible", "ownDeletesAreVisible", "ownInsertsAreVisible",
          "othersUpdatesAreVisible", "othersDeletesAreVisible", "othersInsertsAreVisible",
          "updatesAreDetected", "deletesAreDetected", "insertsAreDetected",
          "supportsResultSetType");

  private DatabaseInfoCollector() {}

  static Map<String, String> collect(DatabaseMetaData md) {
    Map<String, String> out = new TreeMap<>();
    for (Method m : DatabaseMetaData.class.getMethods()) {
      if (m.getDeclaringClass() != DatabaseMetaData.class || WITHHELD.contains(m.getName())) {
        continue;
      }
      Class<?> r = m.getReturnType();
      boolean scalar = r == String.class || r == boolean.class || r == int.class || r == long.class;
      if (!scalar) {
        continue;
      }
      Class<?>[] params = m.getParameterTypes();
      if (params.length == 0) {
        put(out, md, m, m.getName());
      } else if (params.length == 1 && params[0] == int.class) {
        int[] args = oneArgValues(m.getName());
        for (int a : args) {
          put(out, md, m, m.getName() + "(" + a + ")", a);
        }
      } else if (m.getName().equals("supportsResultSetConcurrency")) {
        for (int t : RESULT_SET_TYPES) {
          for (int c : CONCURRENCIES) {
            put(out, md, m, m.getName() + "(" + t + "," + c + ")", t, c);
          }
        }
      }
    }
    return Map.copyOf(out);
  }

  private static int[] oneArgValues(String name) {
    if (PER_RESULT_SET_TYPE.contains(name)) {
      return RESULT_SET_TYPES;
    }
    if (name.equals("supportsTransactionIsolationLevel")) {
      return ISOLATIONS;
    }
    if (name.equals("supportsResultSetHoldability")) {
      return new int[] {ResultSet.HOLD_CURSORS_OVER_COMMIT, ResultSet.CLOSE_CURSORS_AT_COMMIT};
    }
    return new int[0];
  }

  private static void put(
      Map<String, String> out, DatabaseMetaData md, Method m, String key, Object... args) {
    try {
      Object v = m.invoke(md, args);
      if (v != null) {
        out.put(key, v.toString());
      }
    } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
      // The backend driver does not answer this one (often SQLFeatureNotSupportedException or
      // AbstractMethodError); the driver then reports it as unsupported rather than guessing.
    }
  }
}
