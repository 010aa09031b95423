package dev.gatehouse.sidecar.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision corpus: SQL texts with the decision and deciding rule the policy in
 * {@code corpus-policy.yaml} must reach, for PostgreSQL, H2 and MariaDB syntax. Most lines are
 * attacks: a way an agent might hide what a statement does.
 */
class DecisionCorpusTest {
  static final Map<String, SqlAnalyzer> ANALYZERS = new LinkedHashMap<>();
  static PolicyEngine engine;

  record Case(int line, String dialect, Set<String> groups, Effect effect, String rule, String sql) {
    @Override
    public String toString() {
      return "line " + line + ": " + dialect + " " + groups + " " + sql;
    }
  }

  @BeforeAll
  static void compile() throws Exception {
    ANALYZERS.put("postgresql", new SqlAnalyzer(
        AnalyzerSettings.defaults(Dialect.POSTGRESQL, null, null)));
    ANALYZERS.put("h2", new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.H2, null, null)));
    ANALYZERS.put("mariadb", new SqlAnalyzer(
        AnalyzerSettings.defaults(Dialect.MARIADB, null, "public")));
    Path policy = Files.createTempFile("corpus-policy", ".yaml");
    try (InputStream in = resource("corpus-policy.yaml")) {
      Files.write(policy, in.readAllBytes());
    }
    Map<String, dev.gatehouse.sidecar.sql.NameResolver> resolvers = new LinkedHashMap<>();
    ANALYZERS.forEach((name, a) -> resolvers.put(name, a.names()));
    engine = PolicyEngine.compile(PolicyParser.load(policy), resolvers);
  }

  static InputStream resource(String name) {
    return DecisionCorpusTest.class.getResourceAsStream("/policy/" + name);
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    String[] lines;
    try (InputStream in = resource("decision-corpus.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
    }
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|", 5);
      Set<String> groups = Arrays.stream(f[1].trim().split(",")).map(String::trim)
          .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
      String rule = f[3].trim();
      out.add(new Case(i + 1, f[0].trim(), groups,
          Effect.valueOf(f[2].trim().toUpperCase(Locale.ROOT)), rule.equals("-") ? null : rule,
          f[4].trim().replace("\\n", "\n")));
    }
    return out;
  }

  static Principal principal(Set<String> groups) {
    return new Principal("agent-7", "https://idp.example/", groups, Set.of(),
        Map.of("sub", "agent-7"), Instant.now().plusSeconds(300));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void decidesAsTheCorpusSays(Case c) {
    Judgement j = Judgement.of(engine, principal(c.groups()), c.dialect(),
        ANALYZERS.get(c.dialect()).analyze(c.sql()));
    PolicyDecision d = j.deciding();
    String detail = d.message() + " / actions " + d.actions();
    assertEquals(c.effect(), j.effect(), detail);
    if (c.rule() != null && c.effect() == Effect.ALLOW) {
      assertTrue(d.matchedRules().contains(c.rule()), c.rule() + " allowed it: " + detail);
    } else if (c.rule() != null) {
      assertEquals(c.rule(), d.rule(), detail);
    } else if (c.effect() != Effect.ALLOW) {
      assertTrue(d.rule() == null, "decided by default or refusal, not by a rule: " + detail);
    }
  }
}
