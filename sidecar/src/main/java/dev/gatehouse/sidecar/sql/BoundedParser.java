package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;

/**
 * Runs JSqlParser on one statement's key text, on the calling thread, within a nesting limit
 * and a time budget, and refuses anything it does not read exactly like {@link SqlLexer}.
 *
 * <p>Budget: nesting is bounded before parsing by counting brackets and {@code CASE…END} in our
 * own tokens; time is bounded by a token manager that checks a deadline whenever the parser asks
 * for its next token. That costs one {@link System#nanoTime()} per token and no thread, unlike
 * {@code CCJSqlParserUtil}'s timeout, which runs every parse on an executor (PARSER-NOTES). The
 * remaining risk, backtracking over tokens already read, is what the nesting limit and
 * {@code withAllowComplexParsing(false)} bound.
 *
 * <p>Anything but a clean parse of exactly one statement is "not understood": parse errors, a
 * {@code null} result, trailing input, any exception or {@link StackOverflowError}. Only errors
 * that mean the JVM itself is failing (out of memory) are rethrown: denying is then the caller's
 * outcome anyway, and masking them would hide the real fault.
 */
final class BoundedParser {
  private final Dialect dialect;
  private final long budgetNanos;
  private final int maxDepth;

  BoundedParser(Dialect dialect, long budgetNanos, int maxDepth) {
    this.dialect = dialect;
    this.budgetNanos = budgetNanos;
    this.maxDepth = maxDepth;
  }

  /** Refuses texts nested deeper than the limit, before any parsing. */
  void checkNesting(String text, List<SqlToken> tokens) {
    int depth = 0;
    int max = 0;
    for (SqlToken t : tokens) {
      Kind k = t.kind();
      if (k == Kind.OPEN_PAREN || k == Kind.OPEN_BRACKET || t.isWord(text, "CASE")) {
        depth++;
        max = Math.max(max, depth);
      } else if (k == Kind.CLOSE_PAREN || k == Kind.CLOSE_BRACKET || t.isWord(text, "END")) {
        depth = Math.max(0, depth - 1);
      }
    }
    if (max > maxDepth) {
      throw new NotUnderstoodException("the statement is nested " + max
          + " levels deep; the limit is " + maxDepth);
    }
  }

  /** Parses {@code text}, whose tokens by our lexer are {@code tokens}. */
  Statement parse(String text, List<SqlToken> tokens) {
    RecordingTokenManager source = new RecordingTokenManager(
        new SimpleCharStream(new StringProvider(text)), System.nanoTime() + budgetNanos);
    CCJSqlParser parser = new CCJSqlParser(source)
        .withAllowComplexParsing(false)
        .withUnsupportedStatements(false)
        .withSquareBracketQuotation(false)
        .withBackslashEscapeCharacter(dialect == Dialect.MARIADB);
    Statement statement;
    try {
      statement = parser.Statement();
      Token next = parser.getNextToken();
      if (next.kind != CCJSqlParserConstants.EOF) {
        throw new NotUnderstoodException("the parser ends the statement early, before "
            + describe(next) + " (it treats some line breaks and GO as statement separators)");
      }
    } catch (BudgetExceeded e) {
      throw new NotUnderstoodException("reading the statement took longer than the parse budget of "
          + budgetNanos / 1_000_000 + " ms", false);
    } catch (NotUnderstoodException e) {
      throw e;
    } catch (ParseException e) {
      throw new NotUnderstoodException("syntax the parser does not accept" + near(e));
    } catch (TokenMgrException e) {
      throw new NotUnderstoodException("the parser cannot read the characters of this statement"
          + " (an escape or quoting form it does not support)");
    } catch (StackOverflowError e) {
      throw new NotUnderstoodException("the statement is nested too deeply to parse");
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) { // fail closed: any other failure of the parser is a refusal
      throw new NotUnderstoodException("the parser failed: " + e.getClass().getSimpleName());
    }
    if (statement == null) {
      throw new NotUnderstoodException("the parser returned no statement");
    }
    LexicalAgreement.check(text, tokens, source.tokens);
    return statement;
  }

  private static String near(ParseException e) {
    Token at = e.currentToken == null ? null : e.currentToken.next;
    return at == null ? "" : " near " + describe(at);
  }

  private static String describe(Token t) {
    if (t.kind == CCJSqlParserConstants.EOF) {
      return "the end";
    }
    if (t.kind == CCJSqlParserConstants.S_CHAR_LITERAL) {
      return "a string";
    }
    if (t.kind == CCJSqlParserConstants.S_LONG || t.kind == CCJSqlParserConstants.S_DOUBLE
        || t.kind == CCJSqlParserConstants.S_HEX) {
      return "a number"; // literals stay out of reasons, which are logged
    }
    String image = t.image.length() > 30 ? t.image.substring(0, 27) + "..." : t.image;
    return "'" + image.toUpperCase(Locale.ROOT) + "'";
  }

  /** Signals the deadline; never escapes {@link #parse}. */
  private static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("parse budget exceeded", null, false, false);
    }
  }

  /** Hands tokens to the parser, records them for {@link LexicalAgreement}, and keeps time. */
  private static final class RecordingTokenManager extends CCJSqlParserTokenManager {
    final List<Token> tokens = new ArrayList<>();
    private final long deadline;

    RecordingTokenManager(SimpleCharStream stream, long deadline) {
      super(stream);
      this.deadline = deadline;
    }

    @Override
    public Token getNextToken() {
      if (System.nanoTime() - deadline > 0) {
        throw new BudgetExceeded();
      }
      Token t = super.getNextToken();
      tokens.add(t);
      return t;
    }
  }
}
