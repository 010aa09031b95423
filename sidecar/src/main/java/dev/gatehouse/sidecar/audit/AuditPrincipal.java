package dev.gatehouse.sidecar.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who an audit event is about: the token's subject, issuer and groups (SPEC §8), recorded as the
 * nested object {@code "principal": {"groups": […], "iss": …, "sub": …}}.
 *
 * <p>Kept separate from the auth package's principal so the log's shape does not change when the
 * token model does. Groups are sorted: they are a set, and a stable order keeps records
 * comparable.
 *
 * @param sub the subject claim; may be {@code null} for an authentication failure with no valid
 *     token
 * @param iss the issuer; may be {@code null}
 * @param groups the groups, sorted; never {@code null}
 */
public record AuditPrincipal(String sub, String iss, List<String> groups) {
  public AuditPrincipal {
    List<String> sorted = new ArrayList<>();
    for (String group : Objects.requireNonNullElse(groups, List.<String>of())) {
      sorted.add(Objects.requireNonNull(group, "group"));
    }
    sorted.sort(null);
    groups = List.copyOf(sorted);
  }

  /** A principal from any collection of groups (a set, typically). */
  public static AuditPrincipal of(String sub, String iss, Collection<String> groups) {
    return new AuditPrincipal(sub, iss, groups == null ? List.of() : List.copyOf(groups));
  }
}
