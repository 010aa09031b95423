package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.util.List;

/**
 * One rule of {@code row_filters:} (SPEC §5): every reference to the tables is rewritten so
 * that only rows satisfying {@code where} are visible, with claim values bound as parameters.
 *
 * @param where the condition as written, e.g. {@code tenant_id = :claims.tenant}
 * @param principals who the filter applies to (empty: everyone)
 * @param datasources where the rule applies (empty: everywhere)
 */
public record RowFilterRule(
    String name,
    Location location,
    List<String> tables,
    String where,
    List<String> principals,
    List<String> datasources) {
  public RowFilterRule {
    tables = List.copyOf(tables);
    principals = List.copyOf(principals);
    datasources = List.copyOf(datasources);
  }
}
