package dev.gatehouse.sidecar.sql;

import java.util.List;
import java.util.Optional;

/**
 * The analysis of one SQL text as an agent sent it: one {@link StatementAnalysis} per statement,
 * in order (SPEC §5, "every statement counts"). A text the lexer refuses, or that is too long,
 * is one not-understood statement spanning the whole text; a text with no statement at all
 * (only comments) is one not-understood statement too, so nothing is ever allowed by default.
 *
 * @param statements the statements, never empty
 */
public record Analysis(List<StatementAnalysis> statements) {

  public Analysis {
    statements = List.copyOf(statements);
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("an analysis has at least one statement");
    }
  }

  /** True when every statement was understood. */
  public boolean understood() {
    for (StatementAnalysis s : statements) {
      if (!s.understood()) {
        return false;
      }
    }
    return true;
  }

  /** The first reason a statement was not understood, if any. */
  public Optional<String> firstNotUnderstood() {
    for (StatementAnalysis s : statements) {
      if (!s.understood()) {
        return s.notUnderstood();
      }
    }
    return Optional.empty();
  }
}
