package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.AuthenticationException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.auth.TokenClaims;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.config.YamlNode;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.Judgement;
import dev.gatehouse.sidecar.policy.Limits;
import dev.gatehouse.sidecar.policy.MaskingRule;
import dev.gatehouse.sidecar.policy.Policy;
import dev.gatehouse.sidecar.policy.PolicyDecision;
import dev.gatehouse.sidecar.policy.PolicyParser;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.RowFilterRule;
import dev.gatehouse.sidecar.mask.MaskingKey;
import dev.gatehouse.sidecar.mask.MaskingView;
import dev.gatehouse.sidecar.mask.ResultMasking;
import dev.gatehouse.sidecar.server.ActivePolicy;
import dev.gatehouse.sidecar.server.GatehouseServer;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.ColumnLineage;
import dev.gatehouse.sidecar.sql.ResultLineage;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.TableName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The sidecar's identity, analysis and policy steps with no network and no database: what
 * {@code check}, {@code explain} and {@code test} run (SPEC §3, §7). It loads a policy the way
 * {@code serve} does, compiled for every datasource, and judges SQL text the way the statement
 * pipeline does before anything runs: the {@code max_sql_length} limit, then the analysis and the
 * policy, then the rule that parameters go with one statement only.
 *
 * <p>The policy is compiled by the server's own {@code ActivePolicy}: masking columns, row-filter
 * tables and row-filter conditions are checked for every datasource's dialect, so a policy
 * {@code serve} would refuse is refused here, with the rule's file and line. On top,
 * {@code datasources:} naming a datasource the configuration lacks is a warning (such a rule
 * would silently never apply).
 *
 * <p>{@link #judge} follows the pipeline's refusals before execution: limits, policy, masking
 * (predicates and writes that would leak a masked value), parameters with several statements,
 * and, for an allowed statement, the row filters' rewrite. {@link #plan} shows what an allowed
 * statement becomes: the SQL sent to the database, and the masking of each result column.
 */
public final class OfflineSidecar {
  /**
   * The datasource a policy is compiled for when no configuration names any: rules without
   * {@code datasources:} apply to it. Not a valid datasource name, so it never clashes.
   */
  static final String ANY_DATASOURCE = "(any datasource)";

  private final Map<String, SqlAnalyzer> analyzers;
  private final ActivePolicy active;
  private final IdentityConfig identity;
  private final List<ConfigProblem> warnings;

  private OfflineSidecar(Map<String, SqlAnalyzer> analyzers, ActivePolicy active,
      IdentityConfig identity, List<ConfigProblem> warnings) {
    this.analyzers = analyzers;
    this.active = active;
    this.identity = identity;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The configuration's datasources and policy.
   *
   * @throws ConfigException with every problem of the policy, including names that are not
   *     valid in some datasource's dialect
   */
  public static OfflineSidecar of(GatehouseConfig config) throws ConfigException {
    Map<String, SqlAnalyzer> analyzers = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    YamlNode.Location where = new YamlNode.Location(config.source(), 0, 0);
    for (DatasourceConfig ds : config.datasources().values()) {
      try {
        analyzers.put(ds.name(), new SqlAnalyzer(AnalyzerSettings.forDatasource(ds)));
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(where, "datasources." + ds.name() + ": " + e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Policy policy = PolicyParser.load(config.policy());
    List<ConfigProblem> warnings = new ArrayList<>(config.warnings());
    warnings.addAll(unknownDatasources(policy, analyzers.keySet()));
    warnings.addAll(broadFunctionRules(policy));
    Map<String, MaskingKey> keys = new LinkedHashMap<>();
    for (DatasourceConfig ds : config.datasources().values()) {
      keys.put(ds.name(), GatehouseServer.maskingKey(ds));
    }
    return new OfflineSidecar(analyzers, compile(policy, analyzers, keys), config.identity(),
        warnings);
  }

  /**
   * Policy files on their own, for datasources of one dialect.
   *
   * @param datasources the datasource names to compile for; empty: every name the policy itself
   *     mentions, plus one for rules that name none
   * @param defaultSchema the schema unqualified names resolve to ({@code null}: the dialect's
   *     default; MariaDB needs one, and a placeholder is used when none is given)
   */
  public static OfflineSidecar of(List<Path> policyFiles, Dialect dialect, String defaultSchema,
      Collection<String> datasources) throws ConfigException {
    Policy policy = PolicyParser.load(new PolicySource(policyFiles, null));
    Set<String> names = new LinkedHashSet<>(datasources);
    if (names.isEmpty()) {
      names.addAll(mentionedDatasources(policy));
      names.add(ANY_DATASOURCE);
    }
    String schema = defaultSchema == null && dialect == Dialect.MARIADB ? "app" : defaultSchema;
    Map<String, SqlAnalyzer> analyzers = new LinkedHashMap<>();
    Map<String, MaskingKey> keys = new LinkedHashMap<>();
    for (String name : names) {
      analyzers.put(name, new SqlAnalyzer(AnalyzerSettings.defaults(dialect, null, schema)));
      // without a configuration there is no masking_key: hashes are stable for this run only
      keys.put(name, MaskingKey.random());
    }
    return new OfflineSidecar(analyzers, compile(policy, analyzers, keys), null,
        broadFunctionRules(policy));
  }

  /**
   * Compiles the policy as {@code serve} does (the rules, the masking, the row filters'
   * conditions), so that every problem {@code serve} would refuse to start with is found here.
   */
  private static ActivePolicy compile(Policy policy, Map<String, SqlAnalyzer> analyzers,
      Map<String, MaskingKey> keys) throws ConfigException {
    try {
      return ActivePolicy.compile(policy, analyzers, keys);
    } catch (ConfigException e) {
      throw new ConfigException(withoutPlaceholder(e.problems()));
    }
  }

  /** Policy files checked alone have no datasource worth naming in a message. */
  private static List<ConfigProblem> withoutPlaceholder(List<ConfigProblem> problems) {
    String suffix = " (datasource " + ANY_DATASOURCE + ")";
    Set<ConfigProblem> out = new LinkedHashSet<>();
    for (ConfigProblem p : problems) {
      String m = p.message();
      out.add(m.endsWith(suffix)
          ? new ConfigProblem(p.location(), m.substring(0, m.length() - suffix.length())) : p);
    }
    return List.copyOf(out);
  }

  private static Set<String> mentionedDatasources(Policy policy) {
    Set<String> names = new LinkedHashSet<>();
    policy.rules().forEach(r -> names.addAll(r.when().datasources()));
    policy.masking().forEach(m -> names.addAll(m.datasources()));
    policy.rowFilters().forEach(f -> names.addAll(f.datasources()));
    return names;
  }

  /**
   * An allow rule that names functions but no statements or tables allows only the calls; an
   * author who meant "these statements may call it" needs to say which statements.
   */
  private static List<ConfigProblem> broadFunctionRules(Policy policy) {
    List<ConfigProblem> warnings = new ArrayList<>();
    for (PolicyRule r : policy.rules()) {
      if (r.effect() == Effect.ALLOW && !r.when().functions().isEmpty()
          && r.when().statements().isEmpty() && r.when().tables().isEmpty()) {
        warnings.add(new ConfigProblem(r.location(), "rule " + r.name() + ": allows only the"
            + " calls of " + String.join(" or ", r.when().functions()) + "; the statements that"
            + " make them need their own allow (add statements: to this rule to allow them)"));
      }
    }
    return warnings;
  }

  /** A rule for a datasource the configuration lacks never applies: almost always a typo. */
  private static List<ConfigProblem> unknownDatasources(Policy policy, Set<String> known) {
    List<ConfigProblem> warnings = new ArrayList<>();
    for (PolicyRule r : policy.rules()) {
      warnUnknown(warnings, r.location(), "rule " + r.name(), r.when().datasources(), known);
    }
    for (MaskingRule m : policy.masking()) {
      warnUnknown(warnings, m.location(), "masking rule " + m.name(), m.datasources(), known);
    }
    for (RowFilterRule f : policy.rowFilters()) {
      warnUnknown(warnings, f.location(), "row filter " + f.name(), f.datasources(), known);
    }
    return warnings;
  }

  private static void warnUnknown(List<ConfigProblem> warnings, YamlNode.Location where,
      String what, List<String> named, Set<String> known) {
    for (String name : named) {
      if (!known.contains(name)) {
        warnings.add(new ConfigProblem(where, what + ": datasource '" + name
            + "' is not in the configuration (" + String.join(", ", known)
            + "); it never applies there"));
      }
    }
  }

  /** The policy in force. */
  public Policy policy() {
    return active.engine().policy();
  }

  /** Datasource names, in configuration order. */
  public Set<String> datasources() {
    return analyzers.keySet();
  }

  /** The analyzer of a datasource (its dialect, default schema and names). */
  public SqlAnalyzer analyzer(String datasource) {
    SqlAnalyzer analyzer = analyzers.get(datasource);
    if (analyzer == null) {
      throw new IllegalArgumentException("no datasource '" + datasource + "'; there are: "
          + String.join(", ", analyzers.keySet()));
    }
    return analyzer;
  }

  /** Things that work but deserve a second look; {@code check} prints them. */
  public List<ConfigProblem> warnings() {
    return warnings;
  }

  /**
   * The principal a token with these claims would become, read with the configuration's issuer
   * settings (or as a development token without a configuration).
   *
   * @throws AuthenticationException when the sidecar would refuse such a token's claims
   */
  public Principal principal(Map<String, Object> claims) throws AuthenticationException {
    return TokenClaims.principal(claims, identity);
  }

  /**
   * What the sidecar decides for {@code sql} sent by {@code principal} to {@code datasource},
   * in the statement pipeline's order.
   *
   * @param parameters how many parameters are bound (only whether there are any matters)
   * @throws IllegalArgumentException when there is no such datasource
   */
  public Verdict judge(Principal principal, String datasource, String sql, int parameters) {
    SqlAnalyzer analyzer = analyzer(datasource);
    Limits limits = active.engine().policy().limits();
    if (limits.maxSqlLength() > 0 && sql.length() > limits.maxSqlLength()) {
      return Verdict.refused("the statement is " + sql.length()
          + " characters long; the policy allows at most " + limits.maxSqlLength());
    }
    Judgement judgement = Judgement.of(active.engine(), principal, datasource,
        analyzer.analyze(sql));
    PolicyDecision deciding = judgement.deciding();
    if (judgement.effect() != Effect.DENY) {
      // masking refuses before a reviewer is asked: such a statement is never worth approving
      MaskingView masking = active.maskingOf(datasource).viewOf(principal);
      for (StatementAnalysis s : judgement.analysis().statements()) {
        Optional<MaskingView.Refusal> r = masking.refusal(s);
        if (r.isPresent()) {
          return new Verdict(Effect.DENY, r.get().rule(), GatehouseException.ACCESS_DENIED,
              r.get().message(), judgement);
        }
      }
    }
    if (judgement.effect() != Effect.DENY && parameters > 0
        && judgement.analysis().statements().size() > 1) {
      return new Verdict(Effect.DENY, null, GatehouseException.ACCESS_DENIED,
          "a statement with parameters must be one statement; send the statements one by one",
          judgement);
    }
    if (judgement.effect() == Effect.ALLOW) {
      // an approved statement meets its row filters only after the reviewer: plan() shows it
      for (StatementAnalysis s : judgement.analysis().statements()) {
        try {
          active.rowFiltered(principal, datasource, s);
        } catch (GatehouseException e) {
          return new Verdict(Effect.DENY, e.rule(), e.sqlState(), e.getMessage(), judgement);
        }
      }
    }
    String sqlState = judgement.effect() == Effect.ALLOW ? null : deciding.sqlState();
    return new Verdict(judgement.effect(), deciding.rule(), sqlState, deciding.message(),
        judgement);
  }

  /**
   * What the sidecar would send to the database and how it would mask the result, for each
   * statement the verdict analysed (none when the text was refused before analysis). Row
   * filters and masking are planned whatever the decision, so that {@code explain} can show
   * them for a statement that is denied or waits for approval.
   *
   * @param columnsOf the columns of a table in order, for {@code *}; empty when unknown (then
   *     the plan's columns are {@code null} where a {@code *} needs them)
   */
  public List<StatementPlan> plan(Principal principal, String datasource, Verdict verdict,
      Function<TableName, Optional<List<String>>> columnsOf) {
    if (verdict.judgement() == null) {
      return List.of();
    }
    MaskingView masking = active.maskingOf(datasource).viewOf(principal);
    List<StatementPlan> plans = new ArrayList<>();
    for (StatementAnalysis s : verdict.judgement().analysis().statements()) {
      plans.add(plan(principal, datasource, s, masking, columnsOf));
    }
    return plans;
  }

  private StatementPlan plan(Principal principal, String datasource, StatementAnalysis s,
      MaskingView masking, Function<TableName, Optional<List<String>>> columnsOf) {
    String rewritten = null;
    List<String> filters = List.of();
    String refusal = null;
    if (s.understood()) {
      try {
        Optional<ActivePolicy.RowFiltered> f = active.rowFiltered(principal, datasource, s);
        if (f.isPresent()) {
          rewritten = f.get().rewritten().sql();
          filters = f.get().filters();
        }
      } catch (GatehouseException e) {
        refusal = e.getMessage();
      }
    }
    ResultLineage lineage = s.lineage();
    Optional<List<ColumnLineage>> expanded = lineage.expand(columnsOf);
    List<StatementPlan.OutputColumn> columns = null;
    Map<String, Map<String, String>> stars = new LinkedHashMap<>();
    if (expanded.isPresent()) {
      List<ColumnLineage> lineages = expanded.get();
      ResultMasking result = masking.forResult(expanded, lineage.allSources(), lineages.size());
      columns = new ArrayList<>();
      for (int i = 0; i < lineages.size(); i++) {
        columns.add(column(i, lineages.get(i).label(), result.action(i)));
      }
    } else {
      for (ResultLineage.Item item : lineage.items()) {
        if (item instanceof ResultLineage.Item.Star star) {
          Map<String, String> masked = new LinkedHashMap<>();
          masking.maskedColumnsOf(star.table()).forEach((column, rule) ->
              masked.put(column, method(rule.method()) + " (rule " + rule.name() + ")"));
          stars.put(star.table().qualified(), masked);
        }
      }
    }
    return new StatementPlan(s, rewritten, filters, refusal, columns, stars,
        lineage.uncertain(), masking.detects());
  }

  private StatementPlan.OutputColumn column(int i, String label, ResultMasking.Action a) {
    String method = null;
    if (a.kind() == ResultMasking.Kind.METHOD) {
      method = a.nullOnly() ? "null" : method(ruleNamed(a.rule()).method());
    } else if (a.kind() == ResultMasking.Kind.REDACT) {
      method = a.nullOnly() ? "null" : "redact";
    }
    return new StatementPlan.OutputColumn(i + 1, label, a.kind(), a.rule(), method);
  }

  private MaskingRule ruleNamed(String name) {
    for (MaskingRule m : policy().masking()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalStateException("no masking rule " + name);
  }

  private static String method(MaskingRule.MaskMethod m) {
    return m.name().toLowerCase(Locale.ROOT);
  }
}
