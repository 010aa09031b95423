package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;

/**
 * One row-filter rewrite ({@link RowFilters#rewrite}): what the walk of a fresh tree reports,
 * the changes to the tree, the assembly of the text, and the checks of the result.
 */
final class RowFilterRewrite implements WalkContext.Sink {
  private final StatementAnalysis original;
  private final SqlAnalyzer analyzer;
  private final Map<TableName, Optional<RowFilterCondition>> conditions;
  private final Set<TableName> filtered;
  private final List<SqlToken> tokens;
  private final Map<Table, TableName> references = new IdentityHashMap<>();
  private final Map<Table, Statement> targets = new IdentityHashMap<>();
  private final Map<Table, TableName> targetNames = new IdentityHashMap<>();
  private final Set<TableName> plainTargets = new HashSet<>();
  private final Set<JdbcParameter> parameters = Collections.newSetFromMap(
      new IdentityHashMap<>());
  private final Set<TableName> otherWrites = new HashSet<>();
  private final Map<TableName, String> fixed = new HashMap<>();
  private final Set<TableName> ambiguous = new HashSet<>();
  /** Column references qualified by schema and table ({@code s.t.c}), with what they read. */
  private final Map<Column, ValueLineage> schemaQualifiedColumns = new IdentityHashMap<>();
  private final String prefix;
  /** Per marker: the text that replaces it. */
  private final Map<String, Replacement> replacements = new LinkedHashMap<>();

  /** What a marker stands for: a filtered table's derived table or a target's condition. */
  private record Replacement(TableName table, String name, boolean derivedTable) {}

  RowFilterRewrite(StatementAnalysis original, SqlAnalyzer analyzer,
      Map<TableName, Optional<RowFilterCondition>> conditions, Set<TableName> filtered,
      List<SqlToken> tokens) {
    this.original = original;
    this.analyzer = analyzer;
    this.conditions = conditions;
    this.filtered = filtered;
    this.tokens = tokens;
    this.prefix = RowFilters.freshPrefix(original.text());
  }

  @Override
  public void table(Table node, Relation relation) {
    List<TableName> candidates = relation.tables();
    if (candidates.size() == 1) {
      references.put(node, candidates.get(0));
    } else {
      for (TableName t : candidates) {
        ambiguous.add(t);
      }
    }
  }

  @Override
  public void fixedTable(Table node, Relation relation, String form) {
    for (TableName t : relation.tables()) {
      fixed.put(t, form);
    }
  }

  @Override
  public void target(Statement statement, Table node, TableName table, boolean plain) {
    if (plain && (statement instanceof Update || statement instanceof Delete)) {
      targets.put(node, statement);
      targetNames.put(node, table);
      plainTargets.add(table);
    } else {
      otherWrites.add(table);
    }
  }

  @Override
  public void parameter(JdbcParameter node) {
    parameters.add(node);
  }

  @Override
  public void column(Column node, ValueLineage found) {
    Table qualifier = node.getTable();
    if (qualifier != null && qualifier.getNameParts() != null
        && qualifier.getNameParts().size() >= 2) {
      schemaQualifiedColumns.put(node, found);
    }
  }

  Rewritten run() throws RowFilterRefusedException {
    Statement tree = original.parsed().tree().orElseThrow(
        () -> new RowFilterRefusedException("the statement cannot be parsed again"));
    try {
      analyzer.walk(tree, this);
    } catch (NotUnderstoodException e) {
      throw new RowFilterRefusedException("the statement is not understood: " + e.reason());
    }
    checkReferences();
    markTables();
    markTargets();
    markParameters();
    String deparsed;
    try {
      deparsed = tree.toString();
    } catch (RuntimeException e) {
      throw new RowFilterRefusedException("the rewritten statement cannot be written out");
    }
    Rewritten rewritten = assemble(deparsed);
    verify(rewritten.sql());
    return rewritten;
  }

  private void checkReferences() throws RowFilterRefusedException {
    for (TableName t : filtered) {
      if (otherWrites.contains(t)) {
        throw refusal("new or changed rows of " + t.qualified() + " could escape its row"
            + " filter; only UPDATE and DELETE may change a filtered table");
      }
      if (fixed.containsKey(t)) {
        throw refusal(fixed.get(t) + " " + t.qualified() + " cannot carry its row filter;"
            + " read it in FROM or a subquery (SELECT … FROM " + t.table() + " …)");
      }
      if (ambiguous.contains(t)) {
        throw refusal("a reference that may denote " + t.qualified() + " or another table"
            + " cannot carry its row filter; qualify it with its schema");
      }
      if (original.tablesWritten().contains(t) && !plainTargets.contains(t)) {
        throw refusal("this statement changes " + t.qualified() + " in a way its row filter"
            + " cannot restrict");
      }
    }
  }

