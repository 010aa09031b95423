package dev.gatehouse.sidecar.sql;

import java.util.Locale;
import java.util.Objects;

/**
 * A function or procedure called by a statement, in FROM as well as in expressions.
 *
 * @param schema the schema qualifier as written (canonical case), {@code null} when unqualified
 * @param name the function name in canonical case
 */
public record FunctionName(String schema, String name) {

  public FunctionName {
    Objects.requireNonNull(name, "name");
  }

  /**
   * True when this is the function a policy names, compared case-insensitively; a policy name
   * without a schema matches any schema ({@code pg_read_file} matches
   * {@code pg_catalog.pg_read_file}).
   */
  public boolean matches(String policyName) {
    String wanted = policyName.trim().toLowerCase(Locale.ROOT);
    int dot = wanted.lastIndexOf('.');
    String wantedName = dot < 0 ? wanted : wanted.substring(dot + 1);
    if (!name.toLowerCase(Locale.ROOT).equals(wantedName)) {
      return false;
    }
    return dot < 0 || (schema != null && schema.toLowerCase(Locale.ROOT)
        .equals(wanted.substring(0, dot)));
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
