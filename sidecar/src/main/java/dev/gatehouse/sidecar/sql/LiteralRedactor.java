package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.List;

/**
 * Replaces the literals of SQL text with {@code ?} for the audit log (SPEC §8: literals are
 * redacted by default), using the same lexer as the analysis, so what counts as a literal is
 * what the database reads as one.
 *
 * <p>Fail closed: when the lexer refuses the text (an odd quote, a dialect trick), nothing after
 * the first character that could open a literal is kept.
 */
public final class LiteralRedactor {
  private final SqlLexer lexer;

  public LiteralRedactor(Dialect dialect) {
    this.lexer = new SqlLexer(dialect);
  }

  public String redact(String sql) {
    List<SqlToken> tokens;
    try {
      tokens = lexer.tokenize(sql);
    } catch (RuntimeException refused) {
      return truncateAtFirstLiteral(sql);
    }
    StringBuilder out = new StringBuilder(sql.length());
    for (SqlToken t : tokens) {
      if (t.kind() == SqlToken.Kind.STRING || t.kind() == SqlToken.Kind.NUMBER) {
        out.append('?');
      } else {
        out.append(sql, t.start(), t.end());
      }
    }
    return out.toString();
  }

  private static String truncateAtFirstLiteral(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '$' || c == '`' || c == '\\' || Character.isDigit(c)) {
        return sql.substring(0, i) + "… [rest redacted: not lexable]";
      }
    }
    return sql;
  }
}
