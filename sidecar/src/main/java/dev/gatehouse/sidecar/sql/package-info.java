/**
 * Analysis: what a statement really does, for the policy (SPEC §5). Entry point
 * {@link dev.gatehouse.sidecar.sql.SqlAnalyzer}; results are immutable
 * {@link dev.gatehouse.sidecar.sql.Analysis} / {@link dev.gatehouse.sidecar.sql.StatementAnalysis}
 * records; names are compared through {@link dev.gatehouse.sidecar.sql.NameResolver}.
 *
 * <h2>Fail closed</h2>
 * A statement is either understood with certainty or "not understood", which the policy denies
 * with SQLState 42601 and the reason given. Not understood are, among others:
 * <ul>
 *   <li>texts the lexer refuses because readers disagree on them: nested block comments,
 *       {@code U&} escapes, dollar quoting, JDBC escapes, control and invisible characters,
 *       numbers glued to names; in MariaDB {@code #} and executable comments and double-quoted
 *       strings ({@link dev.gatehouse.sidecar.sql.SqlLexer});
 *   <li>anything JSqlParser cannot parse, parses only partly, reads with different string,
 *       name or comment boundaries than the database ({@code LexicalAgreement}), or takes longer
 *       than the parse budget for, and texts nested deeper than the limit;
 *   <li>any node class or field of the parse tree the walker does not handle
 *       ({@code AstContract}): PIVOT, CONNECT BY, TABLESAMPLE, hints it never reads …;
 *   <li>column references it cannot attribute, keywords used as names ({@code FROM t UPDATE}),
 *       aliases where no database takes one;
 *   <li>DO, COPY, LOAD, PREPARE/EXECUTE, H2's SCRIPT/RUNSCRIPT/BACKUP/CREATE ALIAS/CREATE
 *       TRIGGER/CREATE LINKED TABLE, MariaDB's INTO OUTFILE/DUMPFILE, REVOKE, and settings
 *       that change how later SQL is read (standard_conforming_strings, sql_mode, H2 MODE,
 *       client encoding).
 * </ul>
 *
 * <h2>Statements and spans</h2>
 * A text is cut at top-level semicolons by our own lexer, which reads like the database; each
 * piece must then be exactly one statement to JSqlParser too (it ends statements at some line
 * breaks; those pieces are refused). Spans exclude the semicolon and surrounding whitespace and
 * comments, and are exactly what the executor runs, one after another.
 *
 * <h2>Cache</h2>
 * Analyses are cached (Caffeine, bounded by weight) under a key in which plain literals are
 * replaced by placeholders and comments removed. The analysis is computed <em>from the key
 * text</em>, so no finding can depend on a literal value. Literals whose reading depends on
 * settings (backslashes, prefixed strings) make the statement keyed on its exact text. Integer
 * positions in ORDER BY / GROUP BY share a key and therefore count as every output column.
 *
 * <h2>Names</h2>
 * See {@link dev.gatehouse.sidecar.sql.NameResolver}: H2 folds to upper case, PostgreSQL to
 * lower case (63-byte identifiers; unqualified {@code pg_*} names may be catalogs), MariaDB
 * compares case-insensitively (a deliberate over-match). Unqualified names resolve to the
 * configured default schema: configure it to match the connection's search path, and keep
 * agents from changing it ({@link dev.gatehouse.sidecar.sql.StatementKind#SET_SEARCH_PATH}).
 * A CTE shadows a table only for unqualified references in its scope.
 *
 * <h2>Limits of what is seen</h2>
 * The analysis sees the statement, not the schema: views are tables here (their bodies are not
 * followed), user-defined functions and procedures are names (their bodies are not followed),
 * triggers and rules are invisible, and columns are attributed without knowing which table has
 * which column (ambiguous references list every candidate).
 *
 * <h2>For issue #5</h2>
 * Each query's {@code QueryOutput} already maps output columns to the real-table columns they
 * derive from (through aliases, subqueries, CTEs, UNION positions, {@code *}, whole-row
 * references); lineage can grow from {@code ExpressionWalker}'s returned sources, and row
 * filters from the {@code Relation} each table reference becomes.
 * {@link dev.gatehouse.sidecar.sql.ParsedStatement#tree()} gives the rewrite step a fresh tree.
 */
package dev.gatehouse.sidecar.sql;
