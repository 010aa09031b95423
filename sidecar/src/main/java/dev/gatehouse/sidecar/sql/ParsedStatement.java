package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.statement.Statement;

/**
 * An opaque handle on one analysed statement, for the rewrite step (row filters) that needs
 * JSqlParser's tree of the exact statement text. The only place JSqlParser types leave this
 * package.
 *
 * <p>The tree is not cached with the analysis: the cache is shared by statements that differ in
 * literals, and a tree holds one statement's literals. {@link #tree()} parses the exact text
 * afresh, under the same budget and agreement checks as the analysis, and returns a new tree
 * the caller may change.
 */
public final class ParsedStatement {
  private final String text;
  private final SqlLexer lexer;
  private final BoundedParser parser;
  private final SqlAnalyzer analyzer;

  /** A handle that can parse {@code text}; nothing is parsed until {@link #tree()}. */
  ParsedStatement(String text, SqlLexer lexer, BoundedParser parser, SqlAnalyzer analyzer) {
    this.text = text;
    this.lexer = lexer;
    this.parser = parser;
    this.analyzer = analyzer;
  }

  static ParsedStatement none(String text, SqlAnalyzer analyzer) {
    return new ParsedStatement(text, null, null, analyzer);
  }

  /** The analyzer that analysed the statement (the row-filter rewrite re-analyses with it). */
  SqlAnalyzer analyzer() {
    return analyzer;
  }

  /**
   * False for statements understood without JSqlParser (BEGIN, SET … TO, LOCK, EXPLAIN …) and
   * for statements not understood: there is no tree to rewrite, so the rewrite step must refuse
   * them if it would need to change them.
   */
  public boolean available() {
    return parser != null;
  }

  /** A fresh JSqlParser tree of the statement's exact text, or empty when not available. */
  public Optional<Statement> tree() {
    if (parser == null) {
      return Optional.empty();
    }
    try {
      List<SqlToken> tokens = lexer.tokenize(text);
      return Optional.of(parser.parse(text, tokens));
    } catch (NotUnderstoodException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ParsedStatement[" + (available() ? "tree available" : "no tree") + "]";
  }
}
