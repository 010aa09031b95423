package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises a few statement forms from our own tokens, before (or instead of) JSqlParser:
 * forms it cannot parse but whose effect is certain from their words alone (BEGIN, START
 * TRANSACTION, RELEASE, {@code SET name TO value}, LOCK TABLE), the EXPLAIN prefix, and forms
 * refused with a specific reason (DO, COPY, LOAD DATA, H2's SCRIPT and CREATE ALIAS).
 *
 * <p>It cannot be fooled by comments, case or quoting: it reads the lexer's tokens, in which
 * comments are gone, quoted names are single tokens and keywords compare case-insensitively.
 * Each form is matched completely; a statement with anything beyond the form's words (an
 * expression, a parenthesis) goes to the parser instead.
 */
final class SimpleForms {
  /** Words that start a statement EXPLAIN can show (and, with ANALYZE, run). */
  private static final Set<String> EXPLAINABLE = Set.of(
      "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE", "REPLACE");
  private static final Set<String> TRANSACTION_WORDS = Set.of(
      "ISOLATION", "LEVEL", "SERIALIZABLE", "REPEATABLE", "READ", "COMMITTED", "UNCOMMITTED",
      "ONLY", "WRITE", "DEFERRABLE", "NOT", "WITH", "CONSISTENT", "SNAPSHOT");

  private static final Set<String> LOCK_MODE_WORDS = Set.of(
      "ACCESS", "ROW", "SHARE", "EXCLUSIVE", "UPDATE");

  private final Dialect dialect;
  private final NameResolver names;

  SimpleForms(NameResolver names) {
    this.names = names;
    this.dialect = names.dialect();
  }

  /**
   * What the leading words say.
   *
   * @param handled the complete findings when the form was recognised, else {@code null}
   * @param explainedFrom for an EXPLAIN, the index in the code tokens where the explained
   *     statement starts; -1 otherwise
   * @param explainRuns whether that EXPLAIN also runs the statement (ANALYZE, or options we
   *     do not inspect)
   */
  record Outcome(Findings handled, int explainedFrom, boolean explainRuns) {
    static final Outcome PARSE = new Outcome(null, -1, false);
  }

  Outcome recognise(String text, List<SqlToken> code) {
    Words w = new Words(text, code);
    refuseKnownForms(w);
    String first = w.word(0);
    switch (first) {
      case "EXPLAIN":
        return explain(w, 1, false);
      case "ANALYZE":
        // MariaDB's ANALYZE <statement> runs it and reports; ANALYZE <table> is maintenance.
        if (dialect == Dialect.MARIADB && EXPLAINABLE.contains(w.word(1))) {
          return new Outcome(null, 1, true);
        }
        return Outcome.PARSE;
      case "BEGIN":
      case "START":
      case "END":
      case "ABORT":
      case "RELEASE":
      case "COMMIT":
      case "ROLLBACK":
      case "SAVEPOINT":
        return transaction(w);
      case "SET":
      case "RESET":
        return set(w);
      case "LOCK":
      case "UNLOCK":
        return lock(w);
      default:
        return Outcome.PARSE;
    }
  }

  private static void refuseKnownForms(Words w) {
    String first = w.word(0);
    switch (first) {
      case "DO":
        throw new NotUnderstoodException("DO runs an anonymous code block that cannot be analysed");
      case "COPY":
        throw new NotUnderstoodException("COPY reads or writes server files, programs or client"
            + " streams and is not supported; use SELECT or INSERT");
      case "LOAD":
        throw new NotUnderstoodException("LOAD reads files or loads libraries into the server");
      case "SCRIPT":
      case "RUNSCRIPT":
      case "BACKUP":
        throw new NotUnderstoodException(first + " reads or writes files on the database server");
      case "PREPARE":
      case "EXECUTE":
      case "DEALLOCATE":
        throw new NotUnderstoodException("SQL-level prepared statements hide the statement text"
            + " from analysis; send the statement itself");
      default:
        break;
    }
    if (first.equals("CREATE")) {
      for (int i = 1; i <= 4; i++) {
        String word = w.word(i);
        if (word.equals("ALIAS") || word.equals("TRIGGER")) {
          throw new NotUnderstoodException("CREATE " + word + " defines server-side code");
        }
        if (word.equals("LINKED")) {
          throw new NotUnderstoodException("CREATE LINKED TABLE connects to another server");
        }
      }
    }
    for (int i = 0; i + 1 < w.size(); i++) {
      if (w.word(i).equals("INTO")
          && (w.word(i + 1).equals("OUTFILE") || w.word(i + 1).equals("DUMPFILE"))) {
        throw new NotUnderstoodException("SELECT … INTO " + w.word(i + 1)
            + " writes a file on the database server");
      }
    }
  }

