package dev.gatehouse.sidecar.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One event of the audit log (SPEC §8), as an immutable value. The writer adds {@code seq},
 * {@code prev_hash} and {@code hash} when it appends the event; see {@link AuditRecord}.
 *
 * <p>The caller owns what goes in: {@code sql} is stored as given (already redacted by the caller
 * when {@code audit.redact_literals} is on, because only the caller lexes SQL), and {@code
 * shown_rows} and error messages must already be masked. The log itself enforces the two settings
 * it can check without understanding SQL: it drops {@code params} when redaction is on and cuts
 * {@code shown_rows} to {@code audit.record_rows}.
 *
 * <p>Every value here has an exact canonical JSON form (docs/AUDIT.md): strings, booleans,
 * integers, lists and objects, never floating-point numbers, which is why {@link
 * Builder#field(String, Object)} rejects them.
 */
public final class AuditEvent {
  /** The kinds of event. Their JSON names are the lower-case enum names. */
  public enum Type {
    SESSION_OPEN,
    STATEMENT,
    /**
     * The final rows, duration and error of a statement whose result streamed past its first batch;
     * the {@code statement} record was written before the first rows reached the agent. Carries
     * {@code statement_seq}, the seq of that record.
     */
    STATEMENT_END,
    APPROVAL_REQUESTED,
    APPROVAL_DECIDED,
    SESSION_CLOSE,
    AUTH_FAILURE,
    /** begin / commit / rollback of a session's transaction ({@code action}). */
    TRANSACTION,
    /** Written by the log itself when it found and removed a torn final line after a crash. */
    LOG_RECOVERED;

    private final String json = name().toLowerCase(java.util.Locale.ROOT);

    /** The name used in the {@code type} field. */
    public String json() {
      return json;
    }

    /** The type named {@code json}; throws {@link IllegalArgumentException} for unknown names. */
    public static Type fromJson(String json) {
      for (Type type : values()) {
        if (type.json.equals(json)) {
          return type;
        }
      }
      throw new IllegalArgumentException("unknown audit event type: " + json);
    }
  }

  /** Names the writer adds; an event may not carry them. */
  static final Set<String> CHAIN_FIELDS = Set.of("seq", "prev_hash", "hash");

  private static final Set<String> STANDARD_FIELDS =
      Set.of(
          "type", "ts", "session", "principal", "datasource", "sql", "params", "params_redacted",
          "fingerprint", "decision", "rules", "tables", "masked_columns", "rows", "update_count",
          "duration_ms", "error", "shown_rows", "statement_seq");

  private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Type type;
  private final Instant ts;
  private final String session;
  private final AuditPrincipal principal;
  private final String datasource;
  private final String sql;
  private final List<String> params;
  private final boolean paramsRedacted;
  private final String fingerprint;
  private final String decision;
  private final List<String> rules;
  private final List<String> tables;
  private final List<String> maskedColumns;
  private final Long rows;
  private final Long updateCount;
  private final Long durationMs;
  private final AuditError error;
  private final List<List<String>> shownRows;
  private final Long statementSeq;
  private final Map<String, JsonNode> extensions;

  private AuditEvent(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.ts = (b.ts == null ? Instant.now() : b.ts).truncatedTo(ChronoUnit.MILLIS);
    this.session = b.session;
    this.principal = b.principal;
    this.datasource = b.datasource;
    this.sql = b.sql;
    this.params = b.params;
    this.paramsRedacted = b.paramsRedacted;
    this.fingerprint = b.fingerprint;
    this.decision = b.decision;
    this.rules = b.rules;
    this.tables = b.tables;
    this.maskedColumns = b.maskedColumns;
    this.rows = b.rows;
    this.updateCount = b.updateCount;
    this.durationMs = b.durationMs;
    this.error = b.error;
    this.shownRows = b.shownRows;
    this.statementSeq = b.statementSeq;
    this.extensions = Collections.unmodifiableMap(new TreeMap<>(b.extensions));
  }

  /** A builder for an event of {@code type}; {@code ts} defaults to now. */
  public static Builder builder(Type type) {
    return new Builder(type);
  }

  /** A builder holding this event's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.ts = ts;
    b.session = session;
    b.principal = principal;
    b.datasource = datasource;
    b.sql = sql;
    b.params = params;
    b.paramsRedacted = paramsRedacted;
    b.fingerprint = fingerprint;
    b.decision = decision;
    b.rules = rules;
    b.tables = tables;
    b.maskedColumns = maskedColumns;
    b.rows = rows;
    b.updateCount = updateCount;
    b.durationMs = durationMs;
    b.error = error;
    b.shownRows = shownRows;
    b.statementSeq = statementSeq;
    b.extensions.putAll(extensions);
    return b;
  }

  public Type type() {
    return type;
  }

  /** When it happened, to the millisecond. */
  public Instant ts() {
    return ts;
  }

  /** The session id, or {@code null}. */
  public String session() {
    return session;
  }

  /** Who, or {@code null}. */
  public AuditPrincipal principal() {
    return principal;
  }

  /** The datasource name, or {@code null}. */
  public String datasource() {
    return datasource;
  }

  /** The statement as given by the caller (redacted when redaction is on), or {@code null}. */
  public String sql() {
    return sql;
  }

  /** Parameter values rendered as text (SQL NULL as {@code null}), or {@code null} if none. */
  public List<String> params() {
    return params;
  }

  /** Whether parameters were sent but are not recorded. */
  public boolean paramsRedacted() {
    return paramsRedacted;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** allow, deny, approve, error…; or {@code null}. */
  public String decision() {
    return decision;
  }

  /** Names of the rules that decided; never {@code null}. */
  public List<String> rules() {
    return rules;
  }

  /** Tables the statement touches; never {@code null}. */
  public List<String> tables() {
    return tables;
  }

  /** Columns that were masked in what the agent saw; never {@code null}. */
  public List<String> maskedColumns() {
    return maskedColumns;
  }

  /** Rows returned, or {@code null}. */
  public Long rows() {
    return rows;
  }

  /** Rows changed, or {@code null}. */
  public Long updateCount() {
    return updateCount;
  }

  public Long durationMs() {
    return durationMs;
  }

  public AuditError error() {
    return error;
  }

  /** The first rows the agent was shown, after masking, or {@code null} if not recorded. */
  public List<List<String>> shownRows() {
    return shownRows;
  }

  /** For {@code statement_end}: the seq of the statement's record; otherwise {@code null}. */
  public Long statementSeq() {
    return statementSeq;
  }

  /** The names of extension fields (approval_id, reviewer, reason, client, …), sorted. */
  public Set<String> extensionNames() {
    return extensions.keySet();
  }

  /** An extension field's value (a copy), or {@code null}. */
  public JsonNode extension(String name) {
    JsonNode value = extensions.get(name);
    return value == null ? null : value.deepCopy();
  }

  /** An extension field's value as text, or {@code null} when absent. */
  public String extensionText(String name) {
    JsonNode value = extensions.get(name);
    return value == null ? null : value.isTextual() ? value.textValue() : value.toString();
  }

  /**
   * This event as a JSON object without the chain fields; members in insertion order (the
   * canonical writer sorts them). Absent values are omitted.
   */
  public ObjectNode toJson() {
    ObjectNode o = NODES.objectNode();
    o.put("type", type.json());
    o.put("ts", AuditTime.format(ts));
    putText(o, "session", session);
    if (principal != null) {
      ObjectNode p = o.putObject("principal");
      putText(p, "sub", principal.sub());
      putText(p, "iss", principal.iss());
      texts(p.putArray("groups"), principal.groups());
    }
    putText(o, "datasource", datasource);
    putText(o, "sql", sql);
    if (params != null) {
      texts(o.putArray("params"), params);
    }
    if (paramsRedacted) {
      o.put("params_redacted", true);
    }
    putText(o, "fingerprint", fingerprint);
    putText(o, "decision", decision);
    putList(o, "rules", rules);
    putList(o, "tables", tables);
    putList(o, "masked_columns", maskedColumns);
    putLong(o, "rows", rows);
    putLong(o, "update_count", updateCount);
    putLong(o, "duration_ms", durationMs);
    if (error != null) {
      o.putObject("error").put("sql_state", error.sqlState()).put("message", error.message());
    }
    if (shownRows != null) {
      ArrayNode rowsNode = o.putArray("shown_rows");
      for (List<String> row : shownRows) {
        texts(rowsNode.addArray(), row);
      }
    }
    putLong(o, "statement_seq", statementSeq);
    for (Map.Entry<String, JsonNode> e : extensions.entrySet()) {
      o.set(e.getKey(), e.getValue().deepCopy());
    }
    return o;
  }

  /**
   * The event held by a record read back from a log: the inverse of {@link #toJson()}. The chain
   * fields are ignored; unknown members become extension fields.
   *
   * @throws IllegalArgumentException when a member has the wrong shape
   */
  public static AuditEvent fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("an audit record must be a JSON object");
    }
    Builder b = builder(Type.fromJson(text(json, "type")));
    String ts = text(json, "ts");
    b.ts(ts == null ? null : AuditTime.parse(ts));
    b.session(text(json, "session"));
    JsonNode p = json.get("principal");
    if (p != null) {
      b.principal(new AuditPrincipal(text(p, "sub"), text(p, "iss"), textList(p, "groups")));
    }
    b.datasource(text(json, "datasource")).sql(text(json, "sql"));
    if (json.has("params")) {
      b.params(textList(json, "params"));
    }
    b.paramsRedacted(json.path("params_redacted").asBoolean(false));
    b.fingerprint(text(json, "fingerprint")).decision(text(json, "decision"));
    b.rules(textList(json, "rules")).tables(textList(json, "tables"));
    b.maskedColumns(textList(json, "masked_columns"));
    b.rows = longValue(json, "rows");
    b.updateCount = longValue(json, "update_count");
    b.durationMs = longValue(json, "duration_ms");
    b.statementSeq = longValue(json, "statement_seq");
    JsonNode error = json.get("error");
    if (error != null) {
      b.error(text(error, "sql_state"), text(error, "message"));
    }
    JsonNode shown = json.get("shown_rows");
    if (shown != null) {
      List<List<String>> rowList = new ArrayList<>();
      for (JsonNode row : requireArray(shown, "shown_rows")) {
        rowList.add(cells(row));
      }
      b.shownRows(rowList);
    }
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!STANDARD_FIELDS.contains(e.getKey()) && !CHAIN_FIELDS.contains(e.getKey())) {
        b.field(e.getKey(), e.getValue());
      }
    }
    return b.build();
  }

  /** This event with {@code params} dropped (marked redacted) and {@code shown_rows} cut. */
  AuditEvent enforce(boolean redactParams, int recordRows) {
    boolean dropParams = redactParams && params != null;
    boolean cutRows = shownRows != null && shownRows.size() > Math.max(recordRows, 0);
    if (!dropParams && !cutRows) {
      return this;
    }
    Builder b = toBuilder();
    if (dropParams) {
      b.params = null;
      b.paramsRedacted = true;
    }
    if (cutRows) {
      b.shownRows = recordRows <= 0 ? null : List.copyOf(shownRows.subList(0, recordRows));
    }
    return b.build();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuditEvent e && toJson().equals(e.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  /** Builds an {@link AuditEvent}; every setter accepts {@code null} for "absent". */
  public static final class Builder {
    private final Type type;
    private Instant ts;
    private String session;
    private AuditPrincipal principal;
    private String datasource;
    private String sql;
    private List<String> params;
    private boolean paramsRedacted;
    private String fingerprint;
    private String decision;
    private List<String> rules = List.of();
    private List<String> tables = List.of();
    private List<String> maskedColumns = List.of();
    private Long rows;
    private Long updateCount;
    private Long durationMs;
    private AuditError error;
    private List<List<String>> shownRows;
    private Long statementSeq;
    private final Map<String, JsonNode> extensions = new TreeMap<>();

    private Builder(Type type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder ts(Instant ts) {
      this.ts = ts;
      return this;
    }

    public Builder session(String session) {
      this.session = clean(session);
      return this;
    }

    public Builder principal(AuditPrincipal principal) {
      this.principal =
          principal == null
              ? null
              : new AuditPrincipal(
                  clean(principal.sub()), clean(principal.iss()), cleanAll(principal.groups()));
      return this;
    }

    public Builder principal(String sub, String iss, Collection<String> groups) {
      return principal(AuditPrincipal.of(sub, iss, groups));
    }

    public Builder datasource(String datasource) {
      this.datasource = clean(datasource);
      return this;
    }

    /** The statement text; the caller redacts literals first when redaction is on. */
    public Builder sql(String sql) {
      this.sql = clean(sql);
      return this;
    }

    /**
     * Parameter values as text ({@code null} for SQL NULL). The log drops them and records {@code
     * params_redacted: true} unless {@code audit.redact_literals} is false.
     */
    public Builder params(List<String> params) {
      this.params = params == null ? null : cleanAll(params);
      return this;
    }

    /** Marks that parameters were sent but are not recorded. */
    public Builder paramsRedacted(boolean paramsRedacted) {
      this.paramsRedacted = paramsRedacted;
      return this;
    }

    public Builder fingerprint(String fingerprint) {
      this.fingerprint = clean(fingerprint);
      return this;
    }

    public Builder decision(String decision) {
      this.decision = clean(decision);
      return this;
    }

    public Builder rules(List<String> rules) {
      this.rules = rules == null ? List.of() : nonNull(cleanAll(rules), "rules");
      return this;
    }

    public Builder tables(List<String> tables) {
      this.tables = tables == null ? List.of() : nonNull(cleanAll(tables), "tables");
      return this;
    }

    public Builder maskedColumns(List<String> maskedColumns) {
      this.maskedColumns =
          maskedColumns == null ? List.of() : nonNull(cleanAll(maskedColumns), "masked_columns");
      return this;
    }

    public Builder rows(long rows) {
      this.rows = rows;
      return this;
    }

    public Builder updateCount(long updateCount) {
      this.updateCount = updateCount;
      return this;
    }

    public Builder durationMs(long durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    /** The error the agent saw; its message already scrubbed of masked values. */
    public Builder error(String sqlState, String message) {
      this.error =
          sqlState == null && message == null
              ? null
              : new AuditError(
                  Objects.requireNonNullElse(clean(sqlState), ""),
                  Objects.requireNonNullElse(clean(message), ""));
      return this;
    }

    /** The first rows the agent was shown, after masking; cells as text, SQL NULL as null. */
    public Builder shownRows(List<List<String>> shownRows) {
      if (shownRows == null) {
        this.shownRows = null;
        return this;
      }
      List<List<String>> copy = new ArrayList<>(shownRows.size());
      for (List<String> row : shownRows) {
        copy.add(cleanAll(Objects.requireNonNull(row, "shown row")));
      }
      this.shownRows = List.copyOf(copy);
      return this;
    }

    /** For {@code statement_end}: the seq returned by appending the statement's record. */
    public Builder statementSeq(long statementSeq) {
      this.statementSeq = statementSeq;
      return this;
    }

    /**
     * A free extension field (approval_id, reviewer, reason, client, truncated, …). Values:
     * strings, booleans, integers, collections and string-keyed maps of those, or a {@link
     * JsonNode} of the same; {@code null} removes the field.
     *
     * @throws IllegalArgumentException for a standard or chain field name, a name that is not
     *     lower_snake_case, or a floating-point value (it has no canonical form)
     */
    public Builder field(String name, Object value) {
      if (!FIELD_NAME.matcher(name).matches()
          || STANDARD_FIELDS.contains(name)
          || CHAIN_FIELDS.contains(name)) {
        throw new IllegalArgumentException("not a valid extension field name: " + name);
      }
      if (value == null) {
        extensions.remove(name);
      } else {
        extensions.put(name, toNode(value));
      }
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(this);
    }
  }

  private static JsonNode toNode(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return fromNode(node);
    }
    if (value instanceof String s) {
      return NODES.textNode(clean(s));
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return NODES.numberNode(big);
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : items) {
        array.add(toNode(item));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("extension map keys must be strings");
        }
        object.set(clean(key), toNode(e.getValue()));
      }
      return object;
    }
    throw new IllegalArgumentException(
        "an audit field value must be text, boolean, integer, list or map, not "
            + value.getClass().getName());
  }

  /** Copies a JSON tree, rejecting what has no canonical form (fractions) and cleaning text. */
  private static JsonNode fromNode(JsonNode node) {
    if (node.isTextual()) {
      return NODES.textNode(clean(node.textValue()));
    }
    if (node.isIntegralNumber()) {
      return node.isBigInteger() ? NODES.numberNode(node.bigIntegerValue())
          : NODES.numberNode(node.longValue());
    }
    if (node.isBoolean() || node.isNull()) {
      return node.deepCopy();
    }
    if (node.isArray()) {
      ArrayNode array = NODES.arrayNode();
      for (JsonNode item : node) {
        array.add(fromNode(item));
      }
      return array;
    }
    if (node.isObject()) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        object.set(clean(e.getKey()), fromNode(e.getValue()));
      }
      return object;
    }
    throw new IllegalArgumentException(
        "an audit field value must be text, boolean, integer, list or object, not " + node);
  }

  /**
   * Replaces unpaired UTF-16 surrogates with U+FFFD: they cannot be encoded as UTF-8, so a record
   * holding one would have no canonical byte form.
   */
  static String clean(String s) {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return replaceLoneSurrogates(s);
      }
    }
    return s;
  }

  private static String replaceLoneSurrogates(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> cleanAll(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(clean(v));
    }
    return Collections.unmodifiableList(out);
  }

  private static List<String> nonNull(List<String> values, String what) {
    for (String v : values) {
      Objects.requireNonNull(v, what + " may not hold null");
    }
    return values;
  }

  private static void putText(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static void putLong(ObjectNode o, String name, Long value) {
    if (value != null) {
      o.put(name, value.longValue());
    }
  }

  private static void putList(ObjectNode o, String name, List<String> values) {
    if (!values.isEmpty()) {
      texts(o.putArray(name), values);
    }
  }

  private static void texts(ArrayNode array, List<String> values) {
    for (String v : values) {
      if (v == null) {
        array.addNull();
      } else {
        array.add(v);
      }
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return v.textValue();
  }

  private static Long longValue(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(name + " must be an integer");
    }
    return v.longValue();
  }

  private static List<String> textList(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null ? List.of() : cells(requireArray(v, name));
  }

  private static JsonNode requireArray(JsonNode v, String name) {
    if (!v.isArray()) {
      throw new IllegalArgumentException(name + " must be an array");
    }
    return v;
  }

  private static List<String> cells(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array of strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (JsonNode cell : array) {
      if (cell.isNull()) {
        out.add(null);
      } else if (cell.isTextual()) {
        out.add(cell.textValue());
      } else {
        throw new IllegalArgumentException("expected a string or null, found " + cell);
      }
    }
    return Collections.unmodifiableList(out);
  }
}
