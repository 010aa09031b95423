package dev.gatehouse.sidecar.exec;

import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@link DatabaseMetaData} methods that return result sets, by name, with arguments
 * from the protocol. Only methods of {@code DatabaseMetaData} returning {@code ResultSet} can be
 * called; anything else is refused. Every result passes through {@link VisibleMetadata}, so it
 * names only what the principal's policy lets it read.
 */
final class MetadataCalls {
  private static final Map<String, Method> METHODS = new HashMap<>();

  static {
    for (Method m : DatabaseMetaData.class.getMethods()) {
      if (m.getReturnType() == ResultSet.class && m.getDeclaringClass() == DatabaseMetaData.class) {
        METHODS.put(m.getName() + "/" + m.getParameterCount(), m);
      }
    }
  }

  private MetadataCalls() {}

  static ResultSet invoke(DatabaseMetaData md, String name, List<Value> args,
      SchemaVisibility visibility) throws SQLException {
    Method m = METHODS.get(name + "/" + args.size());
    if (m == null) {
      throw new GatehouseException(
          GatehouseException.FEATURE_NOT_SUPPORTED,
          "DatabaseMetaData." + name + " with " + args.size() + " arguments is not available");
    }
    Class<?>[] types = m.getParameterTypes();
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = convert(args.get(i), types[i], name, i + 1);
    }
    return VisibleMetadata.filter(name, values, md, visibility, () -> call(md, m, values, name));
  }

  private static ResultSet call(DatabaseMetaData md, Method m, Object[] values, String name)
      throws SQLException {
    try {
      return (ResultSet) m.invoke(md, values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw new GatehouseException(
          GatehouseException.FEATURE_NOT_SUPPORTED,
          "the database does not support DatabaseMetaData." + name,
          null,
          0,
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object convert(Value v, Class<?> type, String method, int position) {
    boolean isNull = v.getKindCase() == Value.KindCase.NULL_VALUE
        || v.getKindCase() == Value.KindCase.KIND_NOT_SET;
    if (type == String.class) {
      return isNull ? null : v.getStringValue();
    }
    if (type == String[].class) {
      if (isNull) {
        return null;
      }
      return v.getArrayValue().getElementsList().stream().map(Value::getStringValue)
          .toArray(String[]::new);
    }
    if (type == int[].class) {
      if (isNull) {
        return null;
      }
      return v.getArrayValue().getElementsList().stream()
          .mapToInt(e -> (int) e.getLongValue()).toArray();
    }
    if (type == int.class && v.getKindCase() == Value.KindCase.LONG_VALUE) {
      return (int) v.getLongValue();
    }
    if (type == short.class && v.getKindCase() == Value.KindCase.LONG_VALUE) {
      return (short) v.getLongValue();
    }
    if (type == boolean.class && v.getKindCase() == Value.KindCase.BOOL_VALUE) {
      return v.getBoolValue();
    }
    throw new GatehouseException(
        GatehouseException.PROTOCOL_VIOLATION,
        "DatabaseMetaData." + method + ": argument " + position + " must be " + type.getSimpleName());
  }
}
