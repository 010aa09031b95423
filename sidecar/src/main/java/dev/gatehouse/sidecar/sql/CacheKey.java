package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The text a statement is analysed and cached under, with its tokens.
 *
 * <p>Agents inline literals ({@code WHERE id = 42}, then {@code 43}), so the key replaces each
 * simple literal by a fixed placeholder of the same kind ({@code '_'}, {@code 1}, {@code 1.0}),
 * drops comments and collapses whitespace; statements that differ only there share one
 * analysis. Only lexemes whose boundaries are certain are touched: a plain {@code '…'} string
 * without backslashes, a plain decimal number. If a statement holds any raw-only lexeme
 * ({@link SqlToken#rawOnly()}: backslashes, prefixed strings), nothing is normalised and the key
 * is the exact text.
 *
 * <p>The analysis is computed from this key text, never from the original: so by construction
 * it cannot depend on a literal value the key does not contain. The parser checks its own
 * reading of the key text against these tokens ({@link LexicalAgreement}).
 *
 * @param text the key text; JSqlParser parses exactly this
 * @param tokens the tokens of {@code text}, offsets relative to it
 * @param raw whether {@code text} is the statement's exact text
 */
record CacheKey(String text, List<SqlToken> tokens, boolean raw) {

  static final String STRING_PLACEHOLDER = "'_'";
  static final String INTEGER_PLACEHOLDER = "1";
  static final String DECIMAL_PLACEHOLDER = "1.0";

  static CacheKey of(String sql, StatementSplitter.Piece piece) {
    for (SqlToken token : piece.tokens()) {
      if (token.rawOnly()) {
        return exact(sql, piece);
      }
    }
    return normalised(sql, piece);
  }

  /** The key of a statement's exact text, with its tokens: also the text the executor runs. */
  static CacheKey exact(String sql, StatementSplitter.Piece piece) {
    List<SqlToken> shifted = new ArrayList<>(piece.tokens().size());
    int offset = piece.start();
    for (SqlToken t : piece.tokens()) {
      shifted.add(new SqlToken(t.kind(), t.start() - offset, t.end() - offset,
          t.simpleLiteral(), t.rawOnly()));
    }
    return new CacheKey(sql.substring(piece.start(), piece.end()), List.copyOf(shifted), true);
  }

  private static CacheKey normalised(String sql, StatementSplitter.Piece piece) {
    StringBuilder text = new StringBuilder(piece.end() - piece.start());
    List<SqlToken> tokens = new ArrayList<>(piece.tokens().size());
    List<SqlToken> source = piece.tokens();
    int i = 0;
    while (i < source.size()) {
      SqlToken t = source.get(i);
      if (t.isTrivia()) {
        boolean newline = false;
        while (i < source.size() && source.get(i).isTrivia()) {
          newline |= containsLineBreak(sql, source.get(i));
          i++;
        }
        append(text, tokens, Kind.WHITESPACE, newline ? "\n" : " ", false);
        continue;
      }
      if (t.simpleLiteral()) {
        append(text, tokens, t.kind(), placeholder(sql, t), true);
      } else {
        append(text, tokens, t.kind(), t.text(sql), false);
      }
      i++;
    }
    return new CacheKey(text.toString(), List.copyOf(tokens), false);
  }

  private static String placeholder(String sql, SqlToken t) {
    if (t.kind() == Kind.STRING) {
      return STRING_PLACEHOLDER;
    }
    return sql.indexOf('.', t.start()) >= 0 && sql.indexOf('.', t.start()) < t.end()
        ? DECIMAL_PLACEHOLDER
        : INTEGER_PLACEHOLDER;
  }

  private static boolean containsLineBreak(String sql, SqlToken t) {
    if (t.kind() == Kind.COMMENT && sql.startsWith("--", t.start())) {
      return true;
    }
    if (t.kind() == Kind.COMMENT && sql.startsWith("//", t.start())) {
      return true;
    }
    for (int i = t.start(); i < t.end(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  private static void append(StringBuilder text, List<SqlToken> tokens, Kind kind, String image,
      boolean simple) {
    int start = text.length();
    text.append(image);
    tokens.add(new SqlToken(kind, start, text.length(), simple, false));
  }
}
