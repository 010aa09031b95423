package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.mask.DatasourceMasking;
import dev.gatehouse.sidecar.mask.MaskingKey;
import dev.gatehouse.sidecar.policy.MaskingRule;
import dev.gatehouse.sidecar.policy.Policy;
import dev.gatehouse.sidecar.policy.PolicyEngine;
import dev.gatehouse.sidecar.policy.RowFilterRule;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.Rewritten;
import dev.gatehouse.sidecar.sql.RowFilterCondition;
import dev.gatehouse.sidecar.sql.RowFilterRefusedException;
import dev.gatehouse.sidecar.sql.RowFilters;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy in force, compiled for every datasource: the rules' engine, the masking, and the
 * row filters with their conditions parsed. Built whole at load (every name and condition
 * checked then) and swapped in whole on reload.
 *
 * <p>Public so that the offline tools ({@code check}, {@code explain}, {@code test}) compile a
 * policy and plan a statement's row filters exactly as {@code serve} does (SPEC §7): a policy
 * test that passes must mean the sidecar behaves that way.
 */
public record ActivePolicy(
    PolicyEngine engine,
    Map<String, DatasourceMasking> masking,
    Map<String, List<CompiledFilter>> filters) {

  /** A row filter compiled for one datasource. */
  public record CompiledFilter(
      RowFilterRule rule, Set<TableName> tables, RowFilterCondition condition) {}

  /**
   * Compiles {@code policy}.
   *
   * @throws ConfigException naming the rule, its file and line, for a column, table or condition
   *     that does not hold in some datasource's dialect
   */
  public static ActivePolicy compile(Policy policy, Map<String, SqlAnalyzer> analyzers,
      Map<String, MaskingKey> keys) throws ConfigException {
    Map<String, NameResolver> resolvers = new LinkedHashMap<>();
    analyzers.forEach((name, a) -> resolvers.put(name, a.names()));
    List<ConfigProblem> problems = new ArrayList<>();
    PolicyEngine engine = null;
    try {
      engine = PolicyEngine.compile(policy, resolvers);
    } catch (ConfigException e) {
      // go on: the masking and row filters' problems are reported in the same pass
      problems.addAll(e.problems());
    }
    Map<String, DatasourceMasking> masking = new HashMap<>();
    Map<String, List<CompiledFilter>> filters = new HashMap<>();
    for (var e : analyzers.entrySet()) {
      String ds = e.getKey();
      List<ConfigProblem> maskingProblems =
          maskingProblems(policy, ds, e.getValue().names(), keys.get(ds));
      problems.addAll(maskingProblems);
      if (maskingProblems.isEmpty()) {
        try {
          masking.put(ds, DatasourceMasking.compile(policy.masking(), ds, e.getValue().names(),
              keys.get(ds)));
        } catch (IllegalArgumentException bad) {
          problems.add(new ConfigProblem(policy.masking().isEmpty() ? null
              : policy.masking().get(0).location(), "masking: " + bad.getMessage()
              + " (datasource " + ds + ")"));
        }
      }
      List<CompiledFilter> compiled = new ArrayList<>();
      for (RowFilterRule rule : policy.rowFilters()) {
        if (!rule.datasources().isEmpty() && !rule.datasources().contains(ds)) {
          continue;
        }
        try {
          Set<TableName> tables = new LinkedHashSet<>();
          for (String t : rule.tables()) {
            tables.add(e.getValue().names().table(t));
          }
          compiled.add(new CompiledFilter(rule, Set.copyOf(tables),
              RowFilters.compile(rule.where(), e.getValue())));
        } catch (IllegalArgumentException bad) {
          problems.add(new ConfigProblem(rule.location(), "row filter " + rule.name() + ": "
              + bad.getMessage() + " (datasource " + ds + ")"));
        }
      }
      filters.put(ds, List.copyOf(compiled));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ActivePolicy(engine, Map.copyOf(masking), Map.copyOf(filters));
  }

  /**
   * Each masking rule's problems on one datasource, with the rule's file and line: a column
   * that is no column name in the dialect, {@code hash} without a key.
   */
  private static List<ConfigProblem> maskingProblems(Policy policy, String ds, NameResolver names,
      MaskingKey key) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (MaskingRule rule : policy.masking()) {
      if (!rule.datasources().isEmpty() && !rule.datasources().contains(ds)) {
        continue;
      }
      for (String column : rule.columns()) {
        try {
          names.column(column);
        } catch (IllegalArgumentException bad) {
          problems.add(new ConfigProblem(rule.location(), "masking rule " + rule.name() + ": "
              + bad.getMessage() + " (datasource " + ds + ")"));
        }
      }
      if (rule.method() == MaskingRule.MaskMethod.HASH && key == null) {
        problems.add(new ConfigProblem(rule.location(), "masking rule " + rule.name()
            + ": the hash method needs a masking key (datasource " + ds + ")"));
      }
    }
    return problems;
  }

  /** The masking rules compiled for {@code datasource}; none for an unknown one. */
  public DatasourceMasking maskingOf(String datasource) {
    return masking.getOrDefault(datasource, DatasourceMasking.none());
  }

  /**
   * The row filters {@code principal} is subject to on the tables {@code s} touches: by table,
   * the condition, or empty when the principal lacks a claim the condition needs (no rows).
   *
   * @throws GatehouseException when two filters apply to one table for this principal: which
   *     one was meant is for the policy's author to say, not for the sidecar to guess
   */
  public Map<TableName, Optional<RowFilterCondition>> filtersFor(Principal principal,
      String datasource, StatementAnalysis s) {
    List<CompiledFilter> all = filters.getOrDefault(datasource, List.of());
    if (all.isEmpty()) {
      return Map.of();
    }
    Set<TableName> touched = new LinkedHashSet<>(s.tablesRead());
    touched.addAll(s.tablesWritten());
    Map<TableName, Optional<RowFilterCondition>> out = new HashMap<>();
    Map<TableName, String> by = new HashMap<>();
    for (CompiledFilter f : all) {
      if (!applies(f.rule(), principal)) {
        continue;
      }
      for (TableName t : f.tables()) {
        if (!touched.contains(t)) {
          continue;
        }
        String before = by.putIfAbsent(t, f.rule().name());
        if (before != null) {
          throw new GatehouseException(GatehouseException.ACCESS_DENIED, "row filters " + before
              + " and " + f.rule().name() + " both apply to " + t.qualified()
              + " for this principal; the policy must combine them into one");
        }
        out.put(t, hasClaims(principal, f.condition()) ? Optional.of(f.condition())
            : Optional.empty());
      }
    }
    return out;
  }

  /** The names of the filters that apply (for the audit log). */
  public List<String> filterNames(Principal principal, String datasource, Set<TableName> tables) {
    List<String> names = new ArrayList<>();
    for (CompiledFilter f : filters.getOrDefault(datasource, List.of())) {
      if (applies(f.rule(), principal) && f.tables().stream().anyMatch(tables::contains)) {
        names.add(f.rule().name());
      }
    }
    return names;
  }

  /**
   * The statement as it is sent to the database for {@code principal}: rewritten so that every
   * filtered table it touches shows only the rows its filter admits (SPEC §5 {@code
   * row_filters}). The statement pipeline runs what this returns; the offline tools show it.
   *
   * @return empty when no row filter applies to the statement for this principal
   * @throws GatehouseException (access denied) when two filters apply to one table, or when the
   *     statement cannot be rewritten to respect its filters (then naming the first filter)
   */
  public Optional<RowFiltered> rowFiltered(Principal principal, String datasource,
      StatementAnalysis s) {
    Map<TableName, Optional<RowFilterCondition>> conditions =
        filtersFor(principal, datasource, s);
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = filterNames(principal, datasource, conditions.keySet());
    try {
      return Optional.of(new RowFiltered(RowFilters.rewrite(s, conditions), names));
    } catch (RowFilterRefusedException e) {
      throw new GatehouseException(GatehouseException.ACCESS_DENIED,
          "denied by row filter " + String.join(", ", names) + ": " + e.getMessage(),
          names.get(0), 0, null);
    }
  }

  /**
   * A statement rewritten for its row filters.
   *
   * @param rewritten the text to run and how its parameters are bound (claims as {@code ?})
   * @param filters the names of the filters applied, in policy order
   */
  public record RowFiltered(Rewritten rewritten, List<String> filters) {
    public RowFiltered {
      filters = List.copyOf(filters);
    }
  }

  private static boolean applies(RowFilterRule rule, Principal p) {
    if (rule.principals().isEmpty()) {
      return true;
    }
    for (String selector : rule.principals()) {
      if (selector.equals("any") || p.matches(selector)) {
        return true;
      }
    }
    return false;
  }

  /** A claim the condition binds must be present and a single value (text, number, boolean). */
  private static boolean hasClaims(Principal p, RowFilterCondition c) {
    for (String path : c.claims()) {
      Optional<Object> v = p.claim(path);
      if (v.isEmpty() || !(v.get() instanceof String || v.get() instanceof Number
          || v.get() instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }
}
