package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.Judgement;
import dev.gatehouse.sidecar.policy.PolicyRule;
import java.util.List;

/**
 * What the sidecar decides for one SQL text, as the agent would experience it.
 *
 * @param effect allow, approve or deny
 * @param rule the deciding rule; for allow, the first rule that allowed one of its actions;
 *     {@code null} when the default, the refusal of a dangerous function, a limit or "not
 *     understood" decided
 * @param sqlState the SQLState of the refusal ({@code 42501}, {@code 42601}); {@code null} for
 *     allow
 * @param message the message the agent gets with a refusal, {@code "allowed"} otherwise
 * @param judgement the analysis and the per-statement decisions; {@code null} when the text was
 *     refused before analysis (too long)
 */
public record Verdict(
    Effect effect, String rule, String sqlState, String message, Judgement judgement) {

  static Verdict refused(String message) {
    return new Verdict(Effect.DENY, null, GatehouseException.ACCESS_DENIED, message, null);
  }

  /**
   * For approve: the approve rules involved, in policy order; a reviewer must be among the
   * approvers of each.
   */
  public List<PolicyRule> approvalRules() {
    return effect != Effect.APPROVE || judgement == null ? List.of() : judgement.approvalRules();
  }
}
