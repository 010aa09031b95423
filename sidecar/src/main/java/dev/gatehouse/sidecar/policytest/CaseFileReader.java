package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.ConfigProblem;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.LoadContext;
import dev.gatehouse.sidecar.config.MappingReader;
import dev.gatehouse.sidecar.config.ScalarValue;
import dev.gatehouse.sidecar.config.YamlNode;
import dev.gatehouse.sidecar.config.YamlReader;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policytest.Expectation.ExpectedValue;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a case file (SPEC §7; format in docs/POLICY.md) with the configuration's YAML reader,
 * finding every problem at once, each with its file and line, before any case runs.
 */
final class CaseFileReader {
  /** The datasource cases go to when the file names none: the JUnit helper's default name. */
  static final String DEFAULT_DATASOURCE = "test";

  private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+([eE][-+]?\\d+)?");

  private final Path file;
  private final boolean withConfig;
  private final LoadContext context;
  private final List<ConfigProblem> notes = new ArrayList<>();
  private final Map<String, YamlNode.Location> caseNames = new HashMap<>();
  private final Map<String, Map<String, Object>> principals = new LinkedHashMap<>();
  private String seed;

  private CaseFileReader(Path file, boolean withConfig) {
    this.file = file;
    this.withConfig = withConfig;
    this.context = LoadContext.withoutSubstitution(file);
  }

  /**
   * Reads and checks a case file.
   *
   * @param withConfig whether {@code --config} gives the policy and datasources; then the
   *     file's own {@code policy:} and {@code dialect:} are not used
   * @throws ConfigException with every problem found
   */
  static CaseFile read(Path file, boolean withConfig) throws ConfigException {
    return new CaseFileReader(file, withConfig).read(YamlReader.read(file));
  }

