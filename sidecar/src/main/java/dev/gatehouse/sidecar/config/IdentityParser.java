package dev.gatehouse.sidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code identity:} — which tokens the sidecar trusts (SPEC §4). */
final class IdentityParser {
  /** Larger tolerances turn "expired" into "expired a while ago", which is no check at all. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Pattern CLAIM_PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

  private IdentityParser() {}

  /** The identity section, or {@code null} after recording why it can't be used. */
  static IdentityConfig parse(MappingReader root) {
    if (!root.has("identity")) {
      root.problems()
          .error(
              root.locationOf("identity"),
              "identity: missing; add identity.issuers so the sidecar knows which tokens to trust");
      return null;
    }
    MappingReader identity = root.mapping("identity");
    if (identity == null) {
      return null;
    }
    identity.allowOnly("issuers", "max_token_age", "clock_skew");
    List<IssuerConfig> issuers = issuers(identity);
    Duration maxTokenAge =
        identity.duration("max_token_age", IdentityConfig.DEFAULT_MAX_TOKEN_AGE, false);
    Duration clockSkew =
        identity.duration("clock_skew", IdentityConfig.DEFAULT_CLOCK_SKEW, true, MAX_CLOCK_SKEW);
    return issuers == null ? null : new IdentityConfig(issuers, maxTokenAge, clockSkew);
  }

  private static List<IssuerConfig> issuers(MappingReader identity) {
    String none =
        "identity.issuers: at least one issuer is required; without one every token is refused";
    if (!identity.has("issuers")) {
      identity.problems().error(identity.locationOf("issuers"), none);
      return null;
    }
    YamlNode.Sequence list = identity.list("issuers");
    if (list == null) {
      return null;
    }
    if (list.items().isEmpty()) {
      identity.problems().error(list.location(), none);
      return null;
    }
    List<IssuerConfig> issuers = new ArrayList<>();
    Map<String, Integer> lineOfIssuer = new HashMap<>();
    boolean failed = false;
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String path = "identity.issuers[" + i + "]";
      MappingReader entry = MappingReader.of(item, path, item.location(), identity.context());
      IssuerConfig issuer = entry == null ? null : issuer(entry, lineOfIssuer);
      failed |= issuer == null;
      if (issuer != null) {
        issuers.add(issuer);
      }
    }
    return failed ? null : issuers;
  }

  private static IssuerConfig issuer(MappingReader entry, Map<String, Integer> lineOfIssuer) {
    entry.allowOnly("issuer", "audiences", "jwks_uri", "jwks_file", "groups_claim", "algorithms");
    ScalarValue issuer = entry.requiredText("issuer");
    if (issuer != null && entry.url(issuer, entry.pathOf("issuer")) != null) {
      Integer earlier = lineOfIssuer.putIfAbsent(issuer.text(), issuer.location().line());
      if (earlier != null) {
        entry
            .problems()
            .error(
                issuer.location(),
                entry.pathOf("issuer")
                    + ": "
                    + issuer.shown()
                    + " is already listed at line "
                    + earlier);
      }
    }
    List<String> audiences = audiences(entry);
    URI jwksUri = entry.url("jwks_uri");
    Path jwksFile = entry.existingFile("jwks_file");
    if (entry.has("jwks_uri") && entry.has("jwks_file")) {
      entry
          .problems()
          .error(
              entry.locationOf("jwks_file"),
              entry.path()
                  + ": set either jwks_uri or jwks_file, not both; which keys to trust must be"
                  + " unambiguous");
    }
    String groupsClaim = groupsClaim(entry);
    List<String> algorithms = algorithms(entry);
    if (entry.problems().hasErrors()) {
      return null;
    }
    return new IssuerConfig(issuer.text(), audiences, jwksUri, jwksFile, groupsClaim, algorithms);
  }

  private static List<String> audiences(MappingReader entry) {
    if (!entry.has("audiences")) {
      return entry.missing("audiences");
    }
    YamlNode.Sequence list = entry.list("audiences");
    if (list == null) {
      return null;
    }
    if (list.items().isEmpty()) {
      entry
          .problems()
          .error(list.location(), entry.pathOf("audiences") + ": must name at least one audience");
    }
    List<String> audiences = new ArrayList<>();
    for (ScalarValue value : entry.textItems(list, entry.pathOf("audiences"))) {
      if (value.text().isBlank()) {
        entry
            .problems()
            .error(value.location(), entry.pathOf("audiences") + ": an audience can't be empty");
      }
      audiences.add(value.text());
    }
    return audiences;
  }

  private static String groupsClaim(MappingReader entry) {
    ScalarValue value = entry.text("groups_claim");
    if (value == null) {
      return IssuerConfig.DEFAULT_GROUPS_CLAIM;
    }
    if (!CLAIM_PATH.matcher(value.text()).matches()) {
      return entry.invalid(
          value,
          "groups_claim",
          "expected a claim name or a dotted path like realm_access.roles, got " + value.shown(),
          null);
    }
    return value.text();
  }

  private static List<String> algorithms(MappingReader entry) {
    if (!entry.has("algorithms")) {
      return IssuerConfig.DEFAULT_ALGORITHMS;
    }
    YamlNode.Sequence list = entry.list("algorithms");
    if (list == null) {
      return null;
    }
    if (list.items().isEmpty()) {
      entry
          .problems()
          .error(
              list.location(),
              entry.pathOf("algorithms")
                  + ": must name at least one algorithm; leave the key out for the default");
    }
    Set<String> algorithms = new LinkedHashSet<>();
    for (ScalarValue value : entry.textItems(list, entry.pathOf("algorithms"))) {
      String name = value.text().toUpperCase(Locale.ROOT);
      String problem = algorithmProblem(name, value);
      if (problem != null) {
        entry.problems().error(value.location(), entry.pathOf("algorithms") + ": " + problem);
      } else {
        algorithms.add(name);
      }
    }
    return List.copyOf(algorithms);
  }

  /** Why an algorithm is refused, or {@code null} when it is permitted. */
  static String algorithmProblem(String name, ScalarValue value) {
    if (IssuerConfig.DEFAULT_ALGORITHMS.contains(name)) {
      return null;
    }
    if (name.equals("NONE")) {
      return "'none' means unsigned tokens, which anyone can write; it is never permitted";
    }
    if (name.startsWith("HS")) {
      return value.shown()
          + " is a shared-secret (HMAC) algorithm: whoever can check such a token can also forge"
          + " one, so it is not permitted; use RS256, PS256 or ES256 (or their 384/512 forms)";
    }
    return "expected one of "
        + String.join(", ", IssuerConfig.DEFAULT_ALGORITHMS)
        + ", got "
        + value.shown();
  }
}
