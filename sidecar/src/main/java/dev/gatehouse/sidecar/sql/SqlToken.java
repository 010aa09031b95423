package dev.gatehouse.sidecar.sql;

/**
 * One lexeme of SQL text as the backend database would see it.
 *
 * @param kind what the lexeme is
 * @param start offset of its first character in the text
 * @param end offset just after its last character
 * @param simpleLiteral a plain {@code '…'} string without backslashes or a plain decimal number:
 *     the only lexemes the cache key may replace by a placeholder
 * @param rawOnly a lexeme whose reading differs between dialects or settings (backslashes,
 *     prefixed strings): a statement containing one is cached under its exact text
 */
record SqlToken(Kind kind, int start, int end, boolean simpleLiteral, boolean rawOnly) {

  /** Lexeme kinds; only the distinctions the splitter, normaliser and recognisers need. */
  enum Kind {
    WHITESPACE,
    COMMENT,
    /** An unquoted identifier or keyword. */
    WORD,
    /** A delimited identifier: {@code "…"}, or {@code `…`} in MariaDB. */
    QUOTED_NAME,
    /** A string literal, with its prefix if any ({@code E'…'}, {@code N'…'}, {@code X'…'}). */
    STRING,
    NUMBER,
    /** {@code ?}, {@code ?1} or {@code $1}. */
    PARAMETER,
    SEMICOLON,
    OPEN_PAREN,
    CLOSE_PAREN,
    OPEN_BRACKET,
    CLOSE_BRACKET,
    COMMA,
    DOT,
    /** Any other single character of code: operators and the like. */
    SYMBOL
  }

  static SqlToken of(Kind kind, int start, int end) {
    return new SqlToken(kind, start, end, false, false);
  }

  String text(String sql) {
    return sql.substring(start, end);
  }

  /** Whitespace and comments: nothing the database executes. */
  boolean isTrivia() {
    return kind == Kind.WHITESPACE || kind == Kind.COMMENT;
  }

  /** True for a word equal to {@code keyword}, ignoring ASCII case. */
  boolean isWord(String sql, String keyword) {
    return kind == Kind.WORD
        && end - start == keyword.length()
        && sql.regionMatches(true, start, keyword, 0, keyword.length());
  }
}
