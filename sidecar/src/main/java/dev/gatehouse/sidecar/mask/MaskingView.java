package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule;
import dev.gatehouse.sidecar.sql.ColumnLineage;
import dev.gatehouse.sidecar.sql.ColumnUsage;
import dev.gatehouse.sidecar.sql.ColumnUse;
import dev.gatehouse.sidecar.sql.Derivation;
import dev.gatehouse.sidecar.sql.SourceColumn;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one principal may not see on one datasource: the masked columns (with their rules) and
 * the content detectors in force. Decides, per statement, whether the statement may run at all
 * (predicates and writes that would leak a masked value) and how its result is masked.
 */
public final class MaskingView {
  private static final Set<ColumnUsage> PROBES =
      EnumSet.of(ColumnUsage.PREDICATE, ColumnUsage.JOIN, ColumnUsage.ORDERING,
          ColumnUsage.GROUPING, ColumnUsage.OTHER);

  private final Map<SourceColumn, DatasourceMasking.ColumnRule> columns;
  private final List<ContentDetectors> detectors;

  MaskingView(Map<SourceColumn, DatasourceMasking.ColumnRule> columns,
      List<ContentDetectors> detectors) {
    this.columns = columns;
    this.detectors = detectors;
  }

  /** True when nothing is masked for this principal. */
  public boolean isEmpty() {
    return columns.isEmpty() && detectors.isEmpty();
  }

  /**
   * The columns of {@code table} masked for this principal, by column name, with their rules:
   * what a {@code *} over the table masks (for {@code explain}, which has no database to
   * expand {@code *} with).
   */
  public Map<String, MaskingRule> maskedColumnsOf(TableName table) {
    Map<String, MaskingRule> out = new java.util.TreeMap<>();
    columns.forEach((c, r) -> {
      if (c.table().equals(table)) {
        out.put(c.column(), r.rule());
      }
    });
    return out;
  }

  /** True when content detectors scan this principal's results. */
  public boolean detects() {
    return !detectors.isEmpty();
  }

