package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;

/**
 * State shared by the walkers during one statement's analysis: the findings, the name rules,
 * the contract every node is checked against, and a node budget. One per analysis; not
 * thread-safe.
 */
final class WalkContext {
  final Findings findings = new Findings();
  final NameResolver names;
  final AstContract contract;
  final DangerCatalogue dangers;
  private final int maxNodes;
  private int nodes;
  private final Deque<Set<Relation>> captures = new ArrayDeque<>();
  /** Set when a statement holds parts JSqlParser keeps as raw text (column specs in DDL). */
  boolean opaqueText;
  /** Told of the nodes the row-filter rewrite may change; does nothing during analysis. */
  Sink sink = Sink.NONE;
  /** Set by {@code SELECT … INTO}: the statement fills a table and returns no rows. */
  boolean selectInto;
  /** How many SELECT blocks the walk has seen (checked against raw DDL text). */
  int selects;

  WalkContext(NameResolver names, AstContract contract, DangerCatalogue dangers, int maxNodes) {
    this.names = names;
    this.contract = contract;
    this.dangers = dangers;
    this.maxNodes = maxNodes;
  }

  /**
   * What the walk tells the row-filter rewrite ({@link RowFilters}) about the nodes of a tree
   * it may change. The walk may visit a node more than once (recursive WITH is walked to a
   * fixed point): listeners must tell nodes apart by identity.
   */
  interface Sink {
    Sink NONE = new Sink() {};

    /** A real table in FROM, JOIN, USING or MERGE's source, resolved to {@code relation}. */
    default void table(Table node, Relation relation) {}

    /**
     * A real table read where the parser allows no derived table: {@code TABLE t},
     * {@code DELETE … USING t}.
     *
     * @param form the form, for a refusal's reason
     */
    default void fixedTable(Table node, Relation relation, String form) {}

    /**
     * A DML target. {@code plain}: a single-table UPDATE or DELETE, whose WHERE restricts the
     * rows it changes; false for INSERT, MERGE, REPLACE and multi-table forms.
     */
    default void target(Statement statement, Table node, TableName table, boolean plain) {}

    /** A JDBC parameter of the agent's. */
    default void parameter(JdbcParameter node) {}

    /** A column reference and what it resolved to. */
    default void column(Column node, ValueLineage found) {}
  }

  Dialect dialect() {
    return names.dialect();
  }

  /** Counts and checks one node: the walker handles it and nothing in it is left unread. */
  void visit(Object node) {
    if (++nodes > maxNodes) {
      throw new NotUnderstoodException("the statement has more than " + maxNodes + " parts");
    }
    contract.check(node);
  }

  void kind(StatementKind kind) {
    findings.kind(kind);
  }

  void function(FunctionName name) {
    findings.functions.add(name);
    dangers.lookup(name.name()).ifPresent(findings::danger);
  }

  /** Tells the active WHERE analyses that a predicate certainly references {@code relation}. */
  void referenced(Relation relation) {
    for (Set<Relation> capture : captures) {
      capture.add(relation);
    }
  }

  /** Runs {@code walk} and returns the relations it certainly referenced. */
  Set<Relation> capture(Supplier<?> walk) {
    Set<Relation> captured = new HashSet<>();
    captures.push(captured);
    try {
      walk.get();
    } finally {
      captures.pop();
    }
    return captured;
  }

  /** The written parts of a table name, {@code [catalog.][schema.]name}, quotes kept. */
  static List<String> parts(Table table) {
    List<String> reversed = table.getNameParts();
    if (reversed == null || reversed.isEmpty() || reversed.size() > 3) {
      throw new NotUnderstoodException("a table name with " + (reversed == null ? 0 : reversed.size())
          + " parts");
    }
    List<String> parts = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      String part = reversed.get(i);
      checkName(part);
      parts.add(part);
    }
    return parts;
  }

  /**
   * Refuses a name part that is not an identifier: JSqlParser accepts, for instance, a string
   * literal where a table name belongs ({@code DELETE 'x'}), which no database does.
   */
  static void checkName(String part) {
    if (part == null || part.isEmpty()) {
      throw new NotUnderstoodException("a name with an empty part");
    }
    char c = part.charAt(0);
    boolean identifier;
    if (c == '"' || c == '`') {
      identifier = part.length() > 1 && part.charAt(part.length() - 1) == c;
    } else {
      identifier = c == '_' || c == '$' || Character.isLetter(c);
      for (int i = 1; i < part.length() && identifier; i++) {
        char d = part.charAt(i);
        identifier = Character.isLetterOrDigit(d) || d == '_' || d == '$';
      }
    }
    if (!identifier) {
      // e.g. B'…' or N'…': JSqlParser takes a prefixed string where a table name belongs
      throw new NotUnderstoodException("a name that is not an identifier");
    }
    if (VERBS.contains(part.toUpperCase(Locale.ROOT))) {
      throw new NotUnderstoodException("the keyword " + part.toUpperCase(Locale.ROOT)
          + " used as a name (quote it if it is one)");
    }
  }

  /**
   * Statement keywords refused as unquoted names. JSqlParser accepts many of them as table names
   * or aliases ({@code SELECT * FROM t UPDATE}), and PostgreSQL accepts some; a name that reads
   * as a verb is where a reader (human, policy, or this analysis) is most easily misled.
   */
  private static final Set<String> VERBS = Set.of("SELECT", "FROM", "WHERE", "INSERT", "UPDATE",
      "DELETE", "MERGE", "UPSERT", "REPLACE", "DROP", "CREATE", "ALTER", "TRUNCATE", "GRANT",
      "REVOKE", "TABLE", "ORDER", "GROUP", "HAVING", "LIMIT", "UNION", "JOIN", "ON", "INTO",
      "VALUES", "SET", "WITH", "AS", "CALL", "COPY", "DO", "EXPLAIN", "ANALYZE", "COMMIT",
      "ROLLBACK", "BEGIN", "END", "EXECUTE", "LOCK");

  /** The canonical names of {@code parts}. */
  List<String> canonical(List<String> parts) {
    List<String> out = new ArrayList<>(parts.size());
    for (String p : parts) {
      out.add(names.identifier(p));
    }
    return out;
  }
}
