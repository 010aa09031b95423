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

  /**
   * Settings known to affect only the session that sets them. Any other name is not understood:
   * many servers take database-wide settings through the same SET (H2's SET PASSWORD, SET LOG,
   * SET EXCLUSIVE, SET REFERENTIAL_INTEGRITY; MariaDB's SET GLOBAL …, sql_log_bin; PostgreSQL's
   * session_replication_role, which switches off triggers and with them foreign keys), and a
   * policy that lets agents tune their session must not let them change the server.
   */
  private static final Set<String> SESSION_ONLY = Set.of(
      // PostgreSQL
      "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
      "application_name", "timezone", "time zone", "datestyle", "intervalstyle",
      "extra_float_digits", "work_mem", "client_min_messages", "bytea_output",
      "random_page_cost", "seq_page_cost", "cpu_tuple_cost", "effective_cache_size", "jit",
      "max_parallel_workers_per_gather", "enable_seqscan", "enable_indexscan",
      "enable_bitmapscan", "enable_hashjoin", "enable_mergejoin", "enable_nestloop",
      "enable_sort", "geqo", "from_collapse_limit", "join_collapse_limit", "default_statistics_target",
      // MariaDB / MySQL (session scope)
      "time_zone", "max_execution_time", "max_statement_time", "sql_select_limit",
      "wait_timeout", "interactive_timeout", "net_read_timeout", "net_write_timeout",
      "group_concat_max_len", "lock_wait_timeout", "innodb_lock_wait_timeout",
      "optimizer_search_depth", "max_join_size", "sql_big_selects", "div_precision_increment",
      // H2 (session scope)
      "query_timeout", "max_memory_rows", "lazy_query_execution",
      "variable_binary", "throttle_session");

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
    if (n.startsWith("@@session.")) {
      n = n.substring("@@session.".length());
    }
    if (n.startsWith("@") && !n.startsWith("@@")) {
      return EnumSet.of(StatementKind.SET); // a user variable of this session
    }
    if (!SESSION_ONLY.contains(n)) {
      throw new NotUnderstoodException("SET " + n + " is not a setting known to stay within the"
          + " session; it may change the server for everyone");
    }
    return EnumSet.of(StatementKind.SET);
  }
}