  private CaseFile read(YamlNode root) throws ConfigException {
    if (!(root instanceof YamlNode.Mapping)) {
      throw new ConfigException(root.location(), "a case file is a mapping with policy:,"
          + " principals: and cases: (see docs/POLICY.md), got " + MappingReader.describe(root));
    }
    MappingReader top = MappingReader.of(root, "", root.location(), context);
    top.allowOnly("policy", "dialect", "default_schema", "datasource", "seed", "principals",
        "cases", "description");
    List<Path> policy = policy(top);
    Dialect dialect = dialect(top);
    String defaultSchema = top.string("default_schema", null);
    String datasource = top.string("datasource", DEFAULT_DATASOURCE);
    YamlNode.Location datasourceLine = top.locationOf("datasource");
    seed = seed(top);
    if (seed != null && dialect != Dialect.H2 && !withConfig) {
      context.problems().error(top.locationOf("seed"), "seed: rows are checked on H2; this"
          + " file's dialect is " + dialect.name().toLowerCase(Locale.ROOT));
    }
    principals(top.mapping("principals"));
    List<PolicyCase> cases = new ArrayList<>();
    YamlNode.Sequence list = top.list("cases");
    if (list == null) {
      if (!top.has("cases")) {
        context.problems().error(top.locationOf("cases"),
            "cases: missing; list the cases under cases:");
      }
    } else if (list.items().isEmpty()) {
      context.problems().error(list.location(), "cases: the list is empty; add at least one case");
    } else {
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        PolicyCase c = testCase(MappingReader.of(item, "cases[" + i + "]", item.location(),
            context), datasource, datasourceLine);
        if (c != null) {
          cases.add(c);
        }
      }
    }
    context.problems().throwIfAny();
    return new CaseFile(file, policy, dialect, defaultSchema, seed, cases, notes);
  }

  private List<Path> policy(MappingReader top) {
    List<Path> files = new ArrayList<>();
    YamlNode node = top.get("policy");
    if (node == null) {
      if (!withConfig) {
        context.problems().error(top.locationOf("policy"), "policy: missing; name the policy"
            + " file(s) this file tests (relative to it), or run with --config");
      }
      return files;
    }
    if (withConfig) {
      notes.add(new ConfigProblem(top.locationOf("policy"),
          "policy: not used; the policy of --config is tested"));
    }
    List<ScalarValue> values = node instanceof YamlNode.Sequence seq
        ? top.textItems(seq, "policy") : List.of(top.text("policy"));
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        continue;
      }
      Path p = top.existingFile(values.get(i), node instanceof YamlNode.Sequence
          ? "policy[" + i + "]" : "policy");
      if (p != null) {
        files.add(p);
      }
    }
    return files;
  }

  private Dialect dialect(MappingReader top) {
    ScalarValue v = top.text("dialect");
    if (v == null) {
      return Dialect.H2;
    }
    if (withConfig) {
      notes.add(new ConfigProblem(v.location(),
          "dialect: not used; each datasource of --config has its own"));
    }
    for (Dialect d : List.of(Dialect.H2, Dialect.POSTGRESQL, Dialect.MARIADB)) {
      if (d.name().equalsIgnoreCase(v.text())) {
        return d;
      }
    }
    return top.invalid(v, "dialect", "expected one of h2, postgresql, mariadb, got " + v.shown(),
        Dialect.H2);
  }

  private String seed(MappingReader top) {
    ScalarValue v = top.text("seed");
    if (v == null) {
      return null;
    }
    if (v.text().startsWith("classpath:")) {
      return v.text();
    }
    Path p = top.existingFile(v, "seed");
    return p == null ? null : p.toString();
  }

  private void principals(MappingReader r) {
    if (r == null) {
      return;
    }
    for (YamlNode.Entry e : r.node().entries().values()) {
      MappingReader claims = MappingReader.of(e.value(), r.pathOf(e.key()), e.keyLocation(),
          context);
      if (claims != null) {
        principals.put(e.key(), claims(claims.node()));
      }
    }
  }

  private PolicyCase testCase(MappingReader r, String defaultDatasource,
      YamlNode.Location defaultDatasourceLine) {
    if (r == null) {
      return null;
    }
    r.allowOnly("name", "description", "principal", "claims", "datasource", "sql", "params",
        "expect");
    String name = name(r);
    Map<String, Object> claims = null;
    YamlNode.Location claimsLine = r.node().location();
    if (r.has("principal") == r.has("claims")) {
      r.problems().error(r.node().location(), r.path() + ": give either principal: (a name"
          + " from principals:) or claims:, not " + (r.has("claims") ? "both" : "neither"));
    } else if (r.has("principal")) {
      ScalarValue p = r.text("principal");
      claimsLine = r.locationOf("principal");
      claims = p == null ? null : principals.get(p.text());
      if (p != null && claims == null) {
        r.invalid(p, "principal", "no principal " + p.shown() + " under principals:"
            + (principals.isEmpty() ? "" : " (there are " + String.join(", ",
                principals.keySet()) + ")"), null);
      }
    } else {
      MappingReader c = r.mapping("claims");
      claimsLine = r.locationOf("claims");
      claims = c == null ? null : claims(c.node());
    }
    String datasource = r.string("datasource", defaultDatasource);
    YamlNode.Location datasourceLine =
        r.has("datasource") ? r.locationOf("datasource") : defaultDatasourceLine;
    ScalarValue sql = r.requiredText("sql");
    List<Object> params = params(r);
    MappingReader e = r.has("expect") ? r.mapping("expect") : r.missing("expect");
    Expectation expect = e == null ? null : expectation(e);
    if (name == null || claims == null || sql == null || expect == null) {
      return null;
    }
    return new PolicyCase(name, r.node().location(), claims, claimsLine, datasource,
        datasourceLine, sql.text(), params, expect);
  }

  private String name(MappingReader r) {
    ScalarValue v = r.requiredText("name");
    if (v == null) {
      return null;
    }
    YamlNode.Location before = caseNames.putIfAbsent(v.text(), v.location());
    if (before != null) {
      r.problems().error(v.location(), r.pathOf("name") + ": '" + v.text()
          + "' is already the name of the case at " + before);
    }
    return v.text();
  }

  private List<Object> params(MappingReader r) {
    List<Object> out = new ArrayList<>();
    YamlNode.Sequence list = r.list("params");
    if (list == null) {
      return out;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof YamlNode.Scalar s) {
        out.add(parameter(s));
      } else {
        r.problems().error(item.location(), r.pathOf("params") + "[" + i
            + "]: expected a single value, got " + MappingReader.describe(item));
      }
    }
    return out;
  }

  private Expectation expectation(MappingReader e) {
    e.allowOnly("decision", "rule", "sql_state", "message_contains", "rows", "masked",
        "rewritten");
    Effect decision = e.has("decision") ? e.choice("decision", null, Effect.class)
        : e.missing("decision");
    String rule = e.string("rule", null);
    String sqlState = e.string("sql_state", null);
    String contains = e.string("message_contains", null);
    List<List<ExpectedValue>> rows = rows(e);
    if (rows != null && decision != null && decision != Effect.ALLOW) {
      e.problems().error(e.locationOf("rows"), e.pathOf("rows")
          + ": only an allowed statement returns rows; the decision expected is "
          + decision.word());
    }
    if (rows != null && seed == null) {
      e.problems().error(e.locationOf("rows"), e.pathOf("rows")
          + ": rows are checked by running the statement on the seed; add seed: (an H2 script)"
          + " at the top of the file");
    }
    List<String> masked = e.has("masked") ? texts(e.textList("masked")) : null;
    String rewritten = e.string("rewritten", null);
    if (decision == null) {
      return null;
    }
    return new Expectation(decision, rule, sqlState, contains, rows, masked, rewritten,
        e.node().location());
  }

  private static List<String> texts(List<ScalarValue> values) {
    return values.stream().map(ScalarValue::text).toList();
  }

  private List<List<ExpectedValue>> rows(MappingReader e) {
    YamlNode.Sequence list = e.list("rows");
    if (list == null) {
      return null;
    }
    List<List<ExpectedValue>> rows = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode row = list.items().get(i);
      String path = e.pathOf("rows") + "[" + i + "]";
      if (!(row instanceof YamlNode.Sequence cells)) {
        e.problems().error(row.location(), path + ": expected a row written as a list, e.g."
            + " [1, 'Ada Lovelace'], got " + MappingReader.describe(row));
        continue;
      }
      List<ExpectedValue> values = new ArrayList<>();
      for (YamlNode cell : cells.items()) {
        if (cell instanceof YamlNode.Scalar s) {
          values.add(new ExpectedValue(s.text(), s.quoted()));
        } else {
          e.problems().error(cell.location(), path + ": expected single values, got "
              + MappingReader.describe(cell));
        }
      }
      rows.add(values);
    }
    return rows;
  }

  /** Claims as JSON values: unquoted numbers and booleans are typed, as in a token. */
  private static Map<String, Object> claims(YamlNode.Mapping m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries().values()) {
      out.put(e.key(), claim(e.value()));
    }
    return out;
  }

  private static Object claim(YamlNode node) {
    if (node instanceof YamlNode.Mapping m) {
      return claims(m);
    }
    if (node instanceof YamlNode.Sequence s) {
      List<Object> out = new ArrayList<>();
      s.items().forEach(i -> out.add(claim(i)));
      return out;
    }
    Object value = parameter((YamlNode.Scalar) node);
    return value instanceof BigDecimal d ? (Object) d.doubleValue() : value;
  }

  /** A parameter's value: null, a boolean, a long, a decimal, or text (always when quoted). */
  private static Object parameter(YamlNode.Scalar s) {
    String text = s.text();
    if (text == null || s.quoted()) {
      return text;
    }
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    if (WHOLE.matcher(text).matches()) {
      return Long.valueOf(text);
    }
    if (DECIMAL.matcher(text).matches()) {
      return new BigDecimal(text);
    }
    return text;
  }
}
