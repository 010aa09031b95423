package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.sql.Analysis;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * The decision that sets the overall effect (the first denial, else the first approval). For
   * an approval, its {@link PolicyDecision#approvalRules()} cover that statement only: who may
   * approve the whole text is {@link #approvalRules()}.
   */
  public PolicyDecision deciding() {
    Effect overall = effect();
    for (PolicyDecision d : decisions) {
      if (d.effect() == overall) {
        return d;
      }
    }
    return decisions.get(0);
  }

  /**
   * When the text needs approval: the approve rules of every statement that needs it, in order
   * of first appearance. A reviewer must be an approver of each, or approving
   * {@code UPDATE …; DELETE …} under the update's rule would also let through a delete whose
   * rule names other approvers.
   */
  public List<PolicyRule> approvalRules() {
    if (effect() != Effect.APPROVE) {
      return List.of();
    }
    Set<PolicyRule> rules = new LinkedHashSet<>();
    for (PolicyDecision d : decisions) {
      rules.addAll(d.approvalRules());
    }
    return List.copyOf(rules);
  }

  public StatementAnalysis statement(int i) {
    return analysis.statements().get(i);
  }
}
