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
 * <h2>Masking and row filters (issue #5)</h2>
 * <ul>
 *   <li><b>Lineage.</b> {@link dev.gatehouse.sidecar.sql.StatementAnalysis#lineage()} says, for
 *       each column of a statement's result (select list or RETURNING), which real-table
 *       columns it may come from and whether it is the value itself
 *       ({@link dev.gatehouse.sidecar.sql.Derivation#DIRECT}: aliases, parentheses, casts to
 *       unbounded text, derived-table and CTE columns, UNION positions), a count, or derived
 *       (anything else). {@code *} over a real table stays symbolic until expanded from the
 *       database's metadata; results whose columns cannot be lined up (table functions,
 *       USING/NATURAL joins under {@code *}, UNIONs of stars, recursive CTEs) are uncertain and
 *       derived from everything they may hold. Recursive CTEs are walked to a fixed point.
 *   <li><b>Predicates.</b> {@link dev.gatehouse.sidecar.sql.ColumnUse#equalityOnly()} tells
 *       {@code card = ?} from {@code card LIKE '4%'}, also through aliases, derived tables and
 *       CTEs, for {@code predicates: equality}.
 *   <li><b>Write flows.</b> Values that reach a write are
 *       {@link dev.gatehouse.sidecar.sql.ColumnUsage#WRITE_SOURCE} uses: INSERT … SELECT,
 *       UPDATE/MERGE assignments, CREATE TABLE/VIEW … AS, SELECT … INTO, EXCLUDED, SET values
 *       and value-storing functions ({@code set_config}, H2's {@code SET}).
 *   <li><b>Row filters.</b> {@link dev.gatehouse.sidecar.sql.RowFilters} compiles conditions
 *       and rewrites statements: filtered tables become filtered derived tables, UPDATE and
 *       DELETE targets get the condition, claims are bound parameters; the rewritten text is
 *       analysed again and must do what the original did.
 * </ul>
 */
package dev.gatehouse.sidecar.sql;
