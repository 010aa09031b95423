package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DurationSyntax;
import dev.gatehouse.sidecar.policy.PolicyDecision;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policytest.StatementPlan;
import dev.gatehouse.sidecar.policytest.Verdict;
import dev.gatehouse.sidecar.sql.ColumnUsage;
import dev.gatehouse.sidecar.sql.ColumnUse;
import dev.gatehouse.sidecar.sql.DangerousUse;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code explain} shows (SPEC §3), as one tree of plain values: maps, lists, strings,
 * booleans. The text and the JSON output are two renderings of the same tree, so they can't
 * disagree.
 *
 * <p>Each statement also says what the sidecar does besides deciding (from its
 * {@link StatementPlan}): {@code output_columns}, each result column with its masking
 * ({@code null} when a {@code *} needs the database's columns: then {@code star_masking} lists
 * what is masked in each such table), and {@code row_filters} with {@code sent_sql}, the text the
 * database receives after the row filters (claims bound as {@code ?}).
 */
final class Explanation {
  /** Claims that the principal line already shows, or that only concern the token itself. */
  private static final Set<String> TOKEN_CLAIMS =
      Set.of("sub", "iss", "aud", "exp", "iat", "nbf", "jti", "scope", "scp", "groups");

  private Explanation() {}

  /** The whole explanation of {@code verdict} for {@code principal} on one datasource. */
  static Map<String, Object> of(Principal principal, String datasource, NameResolver names,
      String sql, Verdict verdict, List<StatementPlan> plans) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("principal", principal(principal));
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("name", datasource);
    ds.put("dialect", names.dialect().name().toLowerCase(Locale.ROOT));
    ds.put("default_schema", names.defaultSchema());
    out.put("datasource", ds);
    out.put("sql", sql);
    List<Object> statements = new ArrayList<>();
    if (verdict.judgement() != null) {
      for (int i = 0; i < verdict.judgement().decisions().size(); i++) {
        Map<String, Object> statement = statement(i + 1, verdict.judgement().statement(i),
            verdict.judgement().decisions().get(i));
        statement.putAll(plan(plans.get(i)));
        statements.add(statement);
      }
    }
    out.put("statements", statements);
    out.put("decision", decision(verdict));
    return out;
  }

  private static Map<String, Object> principal(Principal p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sub", p.subject());
    out.put("iss", p.issuer());
    out.put("groups", List.copyOf(p.groups()));
    out.put("scopes", List.copyOf(p.scopes()));
    Map<String, Object> claims = new LinkedHashMap<>();
    p.claims().forEach((k, v) -> {
      if (!TOKEN_CLAIMS.contains(k)) {
        claims.put(k, v);
      }
    });
    out.put("other_claims", claims);
    return out;
  }

  private static Map<String, Object> statement(int index, StatementAnalysis s,
      PolicyDecision d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index);
    out.put("text", s.text());
    out.put("understood", s.understood());
    out.put("not_understood", s.notUnderstood().orElse(null));
    out.put("fingerprint", s.fingerprint());
    if (s.understood()) {
      out.put("kinds", kinds(s.kinds()));
      out.put("tables_read", tables(s.tablesRead()));
      out.put("tables_written", tables(s.tablesWritten()));
      out.put("columns", columns(s.columns()));
      out.put("functions", sorted(s.functions()));
      out.put("dangerous", dangerous(s.dangerous()));
      out.put("tables_without_where", tables(s.tablesWithoutWhere()));
      out.put("has_limit", s.hasLimit());
    }
    List<Object> actions = new ArrayList<>();
    for (PolicyDecision.ActionVerdict a : d.actions()) {
      Map<String, Object> action = new LinkedHashMap<>();
      action.put("action", a.action());
      action.put("effect", a.effect().word());
      action.put("rule", a.rule());
      actions.add(action);
    }
    out.put("actions", actions);
    out.put("matched_rules", d.matchedRules());
    Map<String, Object> decision = new LinkedHashMap<>();
    decision.put("effect", d.effect().word());
    decision.put("rule", d.rule());
    decision.put("message", d.message());
    out.put("decision", decision);
    return out;
  }

  /** How the result is masked and what is sent to the database. */
  private static Map<String, Object> plan(StatementPlan p) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> columns = null;
    if (p.columns() != null) {
      columns = new ArrayList<>();
      for (StatementPlan.OutputColumn c : p.columns()) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("position", c.position());
        column.put("label", c.label());
        column.put("masking", c.masking().name().toLowerCase(Locale.ROOT));
        column.put("method", c.method());
        column.put("rule", c.rule());
        columns.add(column);
      }
    }
    out.put("output_columns", columns);
    out.put("star_masking", p.starMasks());
    out.put("uncertain_lineage", p.uncertain());
    out.put("content_detectors", p.detects());
    out.put("row_filters", p.rowFilters());
    out.put("row_filter_refusal", p.refusal());
    out.put("sent_sql", p.refusal() != null ? null
        : p.rewritten() != null ? p.rewritten() : p.statement().text());
    return out;
  }

  private static Map<String, Object> decision(Verdict v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("effect", v.effect().word());
    out.put("rule", v.rule());
    out.put("sql_state", v.sqlState());
    out.put("message", v.message());
    List<Object> approvals = new ArrayList<>();
    for (PolicyRule r : v.approvalRules()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("rule", r.name());
      a.put("approvers", r.approvers());
      a.put("grant", r.grant() == null ? null : DurationSyntax.format(r.grant()));
      approvals.add(a);
    }
    out.put("approval_rules", approvals);
    return out;
  }

  private static List<String> kinds(Set<StatementKind> kinds) {
    List<String> out = new ArrayList<>();
    for (StatementKind k : StatementKind.values()) {
      if (kinds.contains(k)) {
        out.add(k.policyName());
      }
    }
    return out;
  }

  private static List<String> tables(Set<TableName> tables) {
    TreeSet<String> out = new TreeSet<>();
    tables.forEach(t -> out.add(t.qualified()));
    return List.copyOf(out);
  }

  private static List<String> sorted(Collection<?> values) {
    TreeSet<String> out = new TreeSet<>();
    values.forEach(v -> out.add(v.toString()));
    return List.copyOf(out);
  }

  private static List<Object> dangerous(Set<DangerousUse> uses) {
    List<Object> out = new ArrayList<>();
    uses.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(d -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.name());
      m.put("reason", d.reason());
      out.add(m);
    });
    return out;
  }

  /** Columns grouped by usage, in the order of {@link ColumnUsage}; each column once a usage. */
  private static Map<String, Object> columns(List<ColumnUse> uses) {
    Map<ColumnUsage, Set<String>> byUsage = new EnumMap<>(ColumnUsage.class);
    for (ColumnUse use : uses) {
      byUsage.computeIfAbsent(use.usage(), u -> new LinkedHashSet<>()).add(column(use));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    byUsage.forEach((usage, columns) ->
        out.put(usage.name().toLowerCase(Locale.ROOT), List.copyOf(columns)));
    return out;
  }

  /** {@code PUBLIC.CUSTOMERS.EMAIL}, or {@code EMAIL of PUBLIC.A|PUBLIC.B} when ambiguous. */
  private static String column(ColumnUse use) {
    if (!use.ambiguous()) {
      return use.tables().iterator().next().qualified() + "." + use.column();
    }
    return use.column() + " of " + String.join("|", tables(use.tables()));
  }
}
