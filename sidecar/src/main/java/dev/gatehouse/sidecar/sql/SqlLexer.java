package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into lexemes the way the backend's own lexer does, for one dialect.
 *
 * <p>Everything downstream trusts these boundaries: the splitter cuts statements at its
 * semicolons, the cache key replaces its literals, and {@link LexicalAgreement} demands that
 * the parser saw the same strings, names and comments. So the lexer is deliberately narrow:
 * whenever a construct is read differently by the databases, by their settings, or by
 * JSqlParser, it refuses the whole text ({@link NotUnderstoodException}) instead of guessing.
 * Refused, in every dialect: nested block comments, {@code U&} escapes, dollar-quoted strings,
 * control and invisible characters outside literals, JDBC escapes ({@code {…}}), backslashes
 * outside literals, numbers glued to names, quoted names containing a dot (JSqlParser splits
 * them). In MariaDB also: {@code #} comments, executable
 * comments ({@code /*!…}), double-quoted strings, {@code --} at the very end, lone carriage
 * returns in comments.
 *
 * <p>Assumed server settings: PostgreSQL {@code standard_conforming_strings = on} (the default
 * since 9.1); MariaDB without {@code ANSI_QUOTES} or {@code NO_BACKSLASH_ESCAPES}. Statements that
 * change these settings are not understood (see {@link SessionSettings}).
 */
final class SqlLexer {
  private final Dialect dialect;

  SqlLexer(Dialect dialect) {
    this.dialect = dialect;
  }

  List<SqlToken> tokenize(String sql) {
    List<SqlToken> tokens = new ArrayList<>(Math.max(16, sql.length() / 4));
    int i = 0;
    int n = sql.length();
    while (i < n) {
      SqlToken token = next(sql, i, tokens);
      tokens.add(token);
      i = token.end();
    }
    return tokens;
  }

  private SqlToken next(String sql, int i, List<SqlToken> before) {
    char c = sql.charAt(i);
    int n = sql.length();
    char d = i + 1 < n ? sql.charAt(i + 1) : '\0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      int j = i + 1;
      while (j < n && isSpace(sql.charAt(j))) {
        j++;
      }
      return SqlToken.of(Kind.WHITESPACE, i, j);
    }
    if (c == '-' && d == '-') {
      return lineComment(sql, i);
    }
    if (c == '/' && d == '/' && dialect == Dialect.H2) {
      return lineComment(sql, i);
    }
    if (c == '/' && d == '*') {
      return blockComment(sql, i);
    }
    if (c == '#' && dialect == Dialect.MARIADB) {
      throw refuse("a # comment (write -- or /* */ comments instead)", i);
    }
    if (c == '\'') {
      return string(sql, i, i, dialect == Dialect.MARIADB, false);
    }
    if (c == '"') {
      if (dialect == Dialect.MARIADB) {
        throw refuse("a double-quoted string (MariaDB reads \"…\" as a string; use '…')", i);
      }
      return quotedName(sql, i, '"');
    }
    if (c == '`') {
      if (dialect != Dialect.MARIADB) {
        throw refuse("a backtick-quoted name (use \"…\")", i);
      }
      return quotedName(sql, i, '`');
    }
    if (c >= '0' && c <= '9') {
      return number(sql, i);
    }
    if (c == '.' && d >= '0' && d <= '9' && !followsOperand(before)) {
      return number(sql, i);
    }
    if (c == '$') {
      return dollar(sql, i);
    }
    if (isNameStart(c)) {
      return wordOrPrefixedString(sql, i);
    }
    if (c == '?') {
      int j = i + 1;
      if (dialect == Dialect.H2) {
        while (j < n && isAsciiDigit(sql.charAt(j))) {
          j++;
        }
      }
      return SqlToken.of(Kind.PARAMETER, i, j);
    }
    return punctuation(sql, i, c);
  }

  private SqlToken punctuation(String sql, int i, char c) {
    char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
    boolean variable = c == '@' && dialect != Dialect.POSTGRESQL; // @x in H2 and MariaDB
    if (dialect != Dialect.MARIADB && (c == '@' || c == ':') && isNameStart(next) && !variable
        && !(c == ':' && i > 0 && sql.charAt(i - 1) == ':')) {
      // JSqlParser reads @x as a variable and :x as a parameter; PostgreSQL reads an operator
      // applied to the column x, H2 a syntax error.
      throw refuse("'" + c + "' directly before a name (add a space)", i);
    }
    if (c == '#' && (dialect == Dialect.H2 || (next != '>' && next != '-'))) {
      // PostgreSQL's # (XOR) is a name character to JSqlParser; only #> #>> #- are kept.
      throw refuse("the operator # (only #>, #>> and #- are supported)", i);
    }
    switch (c) {
      case ';':
        return SqlToken.of(Kind.SEMICOLON, i, i + 1);
      case '(':
        return SqlToken.of(Kind.OPEN_PAREN, i, i + 1);
      case ')':
        return SqlToken.of(Kind.CLOSE_PAREN, i, i + 1);
      case '[':
        return SqlToken.of(Kind.OPEN_BRACKET, i, i + 1);
      case ']':
        return SqlToken.of(Kind.CLOSE_BRACKET, i, i + 1);
      case ',':
        return SqlToken.of(Kind.COMMA, i, i + 1);
      case '.':
        return SqlToken.of(Kind.DOT, i, i + 1);
      case '+': case '-': case '*': case '/': case '<': case '>': case '=': case '~': case '!':
      case '@': case '#': case '%': case '^': case '&': case '|': case ':':
        return SqlToken.of(Kind.SYMBOL, i, i + 1);
      case '{': case '}':
        throw refuse("JDBC escape syntax {…}", i);
      case '\\':
        throw refuse("a backslash outside a string", i);
      default:
        throw refuse(describeChar(c) + " outside a string or quoted name", i);
    }
  }

  private SqlToken lineComment(String sql, int i) {
    int n = sql.length();
    if (dialect == Dialect.MARIADB && sql.charAt(i) == '-') {
      if (i + 2 >= n) {
        throw refuse("-- at the very end of the text", i);
      }
      char after = sql.charAt(i + 2);
      if (after > ' ') {
        // MariaDB: "--" starts a comment only before whitespace; "1--1" is 1 - -1.
        return SqlToken.of(Kind.SYMBOL, i, i + 1);
      }
    }
    int j = i + 2;
    while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
      j++;
    }
    if (dialect == Dialect.MARIADB && j < n && sql.charAt(j) == '\r'
        && (j + 1 >= n || sql.charAt(j + 1) != '\n')) {
      throw refuse("a carriage return without line feed ending a comment", j);
    }
    return SqlToken.of(Kind.COMMENT, i, j);
  }

  private SqlToken blockComment(String sql, int i) {
    if (dialect == Dialect.MARIADB && i + 2 < sql.length()
        && (sql.charAt(i + 2) == '!' || sql.startsWith("M!", i + 2))) {
      throw refuse("an executable comment /*!…*/", i);
    }
    int close = sql.indexOf("*/", i + 2);
    if (close < 0) {
      throw refuse("an unterminated /* comment", i);
    }
    int nested = sql.indexOf("/*", i + 2);
    if (nested >= 0 && nested < close) {
      // PostgreSQL and H2 nest block comments, MariaDB and JSqlParser do not.
      throw refuse("a nested /* comment", nested);
    }
    return SqlToken.of(Kind.COMMENT, i, close + 2);
  }

  /**
   * A string literal starting at {@code quote} (its prefix, if any, starts at {@code start}).
   * With {@code backslashEscapes} a backslash escapes the next character (MariaDB, PostgreSQL
   * {@code E'…'}); otherwise it is an ordinary character. Either way its presence makes the
   * literal raw-only: the reading depends on settings we cannot see.
   */
  private SqlToken string(String sql, int start, int quote, boolean backslashEscapes,
      boolean prefixed) {
    int n = sql.length();
    boolean backslash = false;
    int j = quote + 1;
    while (true) {
      if (j >= n) {
        throw refuse("an unterminated string", start);
      }
      char c = sql.charAt(j);
      if (c == '\\') {
        backslash = true;
        j += backslashEscapes ? 2 : 1;
      } else if (c == '\'') {
        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
          j += 2;
        } else {
          break;
        }
      } else if (c == '\0') {
        throw refuse("a NUL character in a string", j);
      } else {
        j++;
      }
    }
    boolean raw = backslash || prefixed;
    return new SqlToken(Kind.STRING, start, j + 1, !raw, raw);
  }

  private SqlToken quotedName(String sql, int i, char quote) {
    int n = sql.length();
    int j = i + 1;
    while (true) {
      if (j >= n) {
        throw refuse("an unterminated quoted name", i);
      }
      char c = sql.charAt(j);
      if (c == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        break;
      }
      if (c == '\0') {
        throw refuse("a NUL character in a quoted name", j);
      }
      j++;
    }
    if (j == i + 1) {
      throw refuse("an empty quoted name", i);
    }
    if (sql.indexOf('.', i) >= 0 && sql.indexOf('.', i) < j) {
      // JSqlParser splits "a.b" into schema a and table b; the database reads one name.
      throw refuse("a quoted name containing a dot", i);
    }
    return SqlToken.of(Kind.QUOTED_NAME, i, j + 1);
  }

  private SqlToken number(String sql, int i) {
    int n = sql.length();
    int j = i;
    while (j < n && isAsciiDigit(sql.charAt(j))) {
      j++;
    }
    boolean integer = j > i;
    boolean plainDecimal = false;
    if (j < n && sql.charAt(j) == '.' && !(j + 1 < n && sql.charAt(j + 1) == '.')) {
      int fraction = j + 1;
      j = fraction;
      while (j < n && isAsciiDigit(sql.charAt(j))) {
        j++;
      }
      plainDecimal = integer && j > fraction;
      integer = false;
    }
    if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
        k++;
      }
      if (k < n && isAsciiDigit(sql.charAt(k))) {
        while (k < n && isAsciiDigit(sql.charAt(k))) {
          k++;
        }
        j = k;
        integer = false;
        plainDecimal = false;
      }
    }
    if (j < n && isNamePart(sql.charAt(j))) {
      // 0x1F, 1e, 12abc: hex in H2, an alias in PostgreSQL 15, an error in 16, a name in MariaDB.
      throw refuse("a number immediately followed by a name", i);
    }
    boolean simple = integer || plainDecimal;
    return new SqlToken(Kind.NUMBER, i, j, simple, false);
  }

  private SqlToken dollar(String sql, int i) {
    int n = sql.length();
    int j = i + 1;
    if (dialect == Dialect.MARIADB) {
      return word(sql, i);
    }
    if (j < n && isAsciiDigit(sql.charAt(j)) && dialect == Dialect.POSTGRESQL) {
      while (j < n && isAsciiDigit(sql.charAt(j))) {
        j++;
      }
      if (j < n && isNamePart(sql.charAt(j))) {
        throw refuse("a parameter immediately followed by a name", i);
      }
      return SqlToken.of(Kind.PARAMETER, i, j);
    }
    while (j < n && isNamePart(sql.charAt(j)) && sql.charAt(j) != '$') {
      j++;
    }
    if (j < n && sql.charAt(j) == '$') {
      throw refuse("a dollar-quoted string", i);
    }
    throw refuse("a $ outside a string", i);
  }

  private SqlToken wordOrPrefixedString(String sql, int i) {
    SqlToken word = word(sql, i);
    int n = sql.length();
    int end = word.end();
    if (end - i == 1 && end < n) {
      char letter = Character.toUpperCase(sql.charAt(i));
      char next = sql.charAt(end);
      if (letter == 'U' && next == '&' && end + 1 < n
          && (sql.charAt(end + 1) == '\'' || sql.charAt(end + 1) == '"')) {
        throw refuse("a Unicode escape U&'…' or U&\"…\"", i);
      }
      if (next == '\'' && isStringPrefix(letter)) {
        boolean backslashEscapes = dialect == Dialect.MARIADB
            || (dialect == Dialect.POSTGRESQL && letter == 'E');
        return string(sql, i, end, backslashEscapes, true);
      }
    }
    return word;
  }

  private boolean isStringPrefix(char upper) {
    switch (dialect) {
      case POSTGRESQL:
        return upper == 'E' || upper == 'B' || upper == 'X' || upper == 'N';
      case H2:
        return upper == 'X' || upper == 'N';
      case MARIADB:
        return upper == 'X' || upper == 'B' || upper == 'N';
      default:
        return false;
    }
  }

  private SqlToken word(String sql, int i) {
    int n = sql.length();
    int j = i + 1;
    while (j < n && isNamePart(sql.charAt(j))) {
      j++;
    }
    return SqlToken.of(Kind.WORD, i, j);
  }

  /** A '.' right after a name or a closing bracket qualifies it; elsewhere it may start .5. */
  private static boolean followsOperand(List<SqlToken> before) {
    if (before.isEmpty()) {
      return false;
    }
    Kind last = before.get(before.size() - 1).kind();
    return last == Kind.WORD || last == Kind.QUOTED_NAME || last == Kind.CLOSE_PAREN
        || last == Kind.CLOSE_BRACKET || last == Kind.NUMBER;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private boolean isNameStart(char c) {
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return true;
    }
    if (c == '$') {
      return dialect == Dialect.MARIADB;
    }
    return c >= 0x80 && Character.isLetter(c);
  }

  private boolean isNamePart(char c) {
    return isNameStart(c) || isAsciiDigit(c) || c == '$' || (c >= 0x80 && Character.isDigit(c));
  }

  private static String describeChar(char c) {
    return String.format(Locale.ROOT, "the character U+%04X", (int) c);
  }

  private static NotUnderstoodException refuse(String what, int offset) {
    return new NotUnderstoodException(what + " at offset " + offset);
  }
}
