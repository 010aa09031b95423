package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.sql.ColumnUse;
import dev.gatehouse.sidecar.sql.FunctionName;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides statements against a {@link Policy} (SPEC §5).
 *
 * <p>Semantics: a statement is decomposed into actions ({@link StatementAction}: a kind on a
 * table, or a dangerous call). For each action, every matching rule is collected and the
 * strongest effect wins (deny over approve over allow); with no matching rule the policy's
 * {@code default} applies, except that a dangerous function is denied unless a rule names it.
 * The statement's effect is the strongest over its actions, so one denied action denies it.
 *
 * <p>Rule conditions: a condition that is absent matches anything. {@code tables} matches the
 * action's table. {@code columns}: a deny or approve rule matches when the statement uses any
 * listed column of the action's table; an allow rule only when every column it uses of that
 * table is listed (allowing some columns never allows the others). {@code functions}: the
 * statement calls a listed function. {@code without_where}: the action's table is read or
 * changed without a WHERE restricting it. {@code without_limit}: the query has no LIMIT. An
 * allow rule that names {@code functions} but no statements, tables or columns allows the calls
 * only, never the rest of a statement that makes them. An allow rule reaches a system catalog
 * ({@code information_schema}, {@code pg_catalog}, …) only by naming it in {@code tables}.
 *
 * <p>Compiled once per policy: table and column names are resolved for each datasource's
 * dialect at load, so deciding does no name parsing.
 */
public final class PolicyEngine {
  private final Policy policy;
  private final Map<String, List<CompiledRule>> rulesByDatasource;

  private PolicyEngine(Policy policy, Map<String, List<CompiledRule>> rulesByDatasource) {
    this.policy = policy;
    this.rulesByDatasource = rulesByDatasource;
  }

  /**
   * Compiles {@code policy} for the given datasources.
   *
   * @param resolvers each datasource's name resolver (its dialect and default schema)
   * @throws ConfigException when a name in a rule is not a valid name in some datasource's
   *     dialect
   */
  public static PolicyEngine compile(Policy policy, Map<String, NameResolver> resolvers)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, List<CompiledRule>> compiled = new HashMap<>();
    for (var e : resolvers.entrySet()) {
      List<CompiledRule> rules = new ArrayList<>();
      for (PolicyRule rule : policy.rules()) {
        if (!rule.when().datasources().isEmpty()
            && !rule.when().datasources().contains(e.getKey())) {
          continue;
        }
        try {
          rules.add(CompiledRule.of(rule, e.getValue()));
        } catch (IllegalArgumentException bad) {
          problems.add(new ConfigProblem(rule.location(),
              "rule " + rule.name() + ": " + bad.getMessage() + " (datasource " + e.getKey() + ")"));
        }
      }
      compiled.put(e.getKey(), List.copyOf(rules));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PolicyEngine(policy, Map.copyOf(compiled));
  }

  public Policy policy() {
    return policy;
  }

  /** Decides one statement of {@code principal} on {@code datasource}. */
  public PolicyDecision decide(Principal principal, String datasource, StatementAnalysis s) {
    if (!s.understood()) {
      return notUnderstood(s);
    }
    List<CompiledRule> rules = rulesByDatasource.get(datasource);
    if (rules == null) {
      throw new GatehouseException(GatehouseException.ACCESS_DENIED,
          "datasource " + datasource + " has no compiled policy");
    }
    List<PolicyDecision.ActionVerdict> verdicts = new ArrayList<>();
    Set<String> matched = new LinkedHashSet<>();
    Set<PolicyRule> approvals = new LinkedHashSet<>();
    Effect worst = Effect.ALLOW;
    PolicyRule decidingRule = null;
    StatementAction decidingAction = null;
    List<StatementAction> actions = StatementAction.of(s);
    for (StatementAction a : actions) {
      Effect effect = null;
      PolicyRule strongest = null;
      for (CompiledRule r : rules) {
        if (r.matches(principal, a, s)) {
          matched.add(r.rule.name());
          if (effect == null || r.rule.effect().ordinal() > effect.ordinal()) {
            effect = r.rule.effect();
            strongest = r.rule;
          }
          if (r.rule.effect() == Effect.APPROVE) {
            approvals.add(r.rule);
          }
        }
      }
      if (effect == null) {
        effect = a.dangerous() ? Effect.DENY : policy.defaultEffect();
      }
      verdicts.add(new PolicyDecision.ActionVerdict(
          a.describe(), effect, strongest == null ? null : strongest.name()));
      if (decidingAction == null || effect.ordinal() > worst.ordinal()
          || (effect == worst && telling(strongest, a) > telling(decidingRule, decidingAction))) {
        worst = effect;
        decidingRule = strongest;
        decidingAction = a;
      }
    }
    if (actions.isEmpty()) {
      // nothing to judge is nothing understood: never allow by omission
      return notUnderstood(s);
    }
    List<PolicyRule> approvalRules = worst == Effect.APPROVE ? List.copyOf(approvals) : List.of();
    return new PolicyDecision(worst, decidingRule == null ? null : decidingRule.name(),
        message(worst, decidingRule, decidingAction), GatehouseException.ACCESS_DENIED,
        List.copyOf(matched), approvalRules, verdicts);
  }

