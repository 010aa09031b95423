package dev.gatehouse.sidecar.policy;

import java.util.List;

/** The statement kinds a rule can name in {@code statements:}. */
final class StatementKinds {
  private StatementKinds() {}

  static final List<String> POLICY_WORDS =
      java.util.Arrays.stream(dev.gatehouse.sidecar.sql.StatementKind.values())
          .map(dev.gatehouse.sidecar.sql.StatementKind::policyName)
          .toList();
}