  private void markTables() throws RowFilterRefusedException {
    Map<String, String> renamed = new HashMap<>();
    for (Map.Entry<Table, TableName> e : references.entrySet()) {
      if (!filtered.contains(e.getValue())) {
        continue;
      }
      Table node = e.getKey();
      List<String> written = WalkContext.parts(node);
      if (node.getAlias() == null && written.size() >= 2) {
        renamed.put(String.join(".", written), written.get(written.size() - 1));
      }
      if (node.getAlias() == null) {
        node.setAlias(new Alias(written.get(written.size() - 1), true));
      }
      String marker = prefix + "t" + replacements.size();
      replacements.put(marker, new Replacement(e.getValue(), String.join(".", written), true));
      node.setName(marker);
      if (written.size() >= 3) {
        node.setDatabaseName(null);
      }
      if (written.size() >= 2) {
        node.setSchemaName(null);
      }
      if (!marker.equals(node.getFullyQualifiedName())) {
        throw refusal("a reference to " + e.getValue().qualified() + " cannot be rewritten");
      }
    }
    requalifyColumns(renamed);
  }

  /**
   * A filtered table read without an alias becomes a derived table aliased by its bare name, so
   * a column qualified by schema and table ({@code public.orders.id}, as generated jOOQ code
   * writes every column) names nothing any more: it is qualified by the bare name instead. Only a
   * qualifier written exactly as the reference was, on a column that reads a filtered table, is
   * changed; any other form is left as written, and the database or the verification of the
   * rewritten text refuses it.
   */
  private void requalifyColumns(Map<String, String> renamed) {
    for (Map.Entry<Column, ValueLineage> e : schemaQualifiedColumns.entrySet()) {
      Column column = e.getKey();
      String alias = renamed.get(String.join(".", WalkContext.parts(column.getTable())));
      if (alias != null && readsFiltered(e.getValue())) {
        column.setTable(new Table(alias));
      }
    }
  }

  private boolean readsFiltered(ValueLineage found) {
    for (SourceColumn source : found.sources()) {
      if (filtered.contains(source.table())) {
        return true;
      }
    }
    return false;
  }

  private void markTargets() {
    for (Map.Entry<Table, Statement> e : targets.entrySet()) {
      TableName table = targetNames.get(e.getKey());
      if (!filtered.contains(table)) {
        continue;
      }
      Table node = e.getKey();
      String qualifier = node.getAlias() != null && node.getAlias().getName() != null
          ? node.getAlias().getName() : String.join(".", WalkContext.parts(node));
      String marker = prefix + "w" + replacements.size();
      replacements.put(marker, new Replacement(table, qualifier, false));
      Column condition = new Column(marker);
      if (e.getValue() instanceof Update u) {
        u.setWhere(restricted(u.getWhere(), condition));
      } else {
        Delete d = (Delete) e.getValue();
        d.setWhere(restricted(d.getWhere(), condition));
      }
    }
  }

  private static Expression restricted(Expression where, Expression condition) {
    return where == null ? condition
        : new AndExpression(new ParenthesedExpressionList<>(where), condition);
  }

  /** Gives each parameter its original position, so the deparsed text says which it is. */
  private void markParameters() throws RowFilterRefusedException {
    int expected = 0;
    for (SqlToken t : tokens) {
      expected += t.kind() == Kind.PARAMETER ? 1 : 0;
    }
    Set<Integer> indexes = new HashSet<>();
    for (JdbcParameter p : parameters) {
      if (p.isUseFixedIndex() || p.getIndex() == null || !"?".equals(p.getParameterCharacter())
          || !indexes.add(p.getIndex()) || p.getIndex() < 1 || p.getIndex() > expected) {
        throw refusal("the statement's parameters cannot be accounted for");
      }
      p.setUseFixedIndex(true);
    }
    if (indexes.size() != expected) {
      throw refusal("the statement's parameters cannot be accounted for");
    }
  }

