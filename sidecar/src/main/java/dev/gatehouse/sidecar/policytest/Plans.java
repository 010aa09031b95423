package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.policy.Effect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a case expects of masking and row filters ({@code masked:}, {@code rewritten:})
 * with the {@link StatementPlan}s of its statement. Each failure says what was expected and what
 * the sidecar does, as the other expectations' failures do.
 *
 * <p>{@code masked:} is a set of result column labels, compared without regard to order or case
 * (labels are in the dialect's canonical case, H2 upper case, while case files are written as
 * the SQL is); an unnamed expression's label is {@code #N}, its position from 1.
 *
 * <p>{@code rewritten:} is compared with the text sent to the database after whitespace is
 * normalised: runs of spaces, tabs and line breaks outside quotes count as one space, none at
 * either end. Everything else must match as printed, including the case of keywords: a
 * rewritten statement is its parse tree printed back by JSqlParser (keywords upper case,
 * identifiers and literals as written, claims as {@code ?}), a statement no filter applies to
 * is sent exactly as written, and a case file says exactly what runs ({@code explain} shows
 * it). Folding case or re-parsing both sides would hide the very differences a rewrite test is
 * for (a literal where a {@code ?} belongs, a quoted name).
 */
final class Plans {
  private Plans() {}

  /**
   * One line per expectation that does not hold.
   *
   * @param plans the statement's plans; columns of a {@code *} are only known when the caller
   *     could give the tables' columns
   */
  static List<String> compare(Expectation expect, Verdict verdict, List<StatementPlan> plans) {
    List<String> failures = new ArrayList<>();
    if (expect.masked() != null) {
      failures.addAll(masked(expect.masked(), verdict, plans));
    }
    if (expect.rewritten() != null) {
      failures.addAll(rewritten(expect.rewritten(), verdict, plans));
    }
    return failures;
  }

  private static List<String> masked(List<String> expected, Verdict verdict,
      List<StatementPlan> plans) {
    String want = "[" + String.join(", ", expected) + "]";
    if (verdict.effect() == Effect.DENY) {
      return List.of("masked:   expected " + want + ", got nothing: the statement is denied and"
          + " returns no result");
    }
    Set<String> got = new LinkedHashSet<>();
    for (StatementPlan p : plans) {
      if (p.columns() == null) {
        return List.of("masked:   expected " + want + ", but which columns are masked cannot be"
            + " told: " + unknownColumns(p));
      }
      for (StatementPlan.OutputColumn c : p.columns()) {
        if (c.masked()) {
          got.add(c.name());
        }
      }
    }
    if (folded(expected).equals(folded(got))) {
      return List.of();
    }
    List<String> detail = new ArrayList<>();
    for (StatementPlan p : plans) {
      for (StatementPlan.OutputColumn c : p.columns()) {
        if (c.masked()) {
          detail.add(c.name() + " (" + c.method() + ", rule " + c.rule() + ")");
        }
      }
    }
    return List.of("masked:   expected " + want + ", got [" + String.join(", ", got) + "]"
        + (detail.isEmpty() ? "" : "\n  masking:  " + String.join("; ", detail)));
  }

  private static String unknownColumns(StatementPlan p) {
    if (p.uncertain()) {
      return "the analysis cannot follow this result's columns (every column that may derive"
          + " from a masked one is redacted)";
    }
    return "* stands for the columns of " + String.join(", ", p.starMasks().keySet())
        + ", known only from a database; add seed: (an H2 script) to the file";
  }

  private static Set<String> folded(Iterable<String> labels) {
    Set<String> out = new TreeSet<>();
    labels.forEach(l -> out.add(l.toLowerCase(Locale.ROOT)));
    return out;
  }

  private static List<String> rewritten(String expected, Verdict verdict,
      List<StatementPlan> plans) {
    String want = normalized(expected);
    if (verdict.effect() == Effect.DENY) {
      return List.of("rewritten: expected " + want + "\n           got nothing: the statement is"
          + " denied and never sent");
    }
    if (plans.size() != 1) {
      return List.of("rewritten: expected " + want + "\n           but the case has "
          + plans.size() + " statements; rewritten: checks a case of one statement");
    }
    StatementPlan p = plans.get(0);
    if (p.refusal() != null) {
      return List.of("rewritten: expected " + want + "\n           got nothing: " + p.refusal());
    }
    String sent = p.rewritten() != null ? p.rewritten() : p.statement().text();
    String got = normalized(sent);
    if (want.equals(got)) {
      return List.of();
    }
    return List.of("rewritten: expected " + want + "\n           got      " + got
        + (p.rewritten() == null ? "  (no row filter applies: sent as written)"
            : "  (row filters " + String.join(", ", p.rowFilters()) + ")"));
  }

  /**
   * The text with each run of whitespace outside quotes ({@code '…'}, {@code "…"},
   * {@code `…`}) as one space, and none at the ends. Quotes are closed by the same character;
   * a doubled quote inside is two quotes in a row and needs no special case.
   */
  static String normalized(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    char quote = 0;
    boolean space = false;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (quote == 0 && Character.isWhitespace(ch)) {
        space = true;
        continue;
      }
      if (space && out.length() > 0) {
        out.append(' ');
      }
      space = false;
      out.append(ch);
      if (quote == 0 && (ch == '\'' || ch == '"' || ch == '`')) {
        quote = ch;
      } else if (ch == quote) {
        quote = 0;
      }
    }
    return out.toString();
  }
}