  /**
   * Whether {@code principal} may read something of {@code table} (or of its {@code column}) on
   * {@code datasource}: the policy would allow, or send for approval, the plainest read of it
   * ({@link StatementAnalysis#plainRead}). {@code DatabaseMetaData} lists a table or column only
   * when this holds (issue #8: the agent's view of the schema is what it may read). The same
   * rules decide as for a statement; there is no second evaluator to drift from the first.
   */
  public boolean mayRead(Principal principal, String datasource, TableName table, String column) {
    return decide(principal, datasource, StatementAnalysis.plainRead(table, column)).effect()
        != Effect.DENY;
  }

  /**
   * The columns of {@code table} that rules on {@code datasource} name. A table no plain read
   * reaches may still have some of these readable (an allow rule listing columns), and only
   * these: a rule that names no column of a table speaks to all of them or none.
   */
  public Set<String> columnsNamed(String datasource, TableName table) {
    Set<String> out = new LinkedHashSet<>();
    for (CompiledRule r : rulesByDatasource.getOrDefault(datasource, List.of())) {
      out.addAll(r.columns.getOrDefault(table, Set.of()));
    }
    return out;
  }

  /**
   * Among actions of equal effect, which one's reason the agent is told: a rule that decided
   * (it names itself and carries the author's message) over a dangerous function refused by
   * default (its reason says what it does) over the plain default.
   */
  private static int telling(PolicyRule rule, StatementAction action) {
    return rule != null ? 2 : action.dangerous() ? 1 : 0;
  }

  private PolicyDecision notUnderstood(StatementAnalysis s) {
    String reason = s.notUnderstood().orElse("no statement found");
    Effect effect = policy.unparseable();
    String message = effect == Effect.APPROVE
        ? "not understood (" + reason + "); the policy sends such statements to a human"
        : "statement not understood, so it is denied: " + reason
            + ". Rewrite it in plainer SQL (one statement, no vendor extensions)";
    return new PolicyDecision(effect, null, message, GatehouseException.NOT_UNDERSTOOD,
        List.of(), List.of(), List.of(new PolicyDecision.ActionVerdict("unparseable", effect, null)));
  }

  private String message(Effect effect, PolicyRule rule, StatementAction action) {
    if (effect == Effect.ALLOW) {
      return "allowed";
    }
    if (rule != null) {
      String head = (effect == Effect.DENY ? "denied by rule " : "needs approval under rule ")
          + rule.name();
      return rule.message() == null || rule.message().isBlank()
          ? head + " (" + action.describe() + ")"
          : head + ": " + rule.message();
    }
    if (action.dangerous()) {
      return "denied: " + action.danger().name() + " " + action.danger().reason()
          + "; it is refused unless a policy rule names it under functions";
    }
    return (effect == Effect.DENY ? "denied by default: no policy rule allows "
        : "needs approval by default: no policy rule allows ") + action.describe();
  }

  /** One rule with its names resolved for one datasource. */
  private static final class CompiledRule {
    final PolicyRule rule;
    final Set<StatementKind> kinds;
    final Set<TableName> tables;
    final Map<TableName, Set<String>> columns;
    final List<String> functions;

    private CompiledRule(PolicyRule rule, Set<StatementKind> kinds, Set<TableName> tables,
        Map<TableName, Set<String>> columns, List<String> functions) {
      this.rule = rule;
      this.kinds = kinds;
      this.tables = tables;
      this.columns = columns;
      this.functions = functions;
    }