  private Outcome explain(Words w, int from, boolean runs) {
    int i = from;
    if (w.kind(i) == Kind.OPEN_PAREN) {
      // EXPLAIN (options): ANALYZE may be spelled many ways (ANALYZE 1, ANALYZE on); take the
      // cautious reading that the statement runs.
      i = w.closing(i) + 1;
      runs = true;
    }
    while (i < w.size()) {
      String word = w.word(i);
      if (word.equals("ANALYZE") || word.equals("ANALYSE")) {
        runs = true;
        i++;
      } else if (word.equals("VERBOSE") || word.equals("EXTENDED") || word.equals("PARTITIONS")) {
        i++;
      } else if (word.equals("PLAN") && w.word(i + 1).equals("FOR")) {
        i += 2;
      } else if (word.equals("FORMAT") && w.isSymbol(i + 1, "=") && w.kind(i + 2) == Kind.WORD) {
        i += 3;
      } else {
        break;
      }
    }
    if (i >= w.size()) {
      throw new NotUnderstoodException("EXPLAIN without a statement");
    }
    if (!EXPLAINABLE.contains(w.word(i)) && w.kind(i) != Kind.OPEN_PAREN) {
      throw new NotUnderstoodException("EXPLAIN of a statement other than a query or DML");
    }
    return new Outcome(null, i, runs);
  }

  private Outcome transaction(Words w) {
    String first = w.word(0);
    int i = 1;
    StatementKind kind = StatementKind.TRANSACTION;
    switch (first) {
      case "START":
        if (!w.word(1).equals("TRANSACTION")) {
          return Outcome.PARSE;
        }
        i = 2;
        break;
      case "COMMIT":
      case "END":
        kind = StatementKind.COMMIT;
        break;
      case "RELEASE":
      case "SAVEPOINT":
        if (first.equals("RELEASE") && w.word(1).equals("SAVEPOINT")) {
          i = 2;
        }
        if (!w.isName(i) || i + 1 != w.size()) {
          return Outcome.PARSE;
        }
        return recognised(kind);
      default:
        break;
    }
    if (w.word(i).equals("WORK") || w.word(i).equals("TRANSACTION")) {
      i++;
    }
    if (first.equals("ROLLBACK") && w.word(i).equals("TO")) {
      i++;
      if (w.word(i).equals("SAVEPOINT")) {
        i++;
      }
      if (!w.isName(i)) {
        return Outcome.PARSE;
      }
      i++;
    }
    for (; i < w.size(); i++) {
      boolean chain = w.word(i).equals("AND") || w.word(i).equals("NO") || w.word(i).equals("CHAIN");
      if (!(TRANSACTION_WORDS.contains(w.word(i)) || chain || w.kind(i) == Kind.COMMA)) {
        return Outcome.PARSE;
      }
    }
    return recognised(kind);
  }

  /**
   * {@code SET [SESSION|LOCAL] name {TO|=} value, …}, {@code SET ROLE x},
   * {@code SET SESSION AUTHORIZATION x}, {@code SET TRANSACTION …}, {@code RESET name}: only
   * names and plain literals, so nothing in it can read data or call a function.
   */
  private Outcome set(Words w) {
    int assign = -1;
    for (int i = 1; i < w.size(); i++) {
      Kind k = w.kind(i);
      boolean plain = k == Kind.WORD || k == Kind.QUOTED_NAME || k == Kind.STRING
          || k == Kind.NUMBER || k == Kind.COMMA || k == Kind.DOT
          || w.isSymbol(i, "=") || w.isSymbol(i, "-");
      if (!plain) {
        return Outcome.PARSE;
      }
      if (assign < 0 && (w.word(i).equals("TO") || w.isSymbol(i, "="))) {
        assign = i;
      }
    }
    if (w.size() < 2) {
      return Outcome.PARSE;
    }
    List<String> name = new ArrayList<>();
    if (w.word(0).equals("RESET")) {
      for (int i = 1; i < w.size(); i++) {
        name.add(w.nameText(i));
      }
    } else if (assign > 0) {
      for (int i = 1; i < assign; i++) {
        name.add(w.nameText(i));
      }
    } else {
      String a = w.word(1);
      name.add(w.nameText(1));
      boolean twoWords = a.equals("SESSION") || a.equals("LOCAL") || a.equals("TIME")
          || a.equals("CHARACTER");
      if (twoWords && w.size() > 2) {
        name.add(w.nameText(2));
      }
    }
    Findings f = new Findings();
    f.kinds.addAll(SessionSettings.classify(String.join(" ", name).replace(" . ", ".")));
    return new Outcome(f, -1, false);
  }

