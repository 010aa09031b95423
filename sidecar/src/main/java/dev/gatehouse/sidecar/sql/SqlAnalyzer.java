package dev.gatehouse.sidecar.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.statement.Statement;

/**
 * The analysis step of the data path (STYLE: transport → identity → <b>analysis</b> → policy):
 * turns SQL text into one {@link StatementAnalysis} per statement, for one datasource.
 *
 * <p>The path of a text:
 * <ol>
 *   <li>bounded by length, then cut into tokens as the database would ({@link SqlLexer}); the
 *       lexer refuses whatever is read differently by different readers;
 *   <li>split into statements at top-level semicolons ({@link StatementSplitter});
 *   <li>per statement, a cache key: simple literals replaced, comments dropped
 *       ({@link CacheKey}); statements differing only there share one cached analysis;
 *   <li>on a miss: the nesting limit, then the few forms we read ourselves ({@link SimpleForms}),
 *       else JSqlParser within a time budget ({@link BoundedParser}) with a check that it read
 *       the same strings, names and comments as the lexer ({@link LexicalAgreement}), then a
 *       walk over the whole tree in which every node class and field is accounted for
 *       ({@link AstContract}, {@link StatementWalker}).
 * </ol>
 * Anything short of certainty is "not understood", which the policy denies (SPEC §5, fail
 * closed). Thread-safe; one instance per datasource.
 */
public final class SqlAnalyzer {
  private static final AstContract CONTRACT = buildContract();
  private static final int MAX_NODES = 200_000;

  private final AnalyzerSettings settings;
  private final NameResolver names;
  private final SqlLexer lexer;
  private final BoundedParser parser;
  private final SimpleForms forms;
  private final DangerCatalogue dangers;
  private final Cache<String, StatementShape> cache;

  public SqlAnalyzer(AnalyzerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.names = new NameResolver(settings.dialect(), settings.catalog(),
        settings.defaultSchema());
    this.lexer = new SqlLexer(settings.dialect());
    this.parser = new BoundedParser(settings.dialect(), settings.parseBudget().toNanos(),
        settings.maxNestingDepth());
    this.forms = new SimpleForms(names);
    this.dangers = DangerCatalogue.load(settings.dialect());
    this.cache = Caffeine.newBuilder()
        .maximumWeight(settings.cacheMaxWeight())
        .weigher((String key, StatementShape shape) -> shape.weight(key.length()))
        .build();
  }

  private static AstContract buildContract() {
    AstContract contract = new AstContract();
    ExpressionWalker.declare(contract);
    StatementWalker.declare(contract);
    DmlWalker.declare(contract);
    OtherStatementWalker.declare(contract);
    return contract;
  }

  /** The settings this analyzer was built with. */
  public AnalyzerSettings settings() {
    return settings;
  }

  /** The name rules this analyzer resolves with; the policy resolves its names with them too. */
  public NameResolver names() {
    return names;
  }

  /**
   * Analyses a text of one or more statements. Never throws for any text: whatever cannot be
   * analysed is a not-understood statement in the result.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public Analysis analyze(String sql) {
    Objects.requireNonNull(sql, "sql");
    if (sql.length() > settings.maxSqlLength()) {
      return whole(sql, "the text is " + sql.length() + " characters long; the limit is "
          + settings.maxSqlLength());
    }
    List<SqlToken> tokens;
    try {
      tokens = lexer.tokenize(sql);
    } catch (NotUnderstoodException e) {
      return whole(sql, e.reason());
    }
    List<StatementSplitter.Piece> pieces = StatementSplitter.split(tokens);
    if (pieces.isEmpty()) {
      return whole(sql, "the text holds no statement");
    }
    List<StatementAnalysis> statements = new ArrayList<>(pieces.size());
    for (StatementSplitter.Piece piece : pieces) {
      statements.add(statement(sql, piece));
    }
    return new Analysis(statements);
  }

  /**
   * Walks a fresh tree of a statement this analyzer understood, telling {@code sink} of the
   * nodes the row-filter rewrite may change ({@link RowFilters}).
   *
   * @throws NotUnderstoodException when the walk refuses the tree
   */
  void walk(Statement tree, WalkContext.Sink sink) {
    WalkContext ctx = new WalkContext(names, CONTRACT, dangers, MAX_NODES);
    ctx.sink = sink;
    new StatementWalker(ctx).statement(tree);
  }

