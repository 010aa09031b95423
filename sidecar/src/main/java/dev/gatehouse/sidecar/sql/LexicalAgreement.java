package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.Token;

/**
 * Checks that JSqlParser read a text with the same lexical boundaries as {@link SqlLexer}, which
 * reads it the way the database does.
 *
 * <p>Why: if the parser thinks a quote opens a string where the database thinks it closes one,
 * the parser analyses a different statement from the one the database runs (a subquery hidden
 * in what the parser takes for a string is the classic). Both readings are reduced to the same
 * shape: the ordered list of <em>opaque</em> lexemes (strings, quoted names, comments) with
 * their exact text and kind, and between them the code characters with whitespace removed.
 * The two shapes must be equal. Operator tokenisation may differ ({@code > =} is one parser
 * token), the placement of every literal, name and comment may not.
 */
final class LexicalAgreement {
  private LexicalAgreement() {}

  private enum Opaque { STRING, NAME, COMMENT }

  private record Item(Opaque kind, String text) {}

  /** Throws unless {@code parserTokens} (with their comments) read {@code text} like {@code ours}. */
  static void check(String text, List<SqlToken> ours, List<Token> parserTokens) {
    List<Object> expected = shapeOf(text, ours);
    List<Object> actual = shapeOf(parserTokens);
    if (!expected.equals(actual)) {
      throw new NotUnderstoodException(
          "the parser reads the quotes, names or comments of this statement differently from the"
              + " database (" + firstDifference(expected, actual) + ")");
    }
    checkNameBoundaries(text, ours, parserTokens);
  }

  /**
   * Names must start and end in the same places for both readers. JSqlParser takes {@code #}
   * and {@code @} as name characters ({@code a@b} is one name to it, an operator between two
   * columns to PostgreSQL, a column and a variable to MariaDB), so the opaque-lexeme comparison
   * alone would not notice. Both token
   * streams are laid over the text; wherever only one of them has a token boundary that touches
   * a name character without whitespace in between, the readings differ. Boundaries between
   * operator characters may differ ({@code >=} is one token or two).
   */
  private static void checkNameBoundaries(String text, List<SqlToken> ours, List<Token> theirs) {
    BitSet mine = new BitSet(text.length() + 1);
    for (SqlToken t : ours) {
      if (!t.isTrivia()) {
        mine.set(t.start());
        mine.set(t.end());
      }
    }
    BitSet parser = new BitSet(text.length() + 1);
    int at = 0;
    for (Token t : theirs) {
      List<Token> all = new ArrayList<>();
      for (Token s = t.specialToken; s != null; s = s.specialToken) {
        all.add(0, s);
      }
      if (t.kind != CCJSqlParserConstants.EOF) {
        all.add(t);
      }
      for (Token token : all) {
        if (!text.startsWith(token.image, at)) {
          while (at < text.length() && isSpace(text.charAt(at))) {
            at++;
          }
        }
        if (token.image.isEmpty() || !text.startsWith(token.image, at)) {
          throw new NotUnderstoodException("the parser's tokens do not cover the statement text");
        }
        parser.set(at);
        at += token.image.length();
        parser.set(at);
      }
    }
    BitSet differ = (BitSet) mine.clone();
    differ.xor(parser);
    for (int b = differ.nextSetBit(1); b >= 0 && b < text.length(); b = differ.nextSetBit(b + 1)) {
      char left = text.charAt(b - 1);
      char right = text.charAt(b);
      boolean numberedParameter = left == '?' && Character.isDigit(right); // H2's ?1
      if (!isSpace(left) && !isSpace(right) && (isNameChar(left) || isNameChar(right))
          && !numberedParameter) {
        throw new NotUnderstoodException("the parser and the database split the names of this"
            + " statement differently at offset " + b);
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static List<Object> shapeOf(String text, List<SqlToken> tokens) {
    List<Object> shape = new ArrayList<>();
    StringBuilder code = new StringBuilder();
    for (SqlToken t : tokens) {
      Opaque opaque = opaqueKind(t.kind());
      if (opaque != null) {
        flush(code, shape);
        shape.add(new Item(opaque, t.text(text)));
      } else if (t.kind() != Kind.WHITESPACE) {
        code.append(text, t.start(), t.end());
      }
    }
    flush(code, shape);
    return shape;
  }

  private static List<Object> shapeOf(List<Token> tokens) {
    List<Object> shape = new ArrayList<>();
    StringBuilder code = new StringBuilder();
    for (Token t : tokens) {
      List<Token> comments = new ArrayList<>(0);
      for (Token s = t.specialToken; s != null; s = s.specialToken) {
        comments.add(0, s);
      }
      for (Token comment : comments) {
        flush(code, shape);
        shape.add(new Item(Opaque.COMMENT, comment.image));
      }
      if (t.kind == CCJSqlParserConstants.EOF) {
        break;
      }
      Opaque opaque = opaqueKind(t);
      if (opaque != null) {
        flush(code, shape);
        shape.add(new Item(opaque, t.image));
      } else {
        appendWithoutWhitespace(code, t.image);
      }
    }
    flush(code, shape);
    return shape;
  }

  private static Opaque opaqueKind(Kind kind) {
    switch (kind) {
      case STRING:
        return Opaque.STRING;
      case QUOTED_NAME:
        return Opaque.NAME;
      case COMMENT:
        return Opaque.COMMENT;
      default:
        return null;
    }
  }

  private static Opaque opaqueKind(Token t) {
    if (t.kind == CCJSqlParserConstants.S_CHAR_LITERAL) {
      return Opaque.STRING;
    }
    if (t.kind == CCJSqlParserConstants.S_QUOTED_IDENTIFIER) {
      return Opaque.NAME;
    }
    if (t.kind == CCJSqlParserConstants.S_HEX && t.image.indexOf('\'') >= 0) {
      return Opaque.STRING;
    }
    if (t.kind == CCJSqlParserConstants.LINE_COMMENT
        || t.kind == CCJSqlParserConstants.MULTI_LINE_COMMENT) {
      return Opaque.COMMENT;
    }
    return null;
  }

  private static void appendWithoutWhitespace(StringBuilder code, String image) {
    for (int i = 0; i < image.length(); i++) {
      char c = image.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        code.append(c);
      }
    }
  }

  private static void flush(StringBuilder code, List<Object> shape) {
    if (code.length() > 0) {
      shape.add(code.toString());
      code.setLength(0);
    }
  }

  private static String firstDifference(List<Object> expected, List<Object> actual) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return "database reads " + brief(expected.get(i)) + ", parser reads " + brief(actual.get(i));
      }
    }
    return expected.size() > n
        ? "parser misses " + brief(expected.get(n))
        : "parser adds " + brief(actual.get(n));
  }

  /** Names the lexeme without quoting literal or comment text: reasons end up in logs. */
  private static String brief(Object item) {
    if (item instanceof Item) {
      Item it = (Item) item;
      switch (it.kind()) {
        case STRING:
          return "a string";
        case COMMENT:
          return "a comment";
        default:
          return "the name " + shorten(it.text());
      }
    }
    return "code"; // code may hold numeric literals; reasons are logged
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 21) + "..." : s;
  }
}
