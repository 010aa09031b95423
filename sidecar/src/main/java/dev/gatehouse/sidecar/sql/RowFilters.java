package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Row filters (SPEC §5 {@code row_filters}): every reference to a filtered table is rewritten so
 * that the statement sees only the rows the filter's condition admits, with claim values bound
 * as parameters and never spliced into SQL text.
 *
 * <p>How a statement is rewritten:
 * <ul>
 *   <li>a filtered table in FROM, JOIN, a subquery, a CTE body, MERGE's or DELETE's USING, the
 *       source of INSERT … SELECT becomes {@code (SELECT * FROM t gatehouse_rf WHERE cond) AS
 *       alias}, keeping the reference's alias, or taking the table's name as alias when it has
 *       none (so {@code orders.id} keeps working; {@code public.orders.id} does not, and the
 *       statement then fails rather than read unfiltered rows). The condition's columns are
 *       qualified with the inner alias, so a column the table lacks is an error, never a
 *       correlated reference to an outer query;
 *   <li>the target of a single-table UPDATE or DELETE (also inside WITH) gets
 *       {@code WHERE (its condition) AND (cond)}, the condition's columns qualified with the
 *       target's alias or name so no joined table can capture them;
 *   <li>a principal lacking a claim the filter needs gets the condition {@code 1 = 0}.
 * </ul>
 * Refused ({@link RowFilterRefusedException}): writing a filtered table other than by UPDATE or
 * DELETE (INSERT, MERGE, REPLACE, upserts, multi-table UPDATE/DELETE, DDL, TRUNCATE: new or
 * changed rows could escape the filter), {@code TABLE t}, statements read without the parser
 * (EXPLAIN, LOCK, SHOW …), statements that create objects ({@code CREATE TABLE … AS},
 * {@code SELECT … INTO}, views), numbered parameters ({@code $1}, {@code ?1}), and anything the
 * rewrite or its checks cannot account for.
 *
 * <p>Mechanics: the statement's exact text is parsed afresh and walked by the same walker as the
 * analysis, which reports each real-table reference (CTE names resolved as in the analysis),
 * each DML target and each parameter. Filtered references are renamed to unique marker names,
 * targets get a marker condition, the agent's parameters get their original positions as fixed
 * indexes; the tree is deparsed, and the deparsed text is read with our own lexer: markers
 * become the rendered conditions, numbered parameters become {@code ?} in order. The lexer
 * agrees with the parser on literals, so a marker inside a string cannot be mistaken for one.
 * Finally the rewritten text is analysed again and refused unless it does what the original did
 * (kinds, tables read and written, column uses, result lineage, limits), with only the filter
 * added: a defence against deparser bugs.
 */
public final class RowFilters {
  private static final Pattern CLAIM = Pattern.compile(
      "(?<![:\\w]):claims\\.([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)");
  private static final int MAX_CONDITION_LENGTH = 4_000;
  private static final String PROBE_TABLE = "gatehouse_filtered";
  /** The alias of a filtered table inside its derived table. */
  static final String INNER_ALIAS = "gatehouse_rf";
  static final Set<StatementKind> REWRITABLE = EnumSet.of(StatementKind.SELECT,
      StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE,
      StatementKind.LOCK);

  private RowFilters() {}

  /**
   * Compiles a policy's row-filter condition for one datasource's analyzer.
   *
   * @param where a boolean SQL condition over the filtered table's own columns, unqualified,
   *     with {@code :claims.x} or {@code :claims.x.y} where a claim's value belongs; no
   *     subqueries, no {@code ?}, nothing the analysis would deny as dangerous
   * @throws IllegalArgumentException with the reason, when it is not such a condition
   */
  public static RowFilterCondition compile(String where, SqlAnalyzer analyzer) {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(analyzer, "analyzer");
    if (where.isBlank()) {
      throw new IllegalArgumentException("the row filter condition is empty");
    }
    if (where.length() > MAX_CONDITION_LENGTH) {
      throw new IllegalArgumentException("the row filter condition is longer than "
          + MAX_CONDITION_LENGTH + " characters");
    }
    String prefix = freshPrefix(where);
    List<String> claims = new ArrayList<>();
    StringBuilder marked = new StringBuilder();
    Matcher m = CLAIM.matcher(where);
    while (m.find()) {
      m.appendReplacement(marked, Matcher.quoteReplacement(prefix + "c" + claims.size()));
      claims.add(m.group(1));
    }
    m.appendTail(marked);
    checkConditionTokens(marked.toString(), analyzer, prefix, claims.size());

    String probe = "SELECT 1 FROM " + PROBE_TABLE + " WHERE (" + marked + ")";
    StatementAnalysis s = single(analyzer.analyze(probe));
    if (!s.understood()) {
      throw new IllegalArgumentException("the row filter condition is not understood: "
          + s.notUnderstood().orElse("?"));
    }
    TableName probeTable = analyzer.names().table(PROBE_TABLE);
    if (!s.kinds().equals(Set.of(StatementKind.SELECT))
        || !s.tablesRead().equals(Set.of(probeTable)) || !s.tablesWritten().isEmpty()) {
      throw new IllegalArgumentException("a row filter condition may only read the filtered"
          + " table's own columns");
    }
    if (!s.dangerous().isEmpty()) {
      throw new IllegalArgumentException("the row filter condition calls "
          + s.dangerous().iterator().next().name());
    }
    Statement tree = s.parsed().tree().orElseThrow(
        () -> new IllegalArgumentException("the row filter condition cannot be parsed"));
    String qualifier = prefix + "q";
    qualifyColumns(tree, analyzer, prefix, qualifier);
    Expression condition = conditionOf(tree);
    List<RowFilterCondition.Piece> pieces = pieces(condition.toString(), analyzer, prefix,
        qualifier, claims);
    Set<String> columns = new HashSet<>();
    for (ColumnUse use : s.columns()) {
      if (!use.column().toLowerCase(Locale.ROOT).startsWith(prefix)) {
        columns.add(use.column());
      }
    }
    return new RowFilterCondition(where, analyzer, pieces, claims, columns, s.functions());
  }

