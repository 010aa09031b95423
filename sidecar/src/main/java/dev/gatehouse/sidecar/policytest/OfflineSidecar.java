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
import dev.gatehouse.sidecar.policy.PolicyEngine;
import dev.gatehouse.sidecar.policy.PolicyParser;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.RowFilterRule;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sidecar's identity, analysis and policy steps with no network and no database: what
 * {@code check}, {@code explain} and {@code test} run (SPEC §3, §7). It loads a policy the way
 * {@code serve} does, compiled for every datasource, and judges SQL text the way the statement
 * pipeline does before anything runs: the {@code max_sql_length} limit, then the analysis and the
 * policy, then the rule that parameters go with one statement only.
 *
 * <p>It checks a little more than {@code serve} does today: masking columns and row-filter
 * tables must be names in each datasource's dialect, and {@code datasources:} naming a datasource
 * the configuration lacks is a warning (such a rule would silently never apply).
 */
public final class OfflineSidecar {
  /**
   * The datasource a policy is compiled for when no configuration names any: rules without
   * {@code datasources:} apply to it. Not a valid datasource name, so it never clashes.
   */
  static final String ANY_DATASOURCE = "(any datasource)";

  private final Map<String, SqlAnalyzer> analyzers;
  private final PolicyEngine engine;
  private final IdentityConfig identity;
  private final List<ConfigProblem> warnings;

  private OfflineSidecar(Map<String, SqlAnalyzer> analyzers, PolicyEngine engine,
      IdentityConfig identity, List<ConfigProblem> warnings) {
    this.analyzers = analyzers;
    this.engine = engine;
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
    return new OfflineSidecar(analyzers, compile(policy, analyzers), config.identity(), warnings);
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
    for (String name : names) {
      analyzers.put(name, new SqlAnalyzer(AnalyzerSettings.defaults(dialect, null, schema)));
    }
    return new OfflineSidecar(analyzers, compile(policy, analyzers), null,
        broadFunctionRules(policy));
  }

  private static PolicyEngine compile(Policy policy, Map<String, SqlAnalyzer> analyzers)
      throws ConfigException {
    Map<String, NameResolver> resolvers = new LinkedHashMap<>();
    analyzers.forEach((name, analyzer) -> resolvers.put(name, analyzer.names()));
    List<ConfigProblem> problems = new ArrayList<>();
    PolicyEngine engine = null;
    try {
      engine = PolicyEngine.compile(policy, resolvers);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(unresolvableNames(policy, resolvers));
    if (!problems.isEmpty()) {
      throw new ConfigException(withoutPlaceholder(problems));
    }
    return engine;
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

  /** Masking columns and row-filter tables that are no names in some datasource's dialect. */
  private static List<ConfigProblem> unresolvableNames(Policy policy,
      Map<String, NameResolver> resolvers) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (var ds : resolvers.entrySet()) {
      for (MaskingRule m : policy.masking()) {
        if (!m.datasources().isEmpty() && !m.datasources().contains(ds.getKey())) {
          continue;
        }
        for (String column : m.columns()) {
          try {
            ds.getValue().column(column);
          } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(m.location(), "masking rule " + m.name() + ": "
                + e.getMessage() + " (datasource " + ds.getKey() + ")"));
          }
        }
      }
      for (RowFilterRule f : policy.rowFilters()) {
        if (!f.datasources().isEmpty() && !f.datasources().contains(ds.getKey())) {
          continue;
        }
        for (String table : f.tables()) {
          try {
            ds.getValue().table(table);
          } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(f.location(), "row filter " + f.name() + ": "
                + e.getMessage() + " (datasource " + ds.getKey() + ")"));
          }
        }
      }
    }
    return problems;
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
    return engine.policy();
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
    Limits limits = engine.policy().limits();
    if (limits.maxSqlLength() > 0 && sql.length() > limits.maxSqlLength()) {
      return Verdict.refused("the statement is " + sql.length()
          + " characters long; the policy allows at most " + limits.maxSqlLength());
    }
    Judgement judgement = Judgement.of(engine, principal, datasource, analyzer.analyze(sql));
    PolicyDecision deciding = judgement.deciding();
    if (judgement.effect() == Effect.ALLOW && parameters > 0
        && judgement.analysis().statements().size() > 1) {
      return new Verdict(Effect.DENY, null, GatehouseException.ACCESS_DENIED,
          "a statement with parameters must be one statement; send the statements one by one",
          judgement);
    }
    String sqlState = judgement.effect() == Effect.ALLOW ? null : deciding.sqlState();
    return new Verdict(judgement.effect(), deciding.rule(), sqlState, deciding.message(),
        judgement);
  }
}
