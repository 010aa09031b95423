package dev.gatehouse.bench.jmh;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.policy.Judgement;
import dev.gatehouse.sidecar.policy.Policy;
import dev.gatehouse.sidecar.policy.PolicyEngine;
import dev.gatehouse.sidecar.policy.PolicyParser;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: what analysis and policy cost per statement — the SQL analyzer (lexer, cache,
 * JSqlParser, the walk) followed by the policy's judgement, as the pipeline runs them. Warm: the
 * same text again, answered from the analysis cache. Cold: a text never seen before (a fresh
 * column alias each call), so every call parses and walks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBenchmark {
  static final String POINT = "SELECT id, name, amount FROM customers WHERE id = ?";
  static final String JOIN = "SELECT c.id, c.name, sum(o.total) AS spent FROM customers c"
      + " JOIN orders o ON o.customer_id = c.id WHERE c.region = ? AND o.placed > ?"
      + " GROUP BY c.id, c.name ORDER BY spent DESC LIMIT 10";
  static final String POLICY = String.join("\n",
      "default: deny",
      "rules:",
      "  - name: no-ddl",
      "    when: { statements: [ddl, grant] }",
      "    effect: deny",
      "  - name: agents-read",
      "    when: { principals: [group:agents], statements: [select] }",
      "    effect: allow",
      "  - name: no-secrets",
      "    when: { tables: [secrets, credentials] }",
      "    effect: deny",
      "  - name: agents-update-orders",
      "    when: { principals: [group:agents], statements: [update], tables: [orders] }",
      "    effect: approve",
      "    approvers: [group:managers]",
      "  - name: ops-write",
      "    when: { principals: [group:ops], statements: [insert, update, delete] }",
      "    effect: allow",
      "");

  private SqlAnalyzer analyzer;
  private PolicyEngine engine;
  private Principal principal;
  private long fresh;

  @Setup
  public void setup() throws ConfigException {
    analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.H2, null, null));
    Policy policy = PolicyParser.parse(POLICY, Path.of("bench-policy.yaml"));
    engine = PolicyEngine.compile(policy, Map.of("db", analyzer.names()));
    principal = new Principal("agent-1", "https://issuer.example", Set.of("agents"), Set.of(),
        Map.of(), Instant.now().plusSeconds(3600));
  }

  private Judgement judge(String sql) {
    return Judgement.of(engine, principal, "db", analyzer.analyze(sql));
  }

  @Benchmark
  public Judgement warmPointQuery() {
    return judge(POINT);
  }

  @Benchmark
  public Judgement warmJoin() {
    return judge(JOIN);
  }

  @Benchmark
  public Judgement coldPointQuery() {
    return judge("SELECT id AS k" + fresh++ + ", name, amount FROM customers WHERE id = ?");
  }

  @Benchmark
  public Judgement coldJoin() {
    return judge(JOIN.replace("AS spent", "AS spent" + fresh++));
  }
}
