package dev.gatehouse.sidecar.sql;

import java.util.Locale;

/**
 * What a statement does, judged by its effect rather than its first keyword (SPEC §5). A
 * statement has a set of kinds: {@code INSERT … ON CONFLICT DO UPDATE} is {@link #INSERT} and
 * {@link #UPDATE}; {@code WITH d AS (DELETE …) SELECT …} is {@link #SELECT} and {@link #DELETE};
 * {@code EXPLAIN ANALYZE DELETE …} is {@link #EXPLAIN} and {@link #DELETE}. A policy that allows
 * a statement should therefore allow every one of its kinds.
 *
 * <p>The policy file names kinds in lower case ({@link #policyName()}).
 */
public enum StatementKind {
  /** Reads rows: SELECT, VALUES, TABLE, and the query part of any other statement. */
  SELECT,
  /** Adds rows: INSERT, MERGE … INSERT, REPLACE, SELECT … INTO, CREATE TABLE … AS. */
  INSERT,
  /** Changes rows: UPDATE, ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE, MERGE … UPDATE. */
  UPDATE,
  /** Removes rows: DELETE, MERGE … DELETE, REPLACE (which deletes the conflicting row). */
  DELETE,
  /** A MERGE statement; its actions add {@link #INSERT}, {@link #UPDATE}, {@link #DELETE}. */
  MERGE,
  /**
   * Changes schema objects or catalogs: CREATE, ALTER, DROP, TRUNCATE, COMMENT, RENAME, ANALYZE,
   * REFRESH MATERIALIZED VIEW, SELECT … INTO (which creates a table).
   */
  DDL,
  /** GRANT (REVOKE is not understood by the parser and so is refused). */
  GRANT,
  /** Any other session setting: SET, RESET. */
  SET,
  /** SET ROLE, RESET ROLE: acts with another role's privileges. */
  SET_ROLE,
  /** SET SESSION AUTHORIZATION: acts as another user. */
  SET_SESSION_AUTHORIZATION,
  /**
   * Changes how unqualified names resolve: SET search_path, SET SCHEMA, USE. Names in later
   * statements of the session are still resolved against the configured default schema, so a
   * policy should not allow this kind lightly.
   */
  SET_SEARCH_PATH,
  /** BEGIN, START TRANSACTION, SAVEPOINT, RELEASE, ROLLBACK, SET TRANSACTION. */
  TRANSACTION,
  /** COMMIT and END: makes the transaction's changes permanent. */
  COMMIT,
  /** CALL of a stored procedure; the procedure's body cannot be seen. */
  CALL,
  /** EXPLAIN. Alone it only plans; with ANALYZE the statement runs and adds its own kinds. */
  EXPLAIN,
  /** Takes locks: LOCK TABLE, SELECT … FOR UPDATE / FOR SHARE. */
  LOCK,
  /** SHOW, DESCRIBE: reads settings or metadata. */
  SHOW;

  /** The name used in policy files: {@code select}, {@code set_role}, … */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a policy file names, ignoring case. */
  public static StatementKind fromPolicyName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
