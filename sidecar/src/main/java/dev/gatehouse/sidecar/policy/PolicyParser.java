package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.LoadContext;
import dev.gatehouse.sidecar.config.MappingReader;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.config.Problems;
import dev.gatehouse.sidecar.config.ScalarValue;
import dev.gatehouse.sidecar.config.YamlNode;
import dev.gatehouse.sidecar.config.YamlReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads policy YAML (SPEC §5) into a {@link Policy}, finding every problem at load time with its
 * file and line. Several files make one policy: their rules are concatenated in file order;
 * {@code default}, {@code unparseable} and {@code limits} may each be set in one file only.
 */
public final class PolicyParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern QUALIFIED =
      Pattern.compile("(\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*)(\\.(\"[^\"]+\"|`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*))*");
  private static final Pattern FUNCTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.*]*");

  private final Problems problems;
  private final Map<String, YamlNode.Location> ruleNames = new HashMap<>();
  private final Map<String, YamlNode.Location> singletons = new HashMap<>();
  private Effect defaultEffect;
  private Effect unparseable;
  private Limits limits;
  private final List<PolicyRule> rules = new ArrayList<>();
  private final List<MaskingRule> masking = new ArrayList<>();
  private final List<RowFilterRule> rowFilters = new ArrayList<>();

  private PolicyParser(Problems problems) {
    this.problems = problems;
  }

  /** Loads the policy a configuration points at. */
  public static Policy load(PolicySource source) throws ConfigException {
    Problems problems = new Problems();
    PolicyParser parser = new PolicyParser(problems);
    if (source.inline() != null) {
      parser.parseDocument(source.inline(), null);
    }
    for (Path file : source.files()) {
      YamlNode root = YamlReader.read(file);
      parser.parseDocument(root, file);
    }
    problems.throwIfAny();
    return parser.build();
  }

  /** Parses one policy file (used by tests and the {@code test} command). */
  public static Policy load(Path file) throws ConfigException {
    return load(new PolicySource(List.of(file), null));
  }

  /** Parses policy text (tests). */
  public static Policy parse(String yaml, Path pseudoFile) throws ConfigException {
    Problems problems = new Problems();
    PolicyParser parser = new PolicyParser(problems);
    parser.parseDocument(YamlReader.parse(yaml, pseudoFile), pseudoFile);
    problems.throwIfAny();
    return parser.build();
  }

  private Policy build() {
    return new Policy(
        defaultEffect == null ? Effect.DENY : defaultEffect,
        unparseable == null ? Effect.DENY : unparseable,
        rules,
        masking,
        rowFilters,
        limits == null ? Limits.DEFAULT : limits);
  }

  private void parseDocument(YamlNode root, Path file) {
    LoadContext context = LoadContext.withoutSubstitution(file);
    // problems of this document go to the shared collector
    MappingReader top = MappingReader.of(root, "", root.location(), context);
    if (top == null) {
      merge(context);
      return;
    }
    top.allowOnly("default", "unparseable", "rules", "masking", "row_filters", "limits");
    if (top.has("default") && once(top, "default")) {
      defaultEffect = top.choice("default", Effect.DENY, Effect.class);
    }
    if (top.has("unparseable") && once(top, "unparseable")) {
      unparseable = top.choice("unparseable", Effect.DENY, Effect.class);
      if (unparseable == Effect.ALLOW) {
        top.problems().error(top.locationOf("unparseable"),
            "unparseable: must be deny or approve; a statement nobody understood is never"
                + " allowed without a human");
        unparseable = Effect.DENY;
      }
    }
    if (top.has("limits") && once(top, "limits")) {
      limits = limits(top.mapping("limits"));
    }
    YamlNode.Sequence list = top.list("rules");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        rule(MappingReader.of(list.items().get(i), "rules[" + i + "]",
            list.items().get(i).location(), context));
      }
    }
    list = top.list("masking");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        maskingRule(MappingReader.of(list.items().get(i), "masking[" + i + "]",
            list.items().get(i).location(), context));
      }
    }
    list = top.list("row_filters");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        rowFilter(MappingReader.of(list.items().get(i), "row_filters[" + i + "]",
            list.items().get(i).location(), context));
      }
    }
    merge(context);
  }

  private void merge(LoadContext context) {
    for (var p : context.problems().errors()) {
      problems.error(p.location(), p.message());
    }
  }

  private boolean once(MappingReader top, String key) {
    YamlNode.Location here = top.locationOf(key);
    YamlNode.Location before = singletons.putIfAbsent(key, here);
    if (before != null) {
      top.problems().error(here, key + ": already set at " + before + "; set it in one policy file only");
      return false;
    }
    return true;
  }

  private String name(MappingReader r) {
    ScalarValue v = r.requiredText("name");
    if (v == null) {
      return null;
    }
    if (!NAME.matcher(v.text()).matches()) {
      r.problems().error(v.location(), r.pathOf("name")
          + ": use letters, digits, '_', '.' and '-' (at most 100), got " + v.shown());
      return null;
    }
    YamlNode.Location before = ruleNames.putIfAbsent(v.text(), v.location());
    if (before != null) {
      r.problems().error(v.location(), r.pathOf("name") + ": '" + v.text()
          + "' is already the name of the rule at " + before);
    }
    return v.text();
  }

  private void rule(MappingReader r) {
    if (r == null) {
      return;
    }
    r.allowOnly("name", "when", "effect", "message", "approvers", "grant", "description");
    String name = name(r);
    RuleConditions when = conditions(r.has("when") ? r.mapping("when") : null);
    Effect effect = r.has("effect") ? r.choice("effect", null, Effect.class) : r.missing("effect");
    String message = r.string("message", null);
    List<String> approvers = selectors(r, "approvers");
    Duration grant = r.duration("grant", null, false, Duration.ofHours(24));
    if (effect == Effect.APPROVE && approvers.isEmpty()) {
      r.problems().error(r.locationOf("effect"), r.pathOf("approvers")
          + ": an approve rule needs approvers (e.g. [group:managers]); nobody could decide");
    }
    if (effect != Effect.APPROVE && effect != null) {
      if (r.has("approvers")) {
        r.problems().error(r.locationOf("approvers"), r.pathOf("approvers")
            + ": only an approve rule has approvers");
      }
      if (r.has("grant")) {
        r.problems().error(r.locationOf("grant"), r.pathOf("grant")
            + ": only an approve rule has a grant");
      }
    }
    if (name != null && effect != null && when != null) {
      rules.add(new PolicyRule(name, r.node().location(), when, effect, message, approvers, grant));
    }
  }

  private RuleConditions conditions(MappingReader w) {
    if (w == null) {
      return new RuleConditions(List.of(), List.of(), Set.of(), List.of(), List.of(), List.of(),
          null, null);
    }
    w.allowOnly("principals", "datasources", "statements", "tables", "columns", "functions",
        "without_where", "without_limit");
    List<String> principals = selectors(w, "principals");
    List<String> datasources = strings(w, "datasources", NAME, "a datasource name");
    Set<String> statements = new LinkedHashSet<>();
    for (ScalarValue v : w.textList("statements")) {
      String kind = v.text().toLowerCase(Locale.ROOT);
      if (!StatementKinds.POLICY_WORDS.contains(kind)) {
        w.problems().error(v.location(), w.pathOf("statements") + ": unknown statement kind "
            + v.shown() + "; expected one of " + String.join(", ", StatementKinds.POLICY_WORDS));
      } else {
        statements.add(kind);
      }
    }
    List<String> tables = strings(w, "tables", QUALIFIED, "a table name such as public.customers");
    List<String> columns = columnNames(w, "columns");
    List<String> functions = strings(w, "functions", FUNCTION, "a function name");
    Boolean withoutWhere = w.has("without_where") ? w.bool("without_where", false) : null;
    Boolean withoutLimit = w.has("without_limit") ? w.bool("without_limit", false) : null;
    return new RuleConditions(principals, datasources, statements, tables, columns, functions,
        withoutWhere, withoutLimit);
  }

  private void maskingRule(MappingReader r) {
    if (r == null) {
      return;
    }
    r.allowOnly("name", "columns", "detect", "method", "predicates", "exempt", "datasources",
        "description");
    String name = name(r);
    List<String> columns = columnNames(r, "columns");
    Set<MaskingRule.Detector> detect = EnumSet.noneOf(MaskingRule.Detector.class);
    for (ScalarValue v : r.textList("detect")) {
      MaskingRule.Detector d = enumValue(MaskingRule.Detector.class, v.text());
      if (d == null) {
        r.problems().error(v.location(), r.pathOf("detect") + ": unknown detector " + v.shown()
            + "; expected credit_card, email, us_ssn, iban or secret");
      } else {
        detect.add(d);
      }
    }
    if (columns.isEmpty() && detect.isEmpty() && !r.has("columns") && !r.has("detect")) {
      r.problems().error(r.node().location(), r.path()
          + ": a masking rule needs columns, detect, or both");
    }
    MaskingRule.MaskMethod method =
        r.has("method") ? r.choice("method", null, MaskingRule.MaskMethod.class) : r.missing("method");
    // Fail closed: unless the policy says otherwise, a masked column can't be probed by predicates.
    MaskingRule.PredicateUse predicates =
        r.choice("predicates", MaskingRule.PredicateUse.DENY, MaskingRule.PredicateUse.class);
    List<String> exempt = selectors(r, "exempt");
    List<String> datasources = strings(r, "datasources", NAME, "a datasource name");
    if (name != null && method != null) {
      masking.add(new MaskingRule(name, r.node().location(), columns, detect, method, predicates,
          exempt, datasources));
    }
  }

  private void rowFilter(MappingReader r) {
    if (r == null) {
      return;
    }
    r.allowOnly("name", "tables", "where", "principals", "datasources", "description");
    String name = name(r);
    List<String> tables = strings(r, "tables", QUALIFIED, "a table name such as public.orders");
    if (tables.isEmpty() && !r.has("tables")) {
      r.missing("tables");
    }
    ScalarValue where = r.requiredText("where");
    List<String> principals = selectors(r, "principals");
    List<String> datasources = strings(r, "datasources", NAME, "a datasource name");
    if (name != null && where != null && !tables.isEmpty()) {
      rowFilters.add(new RowFilterRule(name, r.node().location(), tables, where.text(),
          principals, datasources));
    }
  }

  private Limits limits(MappingReader l) {
    if (l == null) {
      return null;
    }
    l.allowOnly("max_rows", "statement_timeout", "max_sql_length", "statements_per_minute");
    int maxRows = l.integer("max_rows", 0, 0, Integer.MAX_VALUE);
    Duration timeout = l.duration("statement_timeout", Duration.ZERO, true, Duration.ofDays(1));
    int maxSql = l.integer("max_sql_length", Limits.DEFAULT.maxSqlLength(), 1, 10_000_000);
    int perMinute = l.integer("statements_per_minute", 0, 0, 1_000_000);
    return new Limits(maxRows, timeout, maxSql, perMinute);
  }

  private List<String> selectors(MappingReader r, String key) {
    List<String> out = new ArrayList<>();
    for (ScalarValue v : r.textList(key)) {
      String problem = PrincipalSelectors.problem(v.text());
      if (problem != null) {
        r.problems().error(v.location(), r.pathOf(key) + ": " + problem + ", got " + v.shown());
      } else {
        out.add(v.text());
      }
    }
    return out;
  }

  private static List<String> strings(MappingReader r, String key, Pattern shape, String what) {
    List<String> out = new ArrayList<>();
    for (ScalarValue v : r.textList(key)) {
      if (!shape.matcher(v.text()).matches()) {
        r.problems().error(v.location(), r.pathOf(key) + ": expected " + what + ", got " + v.shown());
      } else {
        out.add(v.text());
      }
    }
    return out;
  }

  private static List<String> columnNames(MappingReader r, String key) {
    List<String> out = new ArrayList<>();
    for (ScalarValue v : r.textList(key)) {
      if (!QUALIFIED.matcher(v.text()).matches() || !v.text().contains(".")) {
        r.problems().error(v.location(), r.pathOf(key)
            + ": expected a qualified column such as public.customers.card_number, got " + v.shown());
      } else {
        out.add(v.text());
      }
    }
    return out;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    return null;
  }
}
