package dev.gatehouse.sidecar.sql;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies session settings (SET, RESET) by what they change.
 *
 * <p>Settings that change how later SQL text is read (string escapes, quoting modes, the
 * client encoding, H2's compatibility mode or keyword list) are not understood at all: the
 * analysis of every later statement in the session would rest on a lexer that no longer matches
 * the server's. So are settings that plug code into the server.
 */
final class SessionSettings {
  private static final Set<String> CHANGES_LEXING = Set.of(
      "standard_conforming_strings", "backslash_quote", "escape_string_warning", "sql_mode",
      "mode", "non_keywords", "client_encoding", "names", "character set", "charset",
      "character_set_client", "character_set_connection", "character_set_results",
      "session sql_mode", "global sql_mode");
  private static final Set<String> PLUGS_CODE = Set.of(
      "java_object_serializer", "builtin_alias_override", "local_preload_libraries",
      "session_preload_libraries", "shared_preload_libraries", "dynamic_library_path");
  private static final Set<String> SEARCH_PATH = Set.of(
      "search_path", "schema", "schema_search_path", "current_schema");
  private static final Set<String> TRANSACTION = Set.of(
      "transaction", "session characteristics", "default_transaction_read_only",
      "transaction_read_only", "default_transaction_isolation", "transaction_isolation",
      "autocommit", "tx_read_only");

  private SessionSettings() {}

  /**
   * The kinds of setting {@code name}: words in any case, quotes removed, e.g. {@code role},
   * {@code session authorization}, {@code search_path}, {@code @x}.
   */
  static Set<StatementKind> classify(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (n.startsWith("session ") && !n.equals("session authorization")
        && !n.equals("session characteristics")) {
      n = n.substring("session ".length());
    }
    if (n.startsWith("local ")) {
      n = n.substring("local ".length());
    }
    if (CHANGES_LEXING.contains(n)) {
      throw new NotUnderstoodException("SET " + n + " changes how the server reads SQL text");
    }
    if (PLUGS_CODE.contains(n)) {
      throw new NotUnderstoodException("SET " + n + " loads code into the server");
    }
    if (n.equals("role")) {
      return EnumSet.of(StatementKind.SET_ROLE);
    }
    if (n.equals("session authorization") || n.equals("authorization")
        || n.equals("session_authorization")) {
      return EnumSet.of(StatementKind.SET_SESSION_AUTHORIZATION);
    }
    if (SEARCH_PATH.contains(n)) {
      return EnumSet.of(StatementKind.SET_SEARCH_PATH);
    }
    if (TRANSACTION.contains(n)) {
      return EnumSet.of(StatementKind.SET, StatementKind.TRANSACTION);
    }
    if (n.equals("all")) {
      return EnumSet.of(StatementKind.SET, StatementKind.SET_ROLE,
          StatementKind.SET_SESSION_AUTHORIZATION, StatementKind.SET_SEARCH_PATH);
    }
    return EnumSet.of(StatementKind.SET);
  }
}