  /** Token-level checks: one balanced condition, claims only where a value may stand. */
  private static void checkConditionTokens(String marked, SqlAnalyzer analyzer, String prefix,
      int claimCount) {
    List<SqlToken> tokens;
    try {
      tokens = analyzer.lexer().tokenize(marked);
    } catch (NotUnderstoodException e) {
      throw new IllegalArgumentException("the row filter condition cannot be read: "
          + e.reason() + " (claims are written :claims.name)");
    }
    int depth = 0;
    int[] seen = new int[claimCount];
    for (SqlToken t : tokens) {
      switch (t.kind()) {
        case OPEN_PAREN, OPEN_BRACKET -> depth++;
        case CLOSE_PAREN, CLOSE_BRACKET -> {
          if (--depth < 0) {
            throw new IllegalArgumentException("the row filter condition closes a parenthesis"
                + " it did not open");
          }
        }
        case SEMICOLON -> throw new IllegalArgumentException(
            "the row filter condition holds a semicolon");
        case PARAMETER -> throw new IllegalArgumentException("the row filter condition holds a"
            + " parameter; write :claims.name for a claim's value");
        case WORD -> {
          String word = t.text(marked);
          if (word.equalsIgnoreCase("SELECT") || word.equalsIgnoreCase("VALUES")
              || word.equalsIgnoreCase("TABLE")) {
            throw new IllegalArgumentException("subqueries in row filter conditions are not"
                + " supported");
          }
          String lower = word.toLowerCase(Locale.ROOT);
          if (lower.startsWith(prefix + "c")) {
            seen[Integer.parseInt(lower.substring(prefix.length() + 1))]++;
          }
        }
        default -> { }
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("the row filter condition leaves a parenthesis open");
    }
    for (int count : seen) {
      if (count != 1) {
        throw new IllegalArgumentException("a :claims placeholder inside a string, name or"
            + " comment of the row filter condition");
      }
    }
  }

  /** Qualifies the condition's column references (not the claim markers) with a marker. */
  private static void qualifyColumns(Statement tree, SqlAnalyzer analyzer, String prefix,
      String qualifier) {
    List<Column> columns = new ArrayList<>();
    try {
      analyzer.walk(tree, new WalkContext.Sink() {
        @Override
        public void column(Column node, ValueLineage found) {
          boolean claim = node.getColumnName().toLowerCase(Locale.ROOT).startsWith(prefix);
          if (!claim && node.getTable() == null && !found.sources().isEmpty()
              && !ExpressionWalker.niladic(node, analyzer.names())) {
            columns.add(node);
          }
        }
      });
    } catch (NotUnderstoodException e) {
      throw new IllegalArgumentException("the row filter condition is not understood: "
          + e.reason());
    }
    Set<Column> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Column c : columns) {
      if (done.add(c)) {
        c.setTable(new Table(qualifier));
      }
    }
  }

  private static Expression conditionOf(Statement tree) {
    if (tree instanceof PlainSelect ps && ps.getWhere() instanceof ParenthesedExpressionList<?> p
        && p.size() == 1) {
      Expression condition = p.get(0);
      if (condition instanceof net.sf.jsqlparser.expression.StringValue
          || condition instanceof net.sf.jsqlparser.expression.LongValue
          || condition instanceof net.sf.jsqlparser.expression.DoubleValue
          || condition instanceof net.sf.jsqlparser.expression.NullValue
          || condition instanceof net.sf.jsqlparser.expression.operators.arithmetic.Concat
          || condition instanceof net.sf.jsqlparser.expression.operators.arithmetic.Addition
          || condition instanceof net.sf.jsqlparser.expression.operators.arithmetic.Subtraction) {
        throw new IllegalArgumentException("the row filter condition is not a boolean condition");
      }
      return condition;
    }
    throw new IllegalArgumentException("the row filter condition is not one condition");
  }

