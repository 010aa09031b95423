package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.auth.AuthenticationException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.PolicySource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs policy test case files (SPEC §7): the engine behind the {@code test} command and the
 * JUnit tests that run case files, so both judge a case the same way.
 *
 * <p>A file is read and checked whole first (its own problems and its policy's, each with file
 * and line); then every case is judged by an {@link OfflineSidecar}, as the statement pipeline
 * would judge it. Cases that expect {@code rows:} are then run for real: through the Gatehouse
 * driver against an in-process sidecar on an H2 database built from the file's seed, one
 * sidecar per file, each case in a transaction that is rolled back.
 *
 * <p>{@code masked:} and {@code rewritten:} are checked against the {@link OfflineSidecar#plan
 * plan} of the statement, which the server's own masking and row-filter code computes (see
 * {@link Plans} for how they compare); a {@code *} expands to the seed's columns, as the sidecar
 * expands it from the database's metadata. A case that asks for what cannot be told (the columns
 * of a {@code *} without a seed) fails saying so: a test never passes by checking less than it
 * asks.
 */
public final class PolicyTestRunner {
  private final GatehouseConfig config;
  private OfflineSidecar configured;

  private PolicyTestRunner(GatehouseConfig config) {
    this.config = config;
  }

  /** Each case file brings its own policy ({@code policy:}) and dialect. */
  public static PolicyTestRunner standalone() {
    return new PolicyTestRunner(null);
  }

  /** Every case file is run against this configuration's datasources and policy. */
  public static PolicyTestRunner withConfig(GatehouseConfig config) {
    return new PolicyTestRunner(Objects.requireNonNull(config, "config"));
  }

  /** Runs one case file. Never throws for a bad file: its problems are in the report. */
  public CaseFileReport run(Path file) {
    CaseFile cases;
    OfflineSidecar sidecar;
    try {
      cases = CaseFileReader.read(file, config != null);
      sidecar = sidecar(cases);
    } catch (ConfigException e) {
      return CaseFileReport.unusable(file, e.problems());
    }
    Map<PolicyCase, Principal> principals = new LinkedHashMap<>();
    List<ConfigProblem> problems = check(cases, sidecar, principals);
    if (!problems.isEmpty()) {
      return CaseFileReport.unusable(file, problems);
    }
    List<CaseResult> results = new ArrayList<>();
    try (SeededSidecar seeded = new SeededSidecar(policySource(cases), cases.seed(),
        rowsDatasources(cases, sidecar))) {
      for (PolicyCase c : cases.cases()) {
        results.add(run(c, principals.get(c), sidecar, seeded));
      }
    }
    return new CaseFileReport(file, List.of(), cases.notes(), results);
  }

  private OfflineSidecar sidecar(CaseFile cases) throws ConfigException {
    if (config == null) {
      Set<String> names = new LinkedHashSet<>();
      cases.cases().forEach(c -> names.add(c.datasource()));
      return OfflineSidecar.of(cases.policyFiles(), cases.dialect(), cases.defaultSchema(),
          names);
    }
    if (configured == null) {
      configured = OfflineSidecar.of(config);
    }
    return configured;
  }

  /** What can only be checked once the policy is loaded: datasources and claims. */
  private static List<ConfigProblem> check(CaseFile cases, OfflineSidecar sidecar,
      Map<PolicyCase, Principal> principals) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (PolicyCase c : cases.cases()) {
      if (!sidecar.datasources().contains(c.datasource())) {
        problems.add(new ConfigProblem(c.datasourceLocation(), "datasource: no datasource '"
            + c.datasource() + "' in the configuration (there are "
            + String.join(", ", sidecar.datasources()) + ")"));
        continue;
      }
      Dialect dialect = sidecar.analyzer(c.datasource()).names().dialect();
      if (c.expect().rows() != null && dialect != Dialect.H2) {
        problems.add(new ConfigProblem(c.expect().location(), "rows: are checked on H2; datasource "
            + c.datasource() + " is " + dialect.name().toLowerCase(Locale.ROOT)));
      }
      try {
        principals.put(c, sidecar.principal(c.claims()));
      } catch (AuthenticationException e) {
        problems.add(new ConfigProblem(c.claimsLocation(), "claims: the sidecar would refuse"
            + " such a token: " + e.getMessage()));
      }
    }
    return problems;
  }

  private PolicySource policySource(CaseFile cases) {
    return config != null ? config.policy() : new PolicySource(cases.policyFiles(), null);
  }

  /**
   * The datasources the seeded sidecar serves: those of cases with {@code rows:}, and, when the
   * file has a seed, of cases with {@code masked:} (whose {@code *} expands to the seed's
   * columns, as the sidecar expands it from the database's).
   */
  private static Set<String> rowsDatasources(CaseFile cases, OfflineSidecar sidecar) {
    Set<String> names = new LinkedHashSet<>();
    for (PolicyCase c : cases.cases()) {
      if (c.expect().rows() != null) {
        names.add(c.datasource());
      } else if (c.expect().masked() != null && cases.seed() != null
          && sidecar.analyzer(c.datasource()).names().dialect() == Dialect.H2) {
        names.add(c.datasource());
      }
    }
    return names;
  }

  private static CaseResult run(PolicyCase c, Principal principal, OfflineSidecar sidecar,
      SeededSidecar seeded) {
    Verdict verdict = sidecar.judge(principal, c.datasource(), c.sql(), c.params().size());
    List<String> failures = new ArrayList<>(Expectations.compare(c.expect(), verdict));
    if (c.expect().masked() != null || c.expect().rewritten() != null) {
      List<StatementPlan> plans = sidecar.plan(principal, c.datasource(), verdict,
          table -> seeded.columnsOf(c, principal, table));
      failures.addAll(Plans.compare(c.expect(), verdict, plans));
    }
    if (c.expect().rows() != null && failures.isEmpty()) {
      failures.addAll(seeded.checkRows(c, principal));
    }
    return new CaseResult(c, verdict, failures);
  }
}