  /**
   * PostgreSQL {@code LOCK [TABLE] [ONLY] name [*], … [IN mode MODE] [NOWAIT]} and MariaDB
   * {@code LOCK TABLES name [[AS] alias] READ|WRITE, …}, {@code UNLOCK TABLES}. The locked
   * tables are reported as read (referenced, not modified).
   */
  private Outcome lock(Words w) {
    Findings f = new Findings();
    f.kind(StatementKind.LOCK);
    if (w.word(0).equals("UNLOCK")) {
      boolean tables = w.word(1).equals("TABLES") || w.word(1).equals("TABLE");
      return tables && w.size() == 2 && dialect == Dialect.MARIADB
          ? new Outcome(f, -1, false) : Outcome.PARSE;
    }
    int i = 1;
    if (w.word(i).equals("TABLE") || w.word(i).equals("TABLES")) {
      i++;
    }
    while (i < w.size()) {
      if (w.word(i).equals("ONLY")) {
        i++;
      }
      List<String> parts = new ArrayList<>();
      while (w.isName(i)) {
        parts.add(w.text(i));
        if (w.kind(i + 1) != Kind.DOT) {
          i++;
          break;
        }
        i += 2;
      }
      if (parts.isEmpty()) {
        return Outcome.PARSE;
      }
      f.read(names.tableCandidates(parts));
      if (w.isSymbol(i, "*")) {
        i++;
      }
      if (dialect == Dialect.MARIADB) {
        i = skipMariaDbLockType(w, i);
        if (i < 0) {
          return Outcome.PARSE;
        }
      }
      if (w.kind(i) == Kind.COMMA) {
        i++;
        continue;
      }
      break;
    }
    if (w.word(i).equals("IN")) {
      i++;
      while (i < w.size() && !w.word(i).equals("MODE")) {
        if (!LOCK_MODE_WORDS.contains(w.word(i))) {
          return Outcome.PARSE;
        }
        i++;
      }
      i++;
    }
    if (w.word(i).equals("NOWAIT")) {
      i++;
    }
    return i == w.size() && !f.read.isEmpty() ? new Outcome(f, -1, false) : Outcome.PARSE;
  }

  private static int skipMariaDbLockType(Words w, int i) {
    if (w.word(i).equals("AS")) {
      i++;
    }
    if (w.isName(i) && !w.word(i).equals("READ") && !w.word(i).equals("WRITE")
        && !w.word(i).equals("LOW_PRIORITY")) {
      i++;
    }
    if (w.word(i).equals("READ")) {
      return w.word(i + 1).equals("LOCAL") ? i + 2 : i + 1;
    }
    if (w.word(i).equals("LOW_PRIORITY")) {
      i++;
    }
    return w.word(i).equals("WRITE") ? i + 1 : -1;
  }

  private static Outcome recognised(StatementKind kind) {
    Findings f = new Findings();
    f.kind(kind);
    return new Outcome(f, -1, false);
  }

  /** Indexed access to the code tokens: words upper-cased, anything else as "". */
  private static final class Words {
    private final String text;
    private final List<SqlToken> code;

    Words(String text, List<SqlToken> code) {
      this.text = text;
      this.code = code;
    }

    int size() {
      return code.size();
    }

    Kind kind(int i) {
      return i < code.size() ? code.get(i).kind() : null;
    }

    String word(int i) {
      return i < code.size() && code.get(i).kind() == Kind.WORD
          ? code.get(i).text(text).toUpperCase(Locale.ROOT) : "";
    }

    String text(int i) {
      return code.get(i).text(text);
    }

    /** The token as a setting-name part: quotes removed, case kept for the classifier. */
    String nameText(int i) {
      String t = text(i);
      return code.get(i).kind() == Kind.QUOTED_NAME ? t.substring(1, t.length() - 1) : t;
    }

    boolean isName(int i) {
      return kind(i) == Kind.WORD || kind(i) == Kind.QUOTED_NAME;
    }

    boolean isSymbol(int i, String symbol) {
      return kind(i) == Kind.SYMBOL && text(i).equals(symbol);
    }

    int closing(int open) {
      int depth = 0;
      for (int i = open; i < code.size(); i++) {
        if (code.get(i).kind() == Kind.OPEN_PAREN) {
          depth++;
        } else if (code.get(i).kind() == Kind.CLOSE_PAREN && --depth == 0) {
          return i;
        }
      }
      throw new NotUnderstoodException("an unclosed parenthesis after EXPLAIN");
    }
  }
}
