package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.sql.Analysis;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import java.util.List;

/**
 * What the policy makes of one SQL text: its analysis and a decision per statement (SPEC §5,
 * "every statement counts": one denial denies the whole text).
 *
 * @param analysis the statements as the analysis saw them
 * @param decisions one per statement, in order
 */
public record Judgement(Analysis analysis, List<PolicyDecision> decisions) {
  public Judgement {
    decisions = List.copyOf(decisions);
  }

  /** Judges every statement of {@code analysis}. */
  public static Judgement of(
      PolicyEngine engine,
      dev.gatehouse.sidecar.auth.Principal principal,
      String datasource,
      Analysis analysis) {
    List<PolicyDecision> decisions =
        analysis.statements().stream().map(s -> engine.decide(principal, datasource, s)).toList();
    return new Judgement(analysis, decisions);
  }

  /** The strongest effect over all statements. */
  public Effect effect() {
    Effect e = Effect.ALLOW;
    for (PolicyDecision d : decisions) {
      e = e.strongest(d.effect());
    }
    return e;
  }

  /** The decision that sets the overall effect (the first denial, else the first approval). */
  public PolicyDecision deciding() {
    Effect overall = effect();
    for (PolicyDecision d : decisions) {
      if (d.effect() == overall) {
        return d;
      }
    }
    return decisions.get(0);
  }

  public StatementAnalysis statement(int i) {
    return analysis.statements().get(i);
  }
}