    static CompiledRule of(PolicyRule rule, NameResolver names) {
      RuleConditions w = rule.when();
      Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
      for (String k : w.statements()) {
        kinds.add(StatementKind.fromPolicyName(k));
      }
      Set<TableName> tables = new HashSet<>();
      for (String t : w.tables()) {
        tables.add(names.table(t));
      }
      Map<TableName, Set<String>> columns = new HashMap<>();
      for (String c : w.columns()) {
        NameResolver.QualifiedColumn qc = names.column(c);
        columns.computeIfAbsent(qc.table(), x -> new HashSet<>()).add(qc.column());
      }
      return new CompiledRule(rule, kinds, Set.copyOf(tables), Map.copyOf(columns),
          List.copyOf(w.functions()));
    }

    boolean matches(Principal p, StatementAction a, StatementAnalysis s) {
      RuleConditions w = rule.when();
      if (!w.principals().isEmpty() && !anyPrincipal(p, w.principals())) {
        return false;
      }
      if (a.dangerous()) {
        // only a rule that names the function speaks about it
        if (functions.stream().noneMatch(f -> a.danger().name().equalsIgnoreCase(f)
            || new FunctionName(null, a.danger().name()).matches(f))) {
          return false;
        }
        return statementLevel(s);
      }
      if (grantsOnlyCalls()) {
        // "allow these functions" speaks about the calls, never about what else the statement
        // does: a DELETE that reads its ids from CSVREAD needs its own allow
        return false;
      }
      if (!kinds.isEmpty() && !kinds.contains(a.kind())) {
        return false;
      }
      if (tables.isEmpty() && rule.effect() == Effect.ALLOW
          && SystemCatalogs.contains(a.table())) {
        // the catalogs show other sessions' SQL and the users: only a rule naming them allows
        return false;
      }
      if (!tables.isEmpty() && (a.table() == null || !tables.contains(a.table()))) {
        return false;
      }
      if (!columns.isEmpty() && !columnsMatch(a, s)) {
        return false;
      }
      if (!functions.isEmpty() && !callsAny(s)) {
        return false;
      }
      if (w.withoutWhere() != null) {
        boolean unrestricted = a.table() == null
            ? !s.tablesWithoutWhere().isEmpty()
            : s.tablesWithoutWhere().contains(a.table());
        if (unrestricted != w.withoutWhere()) {
          return false;
        }
      }
      return w.withoutLimit() == null || w.withoutLimit() == !s.hasLimit();
    }

    /** An allow rule that names functions but no statements, tables or columns. */
    private boolean grantsOnlyCalls() {
      return rule.effect() == Effect.ALLOW && !functions.isEmpty() && kinds.isEmpty()
          && tables.isEmpty() && columns.isEmpty();
    }

    /** Conditions of a rule naming a dangerous function, checked against the whole statement. */
    private boolean statementLevel(StatementAnalysis s) {
      RuleConditions w = rule.when();
      if (!kinds.isEmpty() && s.kinds().stream().noneMatch(kinds::contains)) {
        return false;
      }
      if (!tables.isEmpty() && touched(s).stream().noneMatch(tables::contains)) {
        return false;
      }
      if (w.withoutWhere() != null && w.withoutWhere() == s.tablesWithoutWhere().isEmpty()) {
        return false;
      }
      return w.withoutLimit() == null || w.withoutLimit() == !s.hasLimit();
    }

    private static Set<TableName> touched(StatementAnalysis s) {
      Set<TableName> all = new HashSet<>(s.tablesRead());
      all.addAll(s.tablesWritten());
      return all;
    }

    private boolean columnsMatch(StatementAction a, StatementAnalysis s) {
      boolean allow = rule.effect() == Effect.ALLOW;
      boolean any = false;
      boolean all = true;
      for (ColumnUse use : s.columns()) {
        for (TableName t : use.tables()) {
          if (a.table() != null && !t.equals(a.table())) {
            continue;
          }
          Set<String> listed = columns.get(t);
          boolean hit = listed != null
              && (listed.contains(use.column()) || use.wholeRow());
          any |= hit;
          all &= hit && !(use.wholeRow() && allow);
        }
      }
      return allow ? any && all : any;
    }

    private boolean callsAny(StatementAnalysis s) {
      for (FunctionName f : s.functions()) {
        for (String wanted : functions) {
          if (f.matches(wanted)) {
            return true;
          }
        }
      }
      return false;
    }

    private static boolean anyPrincipal(Principal p, List<String> selectors) {
      for (String sel : selectors) {
        if (sel.equals("any") || p.matches(sel)) {
          return true;
        }
      }
      return false;
    }
  }
}
