package dev.gatehouse.sidecar.policy;

import java.util.List;

/**
 * A loaded policy (SPEC §5): the rules that decide each statement, what is masked, which rows
 * each principal sees, and the limits. Immutable; a reload builds a new one and swaps it in.
 *
 * @param defaultEffect what happens when no rule matches
 * @param unparseable what happens to a statement that cannot be parsed or fully analysed: deny
 *     (the default) or approve (a human may let it through)
 */
public record Policy(
    Effect defaultEffect,
    Effect unparseable,
    List<PolicyRule> rules,
    List<MaskingRule> masking,
    List<RowFilterRule> rowFilters,
    Limits limits) {
  public Policy {
    rules = List.copyOf(rules);
    masking = List.copyOf(masking);
    rowFilters = List.copyOf(rowFilters);
  }
}