  /** True when the statement uses (in any clause) a column masked for this principal. */
  public boolean touchesMasked(StatementAnalysis s) {
    if (columns.isEmpty()) {
      return false;
    }
    for (ColumnUse use : s.columns()) {
      if (!rulesOf(use).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why the statement may not run, or empty: a masked column in a predicate its rule does not
   * allow (one guess at a time is still reading the value), or flowing into a write.
   */
  public Optional<Refusal> refusal(StatementAnalysis s) {
    for (ColumnUse use : s.columns()) {
      for (MaskingRule rule : rulesOf(use)) {
        String name = use.wholeRow() ? "whole rows of " + tables(use) : column(use);
        if (use.usage() == ColumnUsage.WRITE_SOURCE) {
          return Optional.of(new Refusal(rule.name(), name + " is masked and may not be"
              + " written anywhere (INSERT … SELECT, UPDATE … SET, CREATE TABLE AS would copy"
              + " the original)"));
        }
        if (!PROBES.contains(use.usage())) {
          continue;
        }
        switch (rule.predicates()) {
          case ALLOW -> { }
          case DENY -> {
            return Optional.of(new Refusal(rule.name(), name + " is masked and may not appear in "
                + place(use.usage()) + " (predicates: deny)"));
          }
          case EQUALITY -> {
            if (!use.equalityOnly() || use.wholeRow()) {
              return Optional.of(new Refusal(rule.name(), name + " is masked: in " + place(use.usage())
                  + " it may only be compared whole with =, IN or IS NULL (predicates: equality);"
                  + " LIKE, ranges, ordering and functions of it would reveal it"));
            }
          }
          default -> throw new IllegalStateException(rule.predicates().toString());
        }
      }
    }
    return Optional.empty();
  }

  /** A statement the masking rules refuse. */
  public record Refusal(String rule, String reason) {
    public String message() {
      return "denied by masking rule " + rule + ": " + reason;
    }
  }

  /**
   * The masking of one result.
   *
   * @param lineage each result column's lineage, or empty when it cannot be known (then every
   *     column that might derive from a masked column is fully redacted)
   * @param allSources what the result may derive from, for the uncertain case
   * @param columnCount the result's actual number of columns
   */
  public ResultMasking forResult(Optional<List<ColumnLineage>> lineage,
      Set<SourceColumn> allSources, int columnCount) {
    List<ResultMasking.Action> actions = new ArrayList<>(columnCount);
    boolean known = lineage.isPresent() && lineage.get().size() == columnCount;
    boolean anyMasked = false;
    for (int i = 0; i < columnCount; i++) {
      ResultMasking.Action a = known ? action(lineage.get().get(i)) : uncertain(allSources);
      anyMasked |= a.kind() != ResultMasking.Kind.NONE;
      actions.add(a);
    }
    if (!anyMasked && detectors.isEmpty()) {
      return ResultMasking.NONE;
    }
    return new ResultMasking(actions, detectors);
  }

  private ResultMasking.Action action(ColumnLineage c) {
    if (c.derivation() == Derivation.COUNT) {
      return ResultMasking.Action.NONE;
    }
    List<DatasourceMasking.ColumnRule> hits = new ArrayList<>();
    boolean wholeRow = false;
    for (SourceColumn s : c.sources()) {
      if (s.wholeRow()) {
        if (DatasourceMasking.anyColumnOf(columns, s.table())) {
          wholeRow = true;
        }
        continue;
      }
      DatasourceMasking.ColumnRule r = columns.get(s);
      if (r != null) {
        hits.add(r);
      }
    }
    if (hits.isEmpty() && !wholeRow) {
      return ResultMasking.Action.NONE;
    }
    if (c.derivation() == Derivation.DIRECT && !wholeRow && hits.size() == 1
        && c.sources().size() == 1) {
      DatasourceMasking.ColumnRule r = hits.get(0);
      return new ResultMasking.Action(ResultMasking.Kind.METHOD, r.masker(), r.rule().name(),
          r.rule().method() == MaskingRule.MaskMethod.NULL);
    }
    // anything derived from a masked value is fully redacted
    String rule = hits.isEmpty() ? "whole row" : hits.get(0).rule().name();
    boolean nullOnly = !hits.isEmpty() && hits.stream()
        .allMatch(h -> h.rule().method() == MaskingRule.MaskMethod.NULL);
    return new ResultMasking.Action(ResultMasking.Kind.REDACT, null, rule, nullOnly);
  }

  private ResultMasking.Action uncertain(Set<SourceColumn> allSources) {
    for (SourceColumn s : allSources) {
      if (s.wholeRow() ? DatasourceMasking.anyColumnOf(columns, s.table()) : columns.containsKey(s)) {
        return new ResultMasking.Action(ResultMasking.Kind.REDACT, null, "uncertain lineage", false);
      }
    }
    return ResultMasking.Action.NONE;
  }

  private List<MaskingRule> rulesOf(ColumnUse use) {
    List<MaskingRule> out = new ArrayList<>(1);
    for (var e : columns.entrySet()) {
      SourceColumn masked = e.getKey();
      if (use.touches(masked.table(), masked.column())) {
        out.add(e.getValue().rule());
      }
    }
    return out;
  }

  private static String column(ColumnUse use) {
    TableName t = use.tables().iterator().next();
    return (use.ambiguous() ? "column " + use.column() + " (it may belong to a masked table)"
        : t.qualified() + "." + use.column());
  }

  private static String tables(ColumnUse use) {
    return use.tables().stream().map(TableName::qualified).sorted().reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  private static String place(ColumnUsage usage) {
    return switch (usage) {
      case PREDICATE -> "WHERE or HAVING";
      case JOIN -> "a JOIN condition";
      case ORDERING -> "ORDER BY";
      case GROUPING -> "GROUP BY";
      default -> "this place";
    };
  }

  /** Scrubs a backend error message for a statement of this principal (see {@link ResultMasking}). */
  public String scrubError(String message, boolean touchesMasked) {
    if (touchesMasked) {
      return null;
    }
    String out = message;
    for (ContentDetectors d : detectors) {
      out = out == null ? null : d.scrub(out);
    }
    return out;
  }
}
