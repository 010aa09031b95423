package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.time.Duration;
import java.util.List;

/**
 * One rule of {@code rules:} (SPEC §5).
 *
 * @param name unique within the policy; named in denials, audit records and approvals
 * @param location where the rule is written, for {@code check} and {@code explain}
 * @param when the conditions, all of which must hold for the rule to match
 * @param effect allow, deny or approve
 * @param message shown to the agent with a denial, so it can correct itself
 * @param approvers principal selectors of who may approve (effect approve only)
 * @param grant after an approval, how long the approved principal may run statements matching
 *     this rule without asking again; {@code null} for single-use approvals
 */
public record PolicyRule(
    String name,
    Location location,
    RuleConditions when,
    Effect effect,
    String message,
    List<String> approvers,
    Duration grant) {
  public PolicyRule {
    approvers = List.copyOf(approvers);
  }
}
