package dev.gatehouse.sidecar.policy;

import java.util.List;

/**
 * The policy's verdict on one statement (SPEC §5): the effect, the rule that decided and the
 * message the agent sees, plus every action the statement was decomposed into with its own
 * verdict, for {@code explain} and the audit log.
 *
 * @param effect allow, approve or deny
 * @param rule the deciding rule, or {@code null} when the default (or the fail-closed refusal of
 *     a dangerous function or an unparseable statement) decided
 * @param message for the agent: what was decided and why, naming the rule
 * @param sqlState 42501 for policy denials, 42601 for statements not understood
 * @param matchedRules names of every rule that matched some action, in policy order
 * @param approvalRules for approve: the approve rules involved (a reviewer must be an approver of
 *     each), in policy order
 * @param actions each action of the statement with its verdict
 */
public record PolicyDecision(
    Effect effect,
    String rule,
    String message,
    String sqlState,
    List<String> matchedRules,
    List<PolicyRule> approvalRules,
    List<ActionVerdict> actions) {
  public PolicyDecision {
    matchedRules = List.copyOf(matchedRules);
    approvalRules = List.copyOf(approvalRules);
    actions = List.copyOf(actions);
  }

  public boolean allowed() {
    return effect == Effect.ALLOW;
  }

  /**
   * One thing a statement does, judged on its own.
   *
   * @param action e.g. "select on public.customers", "call of pg_read_file"
   * @param effect its effect
   * @param rule the rule that decided it, or {@code null} for the default
   */
  public record ActionVerdict(String action, Effect effect, String rule) {}
}
