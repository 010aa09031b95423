package dev.gatehouse.sidecar.approval;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.policy.PolicyRule;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A statement held for a human's decision. It is bound to exactly what was asked: the
 * principal, the datasource, the statement text and its parameters; the agent's own waiting
 * call is the only thing an approval releases, so an approval can't be reused for anything else.
 *
 * @param sql the statement exactly as sent
 * @param parameters its parameters as a reviewer sees them (redacted unless configured not to)
 * @param rules the approve rules that hold it; a reviewer must be an approver of each
 */
public record PendingRequest(
    String id,
    Principal requester,
    String session,
    String datasource,
    String sql,
    List<String> parameters,
    List<PolicyRule> rules,
    Instant requestedAt,
    Instant expiresAt,
    CompletableFuture<Verdict> verdict) {
  public PendingRequest {
    parameters = List.copyOf(parameters);
    rules = List.copyOf(rules);
  }

  public List<String> ruleNames() {
    return rules.stream().map(PolicyRule::name).toList();
  }

  /** Everyone named as an approver by any of the rules (each rule's list must be satisfied). */
  public List<String> approvers() {
    return rules.stream().flatMap(r -> r.approvers().stream()).distinct().toList();
  }
}
