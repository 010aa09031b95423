package dev.gatehouse.sidecar.policy;

import java.util.List;
import java.util.Set;

/**
 * The {@code when:} of a rule. An empty list means "any"; every non-empty condition must hold.
 *
 * @param principals principal selectors ({@code group:x}, {@code user:x}, {@code scope:x})
 * @param datasources datasource names
 * @param statements statement kinds, in policy words ({@code select}, {@code delete}, …)
 * @param tables table names as written ({@code public.customers}); resolved per datasource
 * @param columns column names as written ({@code public.customers.card_number})
 * @param functions function names as written ({@code pg_read_file})
 * @param withoutWhere when set, matches only a statement that does (true) or does not (false)
 *     touch one of its tables without a WHERE restricting it
 * @param withoutLimit when set, matches only a query that has no (true) or has a (false) LIMIT
 */
public record RuleConditions(
    List<String> principals,
    List<String> datasources,
    Set<String> statements,
    List<String> tables,
    List<String> columns,
    List<String> functions,
    Boolean withoutWhere,
    Boolean withoutLimit) {
  public RuleConditions {
    principals = List.copyOf(principals);
    datasources = List.copyOf(datasources);
    statements = Set.copyOf(statements);
    tables = List.copyOf(tables);
    columns = List.copyOf(columns);
    functions = List.copyOf(functions);
  }
}
