package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.policy.MaskingRule;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.SourceColumn;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The masking rules of a policy, compiled for one datasource: column names resolved in its
 * dialect, maskers and detectors built once (SPEC §5 {@code masking:}). Per statement it hands
 * out the {@link MaskingView} of the principal asking.
 */
public final class DatasourceMasking {
  /** One masked column's rule, compiled. */
  record ColumnRule(MaskingRule rule, Masker masker) {}

  private record Compiled(MaskingRule rule, Map<SourceColumn, ColumnRule> columns,
      ContentDetectors detectors) {}

  private final List<Compiled> rules;
  private final MaskingView nobody;

  private DatasourceMasking(List<Compiled> rules) {
    this.rules = rules;
    this.nobody = new MaskingView(Map.of(), List.of());
  }

  /**
   * Compiles the rules that apply to {@code datasource}.
   *
   * @throws IllegalArgumentException when a column is not a column name in this dialect
   */
  public static DatasourceMasking compile(List<MaskingRule> masking, String datasource,
      NameResolver names, MaskingKey key) {
    List<Compiled> out = new ArrayList<>();
    for (MaskingRule rule : masking) {
      if (!rule.datasources().isEmpty() && !rule.datasources().contains(datasource)) {
        continue;
      }
      Masker masker = Masker.of(rule.method(), key);
      Map<SourceColumn, ColumnRule> columns = new HashMap<>();
      for (String c : rule.columns()) {
        NameResolver.QualifiedColumn qc = names.column(c);
        columns.put(new SourceColumn(qc.table(), qc.column()), new ColumnRule(rule, masker));
      }
      ContentDetectors detectors = rule.detect().isEmpty()
          ? null : ContentDetectors.of(rule.detect(), rule.method(), key);
      out.add(new Compiled(rule, Map.copyOf(columns), detectors));
    }
    return new DatasourceMasking(List.copyOf(out));
  }

  /** No masking at all (a policy without masking rules). */
  public static DatasourceMasking none() {
    return new DatasourceMasking(List.of());
  }

  /** What {@code principal} may not see: every rule it is not exempt from. */
  public MaskingView viewOf(Principal principal) {
    if (rules.isEmpty()) {
      return nobody;
    }
    Map<SourceColumn, ColumnRule> columns = new HashMap<>();
    List<ContentDetectors> detectors = new ArrayList<>();
    for (Compiled c : rules) {
      if (exempt(principal, c.rule())) {
        continue;
      }
      // the first rule naming a column wins, as rules are read top to bottom
      c.columns().forEach(columns::putIfAbsent);
      if (c.detectors() != null) {
        detectors.add(c.detectors());
      }
    }
    return new MaskingView(columns, detectors);
  }

  private static boolean exempt(Principal p, MaskingRule rule) {
    for (String selector : rule.exempt()) {
      if (selector.equals("any") || p.matches(selector)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any rule masks a column of {@code table} (for whole-row references). */
  static boolean anyColumnOf(Map<SourceColumn, ColumnRule> columns, TableName table) {
    for (SourceColumn c : columns.keySet()) {
      if (c.table().equals(table)) {
        return true;
      }
    }
    return false;
  }
}
