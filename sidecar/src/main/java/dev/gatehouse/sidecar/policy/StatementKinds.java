package dev.gatehouse.sidecar.policy;

import java.util.List;

/** The statement kinds a rule can name in {@code statements:}. */
final class StatementKinds {
  private StatementKinds() {}

  static final List<String> POLICY_WORDS =
      List.of("select", "insert", "update", "delete", "merge", "ddl", "grant", "set", "transaction",
          "call", "copy", "explain", "lock", "show", "other");
}