  /** The lexer of this analyzer's dialect. */
  SqlLexer lexer() {
    return lexer;
  }

  /** Parses a few typical statements so the first real request does not pay for a cold JIT. */
  public void warmUp() {
    String[] samples = {
        "SELECT a, b FROM t JOIN u ON t.id = u.tid WHERE a = 1 ORDER BY b LIMIT 10",
        "INSERT INTO t (a, b) VALUES (1, 'x')",
        "UPDATE t SET a = a + 1 WHERE id IN (SELECT id FROM u WHERE b > 2)",
        "WITH x AS (SELECT count(*) AS n FROM t GROUP BY a) SELECT max(n) FROM x",
        "DELETE FROM t WHERE id = 1"};
    for (int round = 0; round < 200; round++) {
      for (String sample : samples) {
        try {
          parseAndWalk(new CacheKey(sample, lexer.tokenize(sample), true));
        } catch (NotUnderstoodException e) {
          // a cold parse may exceed the budget; warming up is what cures that
        }
      }
    }
  }

  /**
   * Analyses each statement of {@code sql} from its exact text, bypassing normalisation and the
   * cache. For tests that check normalisation does not change what is found.
   */
  List<StatementShape> analyzeExactly(String sql) {
    List<StatementShape> shapes = new ArrayList<>();
    for (StatementSplitter.Piece piece : StatementSplitter.split(lexer.tokenize(sql))) {
      shapes.add(shape(CacheKey.exact(sql, piece)).shape());
    }
    return shapes;
  }

  /** The cache key text of each statement of {@code sql} (for tests). */
  List<String> cacheKeys(String sql) {
    List<String> keys = new ArrayList<>();
    for (StatementSplitter.Piece piece : StatementSplitter.split(lexer.tokenize(sql))) {
      keys.add(CacheKey.of(sql, piece).text());
    }
    return keys;
  }

  /** How many analyses the cache holds (for metrics and tests). */
  public long cachedStatements() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private StatementAnalysis statement(String sql, StatementSplitter.Piece piece) {
    CacheKey key = CacheKey.of(sql, piece);
    StatementShape shape = cache.getIfPresent(key.text());
    if (shape == null) {
      Computed computed = shape(key);
      shape = computed.shape();
      if (computed.cacheable()) {
        cache.put(key.text(), shape);
      }
    }
    String text = sql.substring(piece.start(), piece.end());
    ParsedStatement handle = shape.parseable()
        ? new ParsedStatement(text, lexer, parser, this)
        : ParsedStatement.none(text, this);
    return new StatementAnalysis(text, piece.start(), piece.end(), shape.kinds(),
        shape.tablesRead(), shape.tablesWritten(), shape.columns(), shape.functions(),
        shape.dangerous(), shape.tablesWithoutWhere(), shape.hasLimit(), shape.lineage(),
        shape.fingerprint(), shape.notUnderstood(), handle);
  }

  /** An analysis, and whether it may be cached (a blown time budget may not). */
  private record Computed(StatementShape shape, boolean cacheable) {}

  private Computed shape(CacheKey key) {
    String fingerprint = fingerprint(key.text());
    try {
      Analysed analysed = parseAndWalk(key);
      return new Computed(
          StatementShape.understood(analysed.findings(), fingerprint, analysed.parseable()), true);
    } catch (NotUnderstoodException e) {
      return new Computed(StatementShape.notUnderstood(e.reason(), fingerprint), e.cacheable());
    } catch (StackOverflowError e) {
      return new Computed(StatementShape.notUnderstood(
          "the statement is nested too deeply to analyse", fingerprint), true);
    } catch (RuntimeException e) { // fail closed: a bug in the walk refuses, never allows
      return new Computed(StatementShape.notUnderstood("the analysis failed ("
          + e.getClass().getSimpleName() + ")", fingerprint), false);
    }
  }

