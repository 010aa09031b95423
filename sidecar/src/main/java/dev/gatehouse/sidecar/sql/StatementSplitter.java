package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a token stream into statements at top-level semicolons (SPEC §5, "every statement
 * counts"). Semicolons inside strings, quoted names and comments are not tokens of their own,
 * so they never cut. Each piece is trimmed of surrounding whitespace and comments: its span is
 * exactly the text the executor will send. Pieces that hold nothing but whitespace and
 * comments ({@code SELECT 1;;} or a trailing {@code -- bye}) are dropped: there is nothing to run.
 *
 * <p>Agreement with the parser is checked later, per piece: {@link BoundedParser} demands that
 * each piece is exactly one statement to JSqlParser too.
 */
final class StatementSplitter {
  private StatementSplitter() {}

  /**
   * A statement's place in the text.
   *
   * @param start offset of its first significant character
   * @param end offset just after its last significant character
   * @param tokens its tokens, from the first to the last significant one
   */
  record Piece(int start, int end, List<SqlToken> tokens) {}

  static List<Piece> split(List<SqlToken> tokens) {
    List<Piece> pieces = new ArrayList<>(2);
    int from = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      if (i == tokens.size() || tokens.get(i).kind() == Kind.SEMICOLON) {
        addTrimmed(tokens, from, i, pieces);
        from = i + 1;
      }
    }
    return pieces;
  }

  private static void addTrimmed(List<SqlToken> tokens, int from, int to, List<Piece> out) {
    int first = from;
    while (first < to && tokens.get(first).isTrivia()) {
      first++;
    }
    int last = to - 1;
    while (last >= first && tokens.get(last).isTrivia()) {
      last--;
    }
    if (first > last) {
      return;
    }
    List<SqlToken> slice = List.copyOf(tokens.subList(first, last + 1));
    out.add(new Piece(tokens.get(first).start(), tokens.get(last).end(), slice));
  }
}
