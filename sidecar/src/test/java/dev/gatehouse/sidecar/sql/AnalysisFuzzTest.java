package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property test: random token soup and random mutations of the corpus never make the analysis
 * throw, and whenever it claims to understand a statement, that claim is consistent with the
 * statement's own tokens (as our lexer reads them, which is how the database reads them):
 * <ul>
 *   <li>spans are ordered, exact, and nothing but whitespace, comments and semicolons lies
 *       between them;
 *   <li>an understood statement has at least one kind, and every table it names occurs as a
 *       name in the text;
 *   <li>a statement judged read-only ({@code kinds == {select}}) contains no word that writes
 *       (DELETE, INSERT, UPDATE, DROP, …) outside literals and comments;
 *   <li>a call of a catalogue function in the code is always reported as dangerous;
 *   <li>the result lineage never invents a source (each is a recorded column use of a table of
 *       the statement), expands unless uncertain, and in a statement with a single SELECT block
 *       every column used in the select list is a source of some output column.
 * </ul>
 * Seeded and bounded, so it runs the same way in CI in a few seconds; the seed and the
 * number of rounds can be raised from the command line for longer runs.
 */
@Timeout(120)
class AnalysisFuzzTest {
  /** Override with -Dgatehouse.fuzz.seed=… and -Dgatehouse.fuzz.rounds=… for longer hunts. */
  private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 20240607L);
  private static final int ROUNDS = Integer.getInteger("gatehouse.fuzz.rounds", 3000);
  private static final Map<Dialect, SqlAnalyzer> ANALYZERS = Corpus.analyzers();

  private static final Set<String> WRITE_WORDS = Set.of("DELETE", "INSERT", "UPDATE", "MERGE",
      "DROP", "TRUNCATE", "ALTER", "CREATE", "GRANT", "REVOKE", "COPY", "CALL", "UPSERT");

  private static final String[] VOCABULARY = {
      "SELECT", "FROM", "WHERE", "DELETE", "INSERT", "INTO", "UPDATE", "SET", "DROP", "TABLE",
      "WITH", "AS", "UNION", "ALL", "JOIN", "LEFT", "ON", "USING", "AND", "OR", "NOT", "IN",
      "EXISTS", "VALUES", "EXPLAIN", "ANALYZE", "BEGIN", "COMMIT", "CALL", "RETURNING", "LIMIT",
      "ORDER", "BY", "GROUP", "HAVING", "CASE", "WHEN", "THEN", "END", "LATERAL", "MERGE",
      "MATCHED", "DO", "NOTHING", "CONFLICT", "FOR", "RECURSIVE", "DISTINCT", "NULL", "TRUE",
      "customers", "orders", "t", "c", "o", "x", "id", "card", "\"Customers\"", "public",
      "PUBLIC", "pg_catalog", "*", "=", "<", "+", "-", "||", "::", ",", ".", "(", ")", "(", ")",
      ";", "'a'", "'it''s'", "1", "2.5", "?", "$1", "E'\\''", "'\\'", "$$x$$", "/* c */",
      "-- c\n", "// c\n", "#c\n", "pg_read_file(", "FILE_READ(", "count(", "lo_import(",
      "dblink(", "load_file(", "`q`", "\"", "'", "\\", "U&\"x\"", "/*", "*/", "\n\n\n", "\u00a0"};

  @Test
  void randomAndMutatedSqlNeverYieldsAnUnfoundedAnalysis() {
    Random random = new Random(SEED);
    List<Corpus.Case> corpus = Corpus.load("/sql/analysis-corpus.txt");
    Dialect[] dialects = {Dialect.POSTGRESQL, Dialect.H2, Dialect.MARIADB};
    int understood = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Dialect dialect = dialects[random.nextInt(dialects.length)];
      String sql = random.nextBoolean()
          ? soup(random)
          : mutate(corpus.get(random.nextInt(corpus.size())).sql(), random);
      understood += check(dialect, sql);
    }
    // the generator must reach understood statements, or the invariants prove nothing
    assertTrue(understood > ROUNDS / 10, "understood " + understood + " of " + ROUNDS);
  }

  private static int check(Dialect dialect, String sql) {
    SqlAnalyzer analyzer = ANALYZERS.get(dialect);
    Analysis analysis;
    try {
      analysis = analyzer.analyze(sql);
    } catch (RuntimeException | StackOverflowError e) {
      fail("[" + dialect + "] threw " + e + " for: " + sql, e);
      return 0;
    }
    checkSpans(dialect, sql, analysis);
    int understood = 0;
    for (StatementAnalysis s : analysis.statements()) {
      if (!s.understood()) {
        assertTrue(s.kinds().isEmpty() && s.tablesRead().isEmpty() && s.tablesWritten().isEmpty(),
            "a refusal carries no findings: " + sql);
        continue;
      }
      understood++;
      String where = "[" + dialect + "] " + s.text();
      List<SqlToken> code = code(dialect, s.text());
      assertFalse(s.kinds().isEmpty(), "understood without a kind: " + where);
      checkTablesOccur(analyzer.names(), s, code, where);
      checkReadOnlyVerdict(s, code, where);
      checkNoTableMissed(analyzer.names(), s, code, where);
      checkDangerousCalls(dialect, s, code, where);
      checkLineage(s, code, where);
      assertEquals(s.kinds(), analyzer.analyze(s.text()).statements().get(0).kinds(),
          "same kinds when analysed alone: " + where);
    }
    return understood;
  }

  private static void checkSpans(Dialect dialect, String sql, Analysis analysis) {
    assertFalse(analysis.statements().isEmpty());
    int previousEnd = 0;
    boolean lexed = true;
    List<SqlToken> tokens = List.of();
    try {
      tokens = new SqlLexer(dialect).tokenize(sql);
    } catch (NotUnderstoodException e) {
      lexed = false;
    }
    for (StatementAnalysis s : analysis.statements()) {
      assertTrue(s.start() >= previousEnd && s.end() >= s.start() && s.end() <= sql.length());
      assertEquals(sql.substring(s.start(), s.end()), s.text());
      if (lexed) {
        for (SqlToken t : tokens) {
          boolean between = t.end() <= s.start() && t.start() >= previousEnd;
          if (between) {
            assertTrue(t.isTrivia() || t.kind() == Kind.SEMICOLON,
                "code outside every statement: " + sql);
          }
        }
      }
      previousEnd = s.end();
    }
  }

  /** Every table found must be named in the text: the analysis never invents a table. */
  private static void checkTablesOccur(NameResolver names, StatementAnalysis s,
      List<SqlToken> code, String where) {
    Set<String> namesInText = new HashSet<>();
    for (SqlToken t : code) {
      if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME) {
        namesInText.add(names.identifier(t.text(s.text())));
      }
    }
    for (TableName table : s.tables()) {
      assertTrue(namesInText.contains(table.table()), "invented table " + table + ": " + where);
    }
  }

  private static final Set<StatementKind> DATA_KINDS = Set.of(StatementKind.SELECT,
      StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE,
      StatementKind.LOCK, StatementKind.EXPLAIN);
  private static final Set<String> SPECIAL_FORMS = Set.of("EXTRACT", "TRIM", "SUBSTRING",
      "SUBSTR", "OVERLAY", "POSITION");

  /**
   * Every name in a table position (after FROM, JOIN, INTO, USING, or UPDATE at a statement's
   * start) is a table the analysis reports, or a CTE name: a missed table is a hole.
   */
  private static void checkNoTableMissed(NameResolver names, StatementAnalysis s,
      List<SqlToken> code, String where) {
    if (!DATA_KINDS.containsAll(s.kinds())) {
      return;
    }
    String text = s.text();
    Set<String> known = new HashSet<>();
    s.tables().forEach(t -> known.add(t.table()));
    for (int i = 0; i + 2 < code.size(); i++) {
      boolean name = code.get(i).kind() == Kind.WORD || code.get(i).kind() == Kind.QUOTED_NAME;
      if (name && code.get(i + 1).isWord(text, "AS") && code.get(i + 2).kind() == Kind.OPEN_PAREN) {
        known.add(names.identifier(code.get(i).text(text)));
      }
      if (name && code.get(i + 1).kind() == Kind.OPEN_PAREN) {
        known.add(names.identifier(code.get(i).text(text))); // a CTE with a column list, or a call
      }
    }
    for (int i = 0; i < code.size(); i++) {
      String word = code.get(i).kind() == Kind.WORD
          ? code.get(i).text(text).toUpperCase(Locale.ROOT) : "";
      Kind before = i == 0 ? null : code.get(i - 1).kind();
      boolean position = word.equals("FROM") || word.equals("JOIN") || word.equals("INTO")
          || word.equals("USING")
          || (word.equals("UPDATE") && (before == null || before == Kind.OPEN_PAREN
              || before == Kind.CLOSE_PAREN));
      if (!position || insideSpecialForm(code, i, text)
          || (i > 0 && code.get(i - 1).isWord(text, "DISTINCT"))) {
        continue;
      }
      int j = i + 1;
      while (j < code.size() && (code.get(j).isWord(text, "ONLY")
          || code.get(j).isWord(text, "LATERAL"))) {
        j++;
      }
      if (j < code.size() && code.get(j).isWord(text, "VALUES")) {
        continue; // FROM VALUES (…): a values list, not a table
      }
      String last = null;
      while (j < code.size() && (code.get(j).kind() == Kind.WORD
          || code.get(j).kind() == Kind.QUOTED_NAME)) {
        last = code.get(j).text(text);
        if (j + 1 < code.size() && code.get(j + 1).kind() == Kind.DOT) {
          j += 2;
        } else {
          j++;
          break;
        }
      }
      if (last == null) {
        continue;
      }
      boolean call = j < code.size() && code.get(j).kind() == Kind.OPEN_PAREN
          && !word.equals("INTO");
      String table = names.identifier(last);
      if (!call && !known.contains(table)) {
        fail("table " + table + " after " + word + " missed: " + where + " tables " + s.tables());
      }
    }
  }

  /** Whether a FROM is inside EXTRACT(… FROM …), TRIM(… FROM …) and the like. */
  private static boolean insideSpecialForm(List<SqlToken> code, int at, String text) {
    int depth = 0;
    for (int k = at - 1; k >= 0; k--) {
      Kind kind = code.get(k).kind();
      if (kind == Kind.CLOSE_PAREN) {
        depth++;
      } else if (kind == Kind.OPEN_PAREN) {
        if (depth == 0) {
          return k > 0 && code.get(k - 1).kind() == Kind.WORD
              && SPECIAL_FORMS.contains(code.get(k - 1).text(text).toUpperCase(Locale.ROOT));
        }
        depth--;
      }
    }
    return false;
  }

  /** A statement judged to only read has no writing word among its code tokens. */
  private static void checkReadOnlyVerdict(StatementAnalysis s, List<SqlToken> code,
      String where) {
    if (!s.kinds().equals(Set.of(StatementKind.SELECT))) {
      return;
    }
    // PostgreSQL lets unreserved keywords be names (a table called "update"): a word the
    // analysis accounts for as a table or column name is a name, not a verb.
    Set<String> names = new HashSet<>();
    s.tables().forEach(t -> names.add(t.table().toUpperCase(Locale.ROOT)));
    s.columns().forEach(c -> names.add(c.column().toUpperCase(Locale.ROOT)));
    for (int i = 0; i < code.size(); i++) {
      SqlToken t = code.get(i);
      if (t.kind() != Kind.WORD) {
        continue;
      }
      String word = t.text(s.text()).toUpperCase(Locale.ROOT);
      boolean call = i + 1 < code.size() && code.get(i + 1).kind() == Kind.OPEN_PAREN;
      boolean qualified = (i > 0 && code.get(i - 1).kind() == Kind.DOT)
          || (i + 1 < code.size() && code.get(i + 1).kind() == Kind.DOT);
      if (WRITE_WORDS.contains(word) && !call && !qualified && !names.contains(word)) {
        fail("judged read-only despite " + word + ": " + where + " kinds " + s.kinds());
      }
    }
  }

  /** A catalogue function called in the code must be reported. */
  private static void checkDangerousCalls(Dialect dialect, StatementAnalysis s,
      List<SqlToken> code, String where) {
    DangerCatalogue catalogue = CATALOGUES.get(dialect);
    for (int i = 0; i + 1 < code.size(); i++) {
      SqlToken t = code.get(i);
      if (t.kind() != Kind.WORD || code.get(i + 1).kind() != Kind.OPEN_PAREN) {
        continue;
      }
      String before = i == 0 ? "" : code.get(i - 1).text(s.text()).toUpperCase(Locale.ROOT);
      if (before.equals("INTO") || before.equals("TABLE") || before.equals("UPDATE")) {
        continue; // a table name followed by a column list, not a call
      }
      String name = t.text(s.text()).toLowerCase(Locale.ROOT);
      if (catalogue.lookup(name).isPresent()) {
        assertTrue(s.isDangerous(name), "call of " + name + " not reported: " + where);
      }
    }
  }

  /** The lineage is founded on the statement's own column uses and covers its select list. */
  private static void checkLineage(StatementAnalysis s, List<SqlToken> code, String where) {
    ResultLineage lineage = s.lineage();
    if (lineage.uncertain()) {
      assertTrue(lineage.items().isEmpty(), "uncertain lineage with items: " + where);
    }
    Set<SourceColumn> sources = lineage.allSources();
    for (SourceColumn source : sources) {
      assertTrue(s.tables().contains(source.table()), "lineage invents " + source + ": " + where);
      assertTrue(s.columns().stream().anyMatch(u -> u.touches(source.table(), source.column())
          || (source.wholeRow() && u.tables().contains(source.table()))),
          "lineage source " + source + " is no column use: " + where);
    }
    if (s.kinds().equals(Set.of(StatementKind.SELECT))) {
      Optional<List<ColumnLineage>> expanded =
          lineage.expand(t -> Optional.of(List.of("a", "b")));
      assertEquals(lineage.uncertain(), expanded.isEmpty(), where);
    }
    long selects = code.stream().filter(t -> t.isWord(s.text(), "SELECT")).count();
    if (selects != 1 || !s.kinds().equals(Set.of(StatementKind.SELECT))) {
      return;
    }
    for (ColumnUse use : s.columns()) {
      if (use.usage() != ColumnUsage.PROJECTION) {
        continue;
      }
      for (TableName t : use.tables()) {
        boolean covered = sources.contains(new SourceColumn(t, use.column()))
            || sources.contains(new SourceColumn(t, ColumnUse.WHOLE_ROW));
        assertTrue(covered, "selected " + t + "." + use.column() + " is in no output column's"
            + " lineage " + lineage + ": " + where);
      }
    }
  }

  private static final Map<Dialect, DangerCatalogue> CATALOGUES = Map.of(
      Dialect.POSTGRESQL, DangerCatalogue.load(Dialect.POSTGRESQL),
      Dialect.H2, DangerCatalogue.load(Dialect.H2),
      Dialect.MARIADB, DangerCatalogue.load(Dialect.MARIADB));

  private static List<SqlToken> code(Dialect dialect, String text) {
    List<SqlToken> code = new ArrayList<>();
    for (SqlToken t : new SqlLexer(dialect).tokenize(text)) {
      if (!t.isTrivia()) {
        code.add(t);
      }
    }
    return code;
  }

  private static String soup(Random random) {
    StringBuilder sql = new StringBuilder();
    int n = 1 + random.nextInt(25);
    if (random.nextInt(3) > 0) {
      sql.append(random.nextBoolean() ? "SELECT " : "DELETE FROM customers WHERE ");
    }
    for (int i = 0; i < n; i++) {
      sql.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
      sql.append(random.nextInt(5) == 0 ? "" : " ");
    }
    return sql.toString();
  }

  private static String mutate(String sql, Random random) {
    StringBuilder s = new StringBuilder(sql);
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(8)) {
        case 0:
          s.insert(at, " " + VOCABULARY[random.nextInt(VOCABULARY.length)] + " ");
          break;
        case 1:
          if (s.length() > 0) {
            int end = Math.min(s.length(), at + 1 + random.nextInt(6));
            s.delete(Math.min(at, s.length() - 1), end);
          }
          break;
        case 2:
          s.insert(at, "/**/");
          break;
        case 3:
          s.append("; ").append(VOCABULARY[random.nextInt(VOCABULARY.length)])
              .append(" FROM customers");
          break;
        case 4:
          s.insert(at, "'");
          break;
        case 5:
          for (int i = 0; i < s.length(); i++) {
            if (random.nextInt(4) == 0) {
              char c = s.charAt(i);
              s.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c)
                  : Character.toUpperCase(c));
            }
          }
          break;
        case 6:
          s.insert(0, "(").append(")");
          break;
        default:
          s.insert(at, "-- x\n");
          break;
      }
    }
    return s.toString();
  }
}
