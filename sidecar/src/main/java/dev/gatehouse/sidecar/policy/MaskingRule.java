package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.util.List;
import java.util.Set;

/**
 * One rule of {@code masking:} (SPEC §5): either named columns, or content detectors, or both.
 *
 * @param columns column names as written ({@code public.customers.card_number})
 * @param detect content detectors that scan every string value leaving the sidecar
 * @param method how a masked value is shown
 * @param predicates what the agent may do with a masked column in WHERE, JOIN, ORDER BY, GROUP BY
 * @param exempt principal selectors who see originals
 * @param datasources where the rule applies (empty: everywhere)
 */
public record MaskingRule(
    String name,
    Location location,
    List<String> columns,
    Set<Detector> detect,
    MaskMethod method,
    PredicateUse predicates,
    List<String> exempt,
    List<String> datasources) {
  public MaskingRule {
    columns = List.copyOf(columns);
    detect = Set.copyOf(detect);
    exempt = List.copyOf(exempt);
    datasources = List.copyOf(datasources);
  }

  /** How a masked value is shown. */
  public enum MaskMethod {
    /** a fixed placeholder */
    REDACT,
    /** SQL NULL */
    NULL,
    /** everything but the last four characters replaced */
    LAST4,
    /** a keyed hash, stable per datasource so joins across results still work */
    HASH,
    /** the local part replaced, the domain kept */
    EMAIL
  }

  /** What predicates may do with a masked column. */
  public enum PredicateUse {
    /** anything */
    ALLOW,
    /** {@code =}, {@code IN}, {@code IS NULL} and equality joins only */
    EQUALITY,
    /** the column may not appear in predicates at all */
    DENY
  }

  /** Content detectors. */
  public enum Detector {
    CREDIT_CARD,
    EMAIL,
    US_SSN,
    IBAN,
    SECRET
  }
}