  private record Analysed(Findings findings, boolean parseable) {}

  private Analysed parseAndWalk(CacheKey key) {
    parser.checkNesting(key.text(), key.tokens());
    List<SqlToken> code = new ArrayList<>(key.tokens().size());
    for (SqlToken t : key.tokens()) {
      if (!t.isTrivia()) {
        code.add(t);
      }
    }
    SimpleForms.Outcome outcome = forms.recognise(key.text(), code);
    if (outcome.handled() != null) {
      return new Analysed(outcome.handled(), false);
    }
    if (outcome.explainedFrom() >= 0) {
      return new Analysed(explain(key, code, outcome), false);
    }
    Statement statement = parser.parse(key.text(), key.tokens());
    WalkContext ctx = new WalkContext(names, CONTRACT, dangers, MAX_NODES);
    new StatementWalker(ctx).statement(statement);
    if (ctx.opaqueText) {
      checkRawParts(key.text(), code, ctx);
    }
    return new Analysed(ctx.findings, true);
  }

  /**
   * EXPLAIN: the explained statement is analysed on its own. Without ANALYZE it only plans, so
   * it contributes what it references but none of its kinds and writes.
   */
  private Findings explain(CacheKey key, List<SqlToken> code, SimpleForms.Outcome outcome) {
    int from = code.get(outcome.explainedFrom()).start();
    List<SqlToken> rest = new ArrayList<>();
    for (SqlToken t : key.tokens()) {
      if (t.start() >= from) {
        rest.add(new SqlToken(t.kind(), t.start() - from, t.end() - from, t.simpleLiteral(),
            t.rawOnly()));
      }
    }
    Findings inner = parseAndWalk(new CacheKey(key.text().substring(from), rest, key.raw()))
        .findings();
    Findings f = new Findings();
    f.kind(StatementKind.EXPLAIN);
    f.functions.addAll(inner.functions);
    f.dangers.putAll(inner.dangers);
    for (ColumnUse use : inner.columnUses()) {
      f.use(sources(use), use.usage(), use.equalityOnly());
    }
    f.read(inner.read);
    if (outcome.explainRuns()) {
      f.kinds.addAll(inner.kinds);
      f.written(inner.written);
      f.withoutWhere.addAll(inner.withoutWhere);
      f.hasLimit = inner.hasLimit;
    } else {
      f.read(inner.written);
    }
    return f;
  }

  private static Set<SourceColumn> sources(ColumnUse use) {
    Set<SourceColumn> sources = new LinkedHashSet<>();
    for (TableName t : use.tables()) {
      sources.add(new SourceColumn(t, use.column()));
    }
    return sources;
  }

  /**
   * Parts of DDL that JSqlParser keeps as raw text (column definitions, constraints, ALTER
   * actions, function bodies) are checked at token level: a query hidden there is refused, and
   * a dangerous function called there is reported.
   */
  private void checkRawParts(String text, List<SqlToken> code, WalkContext ctx) {
    int selects = 0;
    for (int i = 0; i < code.size(); i++) {
      SqlToken t = code.get(i);
      if (t.isWord(text, "SELECT")) {
        selects++;
      }
      boolean call = i + 1 < code.size() && code.get(i + 1).kind() == Kind.OPEN_PAREN;
      if (call && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME)) {
        String name = t.text(text);
        if (t.kind() == Kind.QUOTED_NAME) {
          name = name.substring(1, name.length() - 1);
        }
        dangers.lookup(name).ifPresent(ctx.findings::danger);
      }
    }
    if (selects > ctx.selects) {
      throw new NotUnderstoodException("a query inside a part of the DDL statement the parser"
          + " keeps as raw text");
    }
  }

  private Analysis whole(String sql, String reason) {
    StatementAnalysis s = new StatementAnalysis(sql, 0, sql.length(), Set.of(), Set.of(),
        Set.of(), List.of(), Set.of(), Set.of(), Set.of(), false, ResultLineage.NONE,
        fingerprint(sql),
        Optional.of(reason), ParsedStatement.none(sql, this));
    return new Analysis(List.of(s));
  }

  static String fingerprint(String keyText) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(keyText.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
