package dev.gatehouse.sidecar.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders an {@link Explanation} tree for a person: one fact a line, labels aligned. */
final class ExplanationText {
  private static final String NONE = "-";

  private final PrintStream out;

  private ExplanationText(PrintStream out) {
    this.out = out;
  }

  static void print(Map<String, Object> explanation, PrintStream out) {
    new ExplanationText(out).all(explanation);
  }

  private void all(Map<String, Object> e) {
    Map<?, ?> p = (Map<?, ?>) e.get("principal");
    line("", "principal", p.get("sub") + "  (issuer " + p.get("iss") + ")");
    line("", "groups", list(p.get("groups")));
    line("", "scopes", list(p.get("scopes")));
    Map<?, ?> claims = (Map<?, ?>) p.get("other_claims");
    if (!claims.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      claims.forEach((k, v) -> pairs.add(k + "=" + v));
      line("", "claims", String.join(", ", pairs));
    }
    Map<?, ?> ds = (Map<?, ?>) e.get("datasource");
    line("", "datasource", ds.get("name") + " (" + ds.get("dialect") + ", default schema "
        + ds.get("default_schema") + ")");
    for (Object s : (List<?>) e.get("statements")) {
      out.println();
      statement((Map<?, ?>) s);
    }
    out.println();
    decision((Map<?, ?>) e.get("decision"));
  }

  private void statement(Map<?, ?> s) {
    out.println("statement " + s.get("index") + ": " + s.get("text"));
    String in = "  ";
    if (!Boolean.TRUE.equals(s.get("understood"))) {
      line(in, "not understood", String.valueOf(s.get("not_understood")));
    } else {
      line(in, "kinds", list(s.get("kinds")));
      line(in, "reads", list(s.get("tables_read")));
      line(in, "writes", list(s.get("tables_written")));
      Map<?, ?> columns = (Map<?, ?>) s.get("columns");
      if (columns.isEmpty()) {
        line(in, "columns", NONE);
      } else {
        line(in, "columns", "");
        columns.forEach((usage, names) -> line(in + "  ", usage.toString(), list(names)));
      }
      line(in, "functions", list(s.get("functions")));
      List<String> dangers = new ArrayList<>();
      for (Object d : (List<?>) s.get("dangerous")) {
        dangers.add(((Map<?, ?>) d).get("name") + " (" + ((Map<?, ?>) d).get("reason") + ")");
      }
      line(in, "dangerous", dangers.isEmpty() ? NONE : String.join("; ", dangers));
      line(in, "without WHERE", list(s.get("tables_without_where")));
      line(in, "has LIMIT", Boolean.TRUE.equals(s.get("has_limit")) ? "yes" : "no");
    }
    line(in, "fingerprint", String.valueOf(s.get("fingerprint")));
    line(in, "actions", "");
    for (Object a : (List<?>) s.get("actions")) {
      Map<?, ?> action = (Map<?, ?>) a;
      Object rule = action.get("rule");
      out.printf("%s  %-8s %s%s%n", in, action.get("effect"), action.get("action"),
          rule == null ? "  (no rule matched)" : "  (rule " + rule + ")");
    }
    line(in, "rules matched", list(s.get("matched_rules")));
    Map<?, ?> d = (Map<?, ?>) s.get("decision");
    line(in, "decision", d.get("effect") + (d.get("rule") == null ? "" : " by " + d.get("rule")));
    outputColumns(in, s);
    rowFilters(in, s);
  }

  /** Each result column and how it is masked, or what a {@code *} masks in its table. */
  private void outputColumns(String in, Map<?, ?> s) {
    List<?> columns = (List<?>) s.get("output_columns");
    Map<?, ?> stars = (Map<?, ?>) s.get("star_masking");
    if (columns != null && columns.isEmpty()) {
      line(in, "output columns", NONE);
    } else if (columns != null) {
      line(in, "output columns", "");
      for (Object c : columns) {
        Map<?, ?> column = (Map<?, ?>) c;
        Object label = column.get("label");
        line(in + "  ", column.get("position") + " " + (label == null ? "(unnamed)" : label),
            masking(column));
      }
    } else if (Boolean.TRUE.equals(s.get("uncertain_lineage"))) {
      line(in, "output columns", "not known before it runs; each one that may derive from a"
          + " masked column is redacted");
    } else {
      line(in, "output columns", "");
      stars.forEach((table, masked) -> {
        List<String> parts = new ArrayList<>();
        ((Map<?, ?>) masked).forEach((column, how) -> parts.add(column + " " + how));
        line(in + "  ", "* of " + table, "masked: " + (parts.isEmpty() ? NONE
            : String.join(", ", parts)));
      });
    }
    if (Boolean.TRUE.equals(s.get("content_detectors"))
        && (columns == null || !columns.isEmpty())) {
      line(in, "detectors", "scan every text value of the result");
    }
  }

  private static String masking(Map<?, ?> column) {
    Object rule = column.get("rule");
    return switch (String.valueOf(column.get("masking"))) {
      case "method" -> "masked: " + column.get("method") + " (rule " + rule + ")";
      case "redact" -> "masked: " + column.get("method") + ", derived from a masked column (rule "
          + rule + ")";
      default -> NONE;
    };
  }

  /** The row filters in force and the text the database receives. */
  private void rowFilters(String in, Map<?, ?> s) {
    List<?> filters = (List<?>) s.get("row_filters");
    if (s.get("row_filter_refusal") != null) {
      line(in, "row filters", "refused: " + s.get("row_filter_refusal"));
    } else if (!filters.isEmpty()) {
      line(in, "row filters", list(filters));
      line(in, "sent as", String.valueOf(s.get("sent_sql")));
    }
  }

  private void decision(Map<?, ?> d) {
    String rule = d.get("rule") == null ? "" : " by rule " + d.get("rule");
    String state = d.get("sql_state") == null ? "" : ", SQLState " + d.get("sql_state");
    line("", "decision", String.valueOf(d.get("effect")).toUpperCase(java.util.Locale.ROOT)
        + rule + state);
    line("", "message", String.valueOf(d.get("message")));
    for (Object a : (List<?>) d.get("approval_rules")) {
      Map<?, ?> approval = (Map<?, ?>) a;
      String grant = approval.get("grant") == null ? "" : ", grant " + approval.get("grant");
      line("", "approvers", list(approval.get("approvers")) + " (rule " + approval.get("rule")
          + grant + ")");
    }
  }

  private void line(String indent, String label, String value) {
    if (value.isEmpty()) {
      out.println(indent + label);
    } else {
      out.printf("%s%-" + (16 - indent.length()) + "s %s%n", indent, label, value);
    }
  }

  private static String list(Object values) {
    List<?> list = (List<?>) values;
    if (list.isEmpty()) {
      return NONE;
    }
    List<String> texts = new ArrayList<>();
    list.forEach(v -> texts.add(String.valueOf(v)));
    return String.join(", ", texts);
  }
}