  /** Replaces markers by their text and numbered parameters by {@code ?}, in order. */
  private Rewritten assemble(String deparsed) throws RowFilterRefusedException {
    List<SqlToken> out;
    try {
      out = analyzer.lexer().tokenize(deparsed);
    } catch (NotUnderstoodException e) {
      throw refusal("the rewritten statement cannot be read back: " + e.reason());
    }
    StringBuilder sql = new StringBuilder(deparsed.length() + 128);
    List<Rewritten.Parameter> parameters = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      SqlToken t = out.get(i);
      String image = t.text(deparsed);
      if (t.kind() == Kind.WORD && replacements.containsKey(image)) {
        if (!used.add(image)) {
          throw refusal("the rewritten statement repeats a part");
        }
        replace(replacements.get(image), sql, parameters);
      } else if (t.kind() == Kind.PARAMETER) {
        String number = image.substring(1);
        if (number.isEmpty() && i + 1 < out.size() && out.get(i + 1).kind() == Kind.NUMBER
            && out.get(i + 1).start() == t.end()) {
          number = out.get(++i).text(deparsed);
        }
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
          throw refusal("the rewritten statement has a parameter that cannot be placed");
        }
        sql.append('?');
        parameters.add(new Rewritten.AgentParameter(Integer.parseInt(number) - 1));
      } else if (image.toLowerCase(Locale.ROOT).contains(prefix)) {
        throw refusal("the rewritten statement cannot be assembled");
      } else {
        sql.append(image);
      }
    }
    if (!used.equals(replacements.keySet())) {
      throw refusal("the rewritten statement lost a filtered reference");
    }
    return new Rewritten(sql.toString(), parameters);
  }

  private void replace(Replacement r, StringBuilder sql, List<Rewritten.Parameter> parameters) {
    Optional<RowFilterCondition> condition = conditions.get(r.table());
    if (r.derivedTable()) {
      sql.append("(SELECT * FROM ").append(r.name()).append(' ').append(RowFilters.INNER_ALIAS)
          .append(" WHERE ");
      render(condition, RowFilters.INNER_ALIAS, sql, parameters);
      sql.append(')');
    } else {
      sql.append('(');
      render(condition, r.name(), sql, parameters);
      sql.append(')');
    }
  }

  private static void render(Optional<RowFilterCondition> condition, String qualifier,
      StringBuilder sql, List<Rewritten.Parameter> parameters) {
    if (condition.isPresent()) {
      condition.get().render(qualifier, sql, parameters);
    } else {
      RowFilterCondition.renderFalse(sql);
    }
  }

  /** Analyses the rewritten text and refuses it unless it does what the original did. */
  private void verify(String sql) throws RowFilterRefusedException {
    Analysis analysis = analyzer.analyze(sql);
    if (analysis.statements().size() != 1 || !analysis.understood()) {
      throw refusal("the rewritten statement is not understood"
          + analysis.firstNotUnderstood().map(r -> ": " + r).orElse(""));
    }
    StatementAnalysis r = analysis.statements().get(0);
    Set<FunctionName> allowedFunctions = new HashSet<>(original.functions());
    Set<String> conditionColumns = new HashSet<>();
    for (Optional<RowFilterCondition> c : conditions.values()) {
      c.ifPresent(cond -> {
        allowedFunctions.addAll(cond.functions());
        conditionColumns.addAll(cond.columns());
      });
    }
    Set<StatementKind> kinds = EnumSet.copyOf(original.kinds());
    kinds.add(StatementKind.SELECT); // a derived table is a query, also in UPDATE … FROM
    check(r.kinds().containsAll(original.kinds()) && kinds.containsAll(r.kinds()),
        "what it does");
    check(r.tablesRead().equals(original.tablesRead()), "the tables it reads");
    check(r.tablesWritten().equals(original.tablesWritten()), "the tables it changes");
    check(r.dangerous().equals(original.dangerous()), "the functions it calls");
    check(r.functions().containsAll(original.functions())
        && allowedFunctions.containsAll(r.functions()), "the functions it calls");
    Set<TableName> unrestricted = new HashSet<>(r.tablesWithoutWhere());
    unrestricted.removeAll(filtered); // a filter of 1 = 0 names no column, yet restricts
    check(original.tablesWithoutWhere().containsAll(unrestricted), "the rows it reaches");
    check(r.hasLimit() == original.hasLimit(), "its limit");
    check(r.lineage().equals(original.lineage()), "the columns it returns");
    check(uses(r.columns()).containsAll(uses(original.columns())), "the columns it uses");
    Set<List<Object>> added = uses(r.columns());
    added.removeAll(uses(original.columns()));
    for (List<Object> use : added) {
      @SuppressWarnings("unchecked")
      Set<TableName> tables = (Set<TableName>) use.get(0);
      String column = (String) use.get(1);
      // the filter's own condition, and the SELECT * of the derived table around the table
      boolean expected = filtered.containsAll(tables)
          && ((use.get(2) == ColumnUsage.PREDICATE && conditionColumns.contains(column))
              || (use.get(2) == ColumnUsage.PROJECTION && column.equals(ColumnUse.WHOLE_ROW)));
      check(expected, "the columns it uses");
    }
  }

  private static Set<List<Object>> uses(List<ColumnUse> uses) {
    Set<List<Object>> keys = new HashSet<>();
    for (ColumnUse u : uses) {
      keys.add(List.of(u.tables(), u.column(), u.usage()));
    }
    return keys;
  }

  private static void check(boolean same, String what) throws RowFilterRefusedException {
    if (!same) {
      throw new RowFilterRefusedException("the row filter rewrite changed " + what
          + " of the statement; refused");
    }
  }

  private static RowFilterRefusedException refusal(String reason) {
    return new RowFilterRefusedException(reason);
  }
}
