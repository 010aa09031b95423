package dev.gatehouse.sidecar.approval;

import java.time.Instant;
import java.util.List;

/**
 * Time-boxed elevated access (a rule's {@code grant:}): after an approval, the approved principal
 * may run statements held by the same rules on the same datasource without asking again, until
 * {@code expiresAt} or a revocation.
 *
 * @param principalId the approved principal's {@code issuer#subject}
 * @param rules the rule names the grant opens
 */
public record Grant(
    String id,
    String principalId,
    String subject,
    String issuer,
    String datasource,
    List<String> rules,
    String approvedBy,
    Instant grantedAt,
    Instant expiresAt) {
  public Grant {
    rules = List.copyOf(rules);
  }

  boolean covers(String principal, String ds, List<String> ruleNames, Instant now) {
    return principalId.equals(principal) && datasource.equals(ds) && now.isBefore(expiresAt)
        && rules.containsAll(ruleNames);
  }
}