  /** Cuts the deparsed condition into text, qualifier slots and claim slots. */
  private static List<RowFilterCondition.Piece> pieces(String rendered, SqlAnalyzer analyzer,
      String prefix, String qualifier, List<String> claims) {
    List<SqlToken> tokens = analyzer.lexer().tokenize(rendered);
    List<RowFilterCondition.Piece> pieces = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int[] seen = new int[claims.size()];
    for (SqlToken t : tokens) {
      String image = t.text(rendered);
      String lower = image.toLowerCase(Locale.ROOT);
      if (t.kind() == Kind.WORD && lower.equals(qualifier)) {
        flush(text, pieces);
        pieces.add(new RowFilterCondition.Qualifier());
      } else if (t.kind() == Kind.WORD && lower.startsWith(prefix + "c")) {
        int k = Integer.parseInt(lower.substring(prefix.length() + 1));
        seen[k]++;
        flush(text, pieces);
        pieces.add(new RowFilterCondition.Claim(claims.get(k)));
      } else if (lower.contains(prefix)) {
        throw new IllegalArgumentException("the row filter condition cannot be rendered");
      } else {
        text.append(image);
      }
    }
    flush(text, pieces);
    for (int count : seen) {
      if (count != 1) {
        throw new IllegalArgumentException("the row filter condition cannot be rendered");
      }
    }
    return pieces;
  }

  private static void flush(StringBuilder text, List<RowFilterCondition.Piece> pieces) {
    if (text.length() > 0) {
      pieces.add(new RowFilterCondition.Text(text.toString()));
      text.setLength(0);
    }
  }

  /**
   * Rewrites one statement so that every reference to a filtered table sees only the rows its
   * condition admits.
   *
   * @param s an analysed statement
   * @param conditions the filters in force for this principal, by table; an empty condition
   *     means the principal lacks a claim the filter needs, and sees no rows of that table
   * @return the statement to run and how to bind its parameters: the statement itself, with
   *     the agent's parameters in order, when no filtered table occurs in it
   * @throws RowFilterRefusedException when the statement cannot be made to respect the filters
   * @throws IllegalArgumentException when a condition was compiled for another analyzer
   */
  public static Rewritten rewrite(StatementAnalysis s,
      Map<TableName, Optional<RowFilterCondition>> conditions) throws RowFilterRefusedException {
    SqlAnalyzer analyzer = s.parsed().analyzer();
    for (Optional<RowFilterCondition> c : conditions.values()) {
      if (c.isPresent() && c.get().analyzer() != analyzer) {
        throw new IllegalArgumentException("a row filter compiled for another datasource");
      }
    }
    if (!s.understood()) {
      throw new RowFilterRefusedException("the statement is not understood: "
          + s.notUnderstood().orElse("?"));
    }
    Set<TableName> filtered = new LinkedHashSet<>(conditions.keySet());
    filtered.retainAll(s.tables());
    List<SqlToken> tokens = analyzer.lexer().tokenize(s.text());
    if (filtered.isEmpty()) {
      return unchanged(s.text(), tokens);
    }
    String tables = names(filtered);
    if (!s.parsed().available()) {
      throw new RowFilterRefusedException("this kind of statement cannot be rewritten to apply"
          + " the row filter on " + tables);
    }
    if (!REWRITABLE.containsAll(s.kinds())) {
      throw new RowFilterRefusedException("only queries and data changes can be rewritten to"
          + " apply the row filter on " + tables + "; this statement also does "
          + s.kinds());
    }
    for (SqlToken t : tokens) {
      if (t.kind() == Kind.PARAMETER && t.end() - t.start() != 1) {
        throw new RowFilterRefusedException("numbered parameters cannot be combined with the"
            + " row filter on " + tables + "; use ?");
      }
    }
    return new RowFilterRewrite(s, analyzer, conditions, filtered, tokens).run();
  }

  private static Rewritten unchanged(String text, List<SqlToken> tokens) {
    List<Rewritten.Parameter> parameters = new ArrayList<>();
    for (SqlToken t : tokens) {
      if (t.kind() == Kind.PARAMETER) {
        parameters.add(new Rewritten.AgentParameter(parameters.size()));
      }
    }
    return new Rewritten(text, parameters);
  }

  private static String names(Set<TableName> tables) {
    List<String> names = new ArrayList<>();
    for (TableName t : tables) {
      names.add(t.qualified());
    }
    return String.join(", ", names);
  }

  private static StatementAnalysis single(Analysis analysis) {
    if (analysis.statements().size() != 1) {
      throw new IllegalArgumentException("the row filter condition is not one condition");
    }
    return analysis.statements().get(0);
  }

  /** A marker prefix that occurs nowhere in {@code text}, in lower case. */
  static String freshPrefix(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    while (true) {
      StringBuilder prefix = new StringBuilder("gh");
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < 10; i++) {
        prefix.append(Character.forDigit(random.nextInt(26) + 10, 36));
      }
      prefix.append('_');
      if (!lower.contains(prefix)) {
        return prefix.toString();
      }
    }
  }
}
