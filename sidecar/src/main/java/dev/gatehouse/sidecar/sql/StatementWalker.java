package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.Scope.Ctes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.ForMode;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.MinusOp;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Top;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.Wait;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;

/**
 * Walks statements and queries: dispatches each statement class to its walker, and walks
 * queries (select lists, FROM, WHERE, GROUP BY, ORDER BY, set operations, CTEs) itself, building
 * the {@link Scope}s that column references resolve in.
 *
 * <p>Every table reference in FROM, JOIN, subqueries in any clause, CTE bodies (including
 * data-modifying ones) and DML targets passes through {@link #tableReference} or the DML and DDL
 * walkers: there is no other way for a table to enter the findings, and no node is skipped
 * without the {@link AstContract} confirming it holds nothing.
 */
final class StatementWalker {
  private final WalkContext ctx;
  private final ExpressionWalker expressions;
  private final DmlWalker dml;
  private final OtherStatementWalker others;

  StatementWalker(WalkContext ctx) {
    this.ctx = ctx;
    this.expressions = new ExpressionWalker(ctx);
    this.dml = new DmlWalker(ctx, this, expressions);
    this.others = new OtherStatementWalker(ctx, this, expressions);
    expressions.connect(this);
  }

  /** Declares the query classes and fields this walker reads or ignores. */
  static void declare(AstContract c) {
    String[] selectFields = {"withItemsList", "orderByElements", "limit", "offset", "fetch",
        "forMode", "forUpdateTable", "skipLocked", "wait", "noWait"};
    c.allowLabelled(PlainSelect.class, "SELECT", concat(selectFields, "distinct", "selectItems",
        "intoTables", "fromItem", "joins", "where", "groupBy", "having", "windowDefinitions",
        "top", "isUsingOnly", "mySqlSqlCalcFoundRows", "mySqlCacheFlag", "mySqlHintStraightJoin",
        "oracleHint"));
    c.allowLabelled(SetOperationList.class, "UNION / INTERSECT / EXCEPT",
        concat(selectFields, "selects", "operations"));
    c.allowLabelled(ParenthesedSelect.class, "subquery", concat(selectFields, "select", "alias"));
    c.allowLabelled(LateralSubSelect.class, "LATERAL subquery",
        concat(selectFields, "select", "alias", "prefix"));
    c.allowLabelled(Values.class, "VALUES", concat(selectFields, "expressions", "alias"));
    c.allowLabelled(TableStatement.class, "TABLE", concat(selectFields, "table"));
    c.allow(WithItem.class, "statement", "alias", "withItemList", "recursive", "materialized");
    c.allow(SelectItem.class, "expression", "alias");
    c.allow(Alias.class, "name", "useAs", "aliasColumns");
    c.allow(Alias.AliasColumn.class, "name", "colDataType");
    c.allow(Table.class, "partItems", "partDelimiters", "alias");
    c.allowLabelled(TableFunction.class, "function in FROM", "prefix", "alias", "function",
        "withClause");
    c.allowLabelled(ParenthesedFromItem.class, "parenthesised FROM item", "fromItem", "joins",
        "alias");
    c.allowLabelled(Join.class, "JOIN", "onExpressions", "usingColumns", "outer", "right", "left",
        "natural", "full", "inner", "simple", "cross", "straight", "fromItem");
    c.allow(Distinct.class, "onSelectItems");
    c.allow(GroupByElement.class, "groupByExpressions", "groupingSets");
    c.allow(Limit.class, "rowCount", "offset");
    c.allow(Offset.class, "offsetExpression", "offsetParam");
    c.allow(Fetch.class, "fetchParameters", "expression", "isFetchParamFirst");
    c.allow(Top.class, "hasParenthesis", "isPercentage", "isWithTies", "expression");
    c.allow(Wait.class, "timeout");
    for (Class<? extends SetOperation> op : List.of(UnionOp.class, IntersectOp.class,
        ExceptOp.class, MinusOp.class)) {
      c.allow(op, "distinct", "all", "type");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Walks one top-level statement. */
  void statement(Statement statement) {
    if (statement instanceof Select) {
      Select select = (Select) statement;
      ctx.kind(StatementKind.SELECT); // a top-level query returns rows, whatever its form
      QueryOutput output = query(select, null, Ctes.NONE, ColumnUsage.PROJECTION);
      ctx.findings.hasLimit = limited(select);
      // SELECT … INTO fills a table and returns no rows
      ctx.findings.lineage = ctx.selectInto ? ResultLineage.NONE : output.lineage();
    } else if (statement instanceof net.sf.jsqlparser.statement.UnsupportedStatement) {
      throw new NotUnderstoodException("a statement form the parser only skims: "
          + firstWords(statement.toString()));
    } else if (!dml.statement(statement, null, Ctes.NONE) && !others.statement(statement)) {
      ctx.visit(statement); // reports the unsupported statement class
      throw new NotUnderstoodException("unsupported statement: "
          + ctx.contract.describe(statement.getClass()));
    }
  }

  private static String firstWords(String text) {
    String[] words = text.trim().split("\\s+");
    return String.join(" ", Arrays.asList(words).subList(0, Math.min(2, words.length)))
        .toUpperCase(Locale.ROOT);
  }

  /** A subquery used as an expression in {@code scope} (scalar, IN, EXISTS, ANY, ARRAY). */
  QueryOutput subquery(Select select, Scope scope, ColumnUsage usage, boolean equalityItems) {
    return query(select, scope, scope.ctes, usage, equalityItems);
  }

  /**
   * Walks any query.
   *
   * @param outer the enclosing query's scope, for correlated references; {@code null} at top
   * @param ctes the CTEs visible here
   * @param projection how the select list's columns are used: {@link ColumnUsage#PROJECTION}
   *     at the top, {@link ColumnUsage#WRITE_SOURCE} under INSERT or CREATE TABLE AS, the
   *     enclosing clause's usage for a subquery in WHERE
   */
  QueryOutput query(Select select, Scope outer, Ctes ctes, ColumnUsage projection) {
    return query(select, outer, ctes, projection, false);
  }

  /**
   * As {@link #query(Select, Scope, Ctes, ColumnUsage)}.
   *
   * @param equalityItems whether the query's values are only compared by equality (a subquery
   *     under IN, {@code =} or EXISTS), so its bare select-list columns are equality-only uses
   */
  QueryOutput query(Select select, Scope outer, Ctes ctes, ColumnUsage projection,
      boolean equalityItems) {
    if (select.getAlias() != null) {
      throw new NotUnderstoodException("an alias on a query outside FROM");
    }
    return aliasedQuery(select, outer, ctes, projection, equalityItems);
  }

  /** As {@link #query}, for a FROM entry, where the query may carry an alias. */
  private QueryOutput aliasedQuery(Select select, Scope outer, Ctes ctes, ColumnUsage projection,
      boolean equalityItems) {
    ctx.visit(select);
    Ctes frame = withItems(select.getWithItemsList(), outer, ctes);
    QueryOutput output;
    if (select instanceof PlainSelect) {
      output = plainSelect((PlainSelect) select, outer, frame, projection, equalityItems);
    } else if (select instanceof SetOperationList) {
      SetOperationList set = (SetOperationList) select;
      List<QueryOutput> branches = new ArrayList<>();
      for (Select branch : set.getSelects()) {
        branches.add(query(branch, outer, frame, projection, equalityItems));
      }
      for (SetOperation op : set.getOperations()) {
        ctx.visit(op);
      }
      output = byPosition(branches);
      tail(select, outer, frame, output);
    } else if (select instanceof ParenthesedSelect) {
      output = query(((ParenthesedSelect) select).getSelect(), outer, frame, projection,
          equalityItems);
      tail(select, outer, frame, output);
    } else if (select instanceof Values) {
      output = values((Values) select, new Scope(outer, frame), projection, equalityItems);
      tail(select, outer, frame, output);
    } else if (select instanceof TableStatement) {
      ctx.kind(StatementKind.SELECT);
      Scope scope = new Scope(outer, frame);
      Relation r = tableReference(((TableStatement) select).getTable(), scope);
      scope.relations.add(r);
      ctx.sink.fixedTable(((TableStatement) select).getTable(), r, "TABLE");
      ctx.findings.use(r.wholeRow(), projection, equalityItems);
      ctx.findings.withoutWhere.addAll(r.tables());
      output = r.starOutput();
      tail(select, outer, frame, output);
    } else {
      throw new NotUnderstoodException("unsupported query: "
          + ctx.contract.describe(select.getClass()));
    }
    locking(select);
    return output;
  }

  // ---- WITH ----

  /**
   * Defines the CTEs of a WITH list in a new frame. Without RECURSIVE a CTE sees only earlier
   * siblings (its own name in its body is the real table); with RECURSIVE it sees all of them.
   */
  Ctes withItems(List<WithItem<?>> items, Scope outer, Ctes ctes) {
    if (items == null || items.isEmpty()) {
      return ctes;
    }
    Ctes frame = new Ctes(ctes);
    boolean recursive = false;
    for (WithItem<?> item : items) {
      recursive |= item.isRecursive();
    }
    if (recursive) {
      recursiveItems(items, outer, frame);
      return frame;
    }
    for (WithItem<?> item : items) {
      ctx.visit(item);
      QueryOutput output = cteBody(item, outer, frame);
      List<String> columns = cteColumns(item);
      frame.define(cteName(item), columns.isEmpty() ? output : output.renamed(columns));
    }
    return frame;
  }

  /** How many times a recursive WITH may be walked before its lineage must have settled. */
  private static final int MAX_RECURSIVE_PASSES = 6;

  /**
   * WITH RECURSIVE: every CTE sees every other, and a recursive reference carries whatever the
   * CTE has produced so far, transformed any number of times. So each CTE is taken as opaque
   * and derived from every source it may hold, and its bodies are walked again with that
   * knowledge until no CTE gains a source (a fixed point; a predicate on a recursive column
   * thus counts as a use of the real columns that feed it).
   */
  private void recursiveItems(List<WithItem<?>> items, Scope outer, Ctes frame) {
    List<Set<SourceColumn>> known = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      known.add(new LinkedHashSet<>());
    }
    for (int pass = 0; ; pass++) {
      for (int i = 0; i < items.size(); i++) {
        frame.define(cteName(items.get(i)), recursiveOutput(items.get(i), known.get(i)));
      }
      boolean grew = false;
      for (int i = 0; i < items.size(); i++) {
        ctx.visit(items.get(i));
        Set<SourceColumn> all = cteBody(items.get(i), outer, frame).allSources();
        grew |= known.get(i).addAll(all);
      }
      if (!grew) {
        return;
      }
      if (pass == MAX_RECURSIVE_PASSES) {
        throw new NotUnderstoodException("a recursive WITH whose column lineage does not settle");
      }
    }
  }

  private QueryOutput recursiveOutput(WithItem<?> item, Set<SourceColumn> sources) {
    QueryOutput output = QueryOutput.opaque(sources);
    List<String> columns = cteColumns(item);
    return columns.isEmpty() ? output : output.renamed(columns);
  }

  private List<String> cteColumns(WithItem<?> item) {
    List<String> columns = new ArrayList<>();
    if (item.getWithItemList() != null) {
      for (SelectItem<?> column : item.getWithItemList()) {
        ctx.visit(column);
        WalkContext.checkName(String.valueOf(column.getExpression()));
        columns.add(nameOf(column.getExpression()));
      }
    }
    columns.addAll(aliasColumns(item.getAlias()));
    return columns;
  }

  private QueryOutput cteBody(WithItem<?> item, Scope outer, Ctes frame) {
    Object body = item.getParenthesedStatement();
    if (body instanceof ParenthesedSelect) {
      return query((ParenthesedSelect) body, outer, frame, ColumnUsage.PROJECTION);
    }
    if (body instanceof ParenthesedInsert || body instanceof ParenthesedUpdate
        || body instanceof ParenthesedDelete) {
      ctx.visit(body);
      return dml.dataModifyingCte((Statement) body, outer, frame);
    }
    throw new NotUnderstoodException("unsupported WITH item: "
        + (body == null ? "empty" : ctx.contract.describe(body.getClass())));
  }

  private String cteName(WithItem<?> item) {
    if (item.getAlias() == null || item.getAlias().getName() == null) {
      throw new NotUnderstoodException("a WITH item without a name");
    }
    WalkContext.checkName(item.getAlias().getName());
    return ctx.names.identifier(item.getAlias().getName());
  }

  private String nameOf(Expression e) {
    if (e instanceof Column && ((Column) e).getTable() == null) {
      return ctx.names.identifier(((Column) e).getColumnName());
    }
    throw new NotUnderstoodException("a WITH column list entry that is not a plain name");
  }

  // ---- SELECT ----

  private QueryOutput plainSelect(PlainSelect ps, Scope outer, Ctes ctes, ColumnUsage usage,
      boolean equalityItems) {
    ctx.kind(StatementKind.SELECT);
    ctx.selects++;
    Scope scope = new Scope(outer, ctes);
    Block block = new Block();
    if (ps.getFromItem() != null) {
      from(ps.getFromItem(), scope, block);
      joins(ps.getJoins(), scope, block);
    } else if (ps.getJoins() != null && !ps.getJoins().isEmpty()) {
      throw new NotUnderstoodException("JOIN without FROM");
    }
    ColumnUsage projection = usage;
    if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
      selectInto(ps.getIntoTables());
      projection = ColumnUsage.WRITE_SOURCE;
    }
    QueryOutput output = selectList(ps.getSelectItems(), scope, projection, equalityItems);
    scope.selectList = output.columns();
    distinctOn(ps.getDistinct(), scope, output);
    where(ps.getWhere(), scope, block);
    groupBy(ps.getGroupBy(), scope, output);
    withAliases(scope, Scope.Aliases.EITHER,
        () -> expressions.condition(ps.getHaving(), scope, ColumnUsage.PREDICATE));
    if (ps.getWindowDefinitions() != null) {
      for (WindowDefinition w : ps.getWindowDefinitions()) {
        expressions.window(w, scope);
      }
    }
    orderBy(ps.getOrderByElements(), scope, output);
    limits(ps, scope);
    if (ps.getTop() != null) {
      ctx.visit(ps.getTop());
      expressions.walk(ps.getTop().getExpression(), scope, ColumnUsage.OTHER);
    }
    return output;
  }

  /** {@code SELECT … INTO t} creates a table and fills it (PostgreSQL, H2's MySQL modes). */
  private void selectInto(List<Table> into) {
    ctx.kind(StatementKind.INSERT);
    ctx.kind(StatementKind.DDL);
    ctx.selectInto = true;
    for (Table t : into) {
      ctx.visit(t);
      if (t.getAlias() != null) {
        throw new NotUnderstoodException("an alias on a SELECT INTO target");
      }
      ctx.findings.written(List.of(ctx.names.table(WalkContext.parts(t))));
    }
  }

  QueryOutput selectList(List<? extends SelectItem<?>> items, Scope scope, ColumnUsage usage,
      boolean equalityItems) {
    OutputBuilder out = new OutputBuilder();
    for (SelectItem<?> item : items) {
      ctx.visit(item);
      Expression e = item.getExpression();
      String alias = aliasName(item.getAlias());
      if ((e instanceof AllColumns || e instanceof AllTableColumns) && alias != null) {
        throw new NotUnderstoodException("an alias on * (no database accepts one)");
      }
      if (e != null && e.getClass() == AllColumns.class) {
        ctx.visit(e);
        Set<SourceColumn> all = new LinkedHashSet<>();
        for (Relation r : scope.relations) {
          out.addAll(r.starOutput());
          all.addAll(r.wholeRow());
        }
        ctx.findings.use(all, usage, equalityItems);
        if (scope.starUncertain) {
          // USING and NATURAL merge columns, an aliased join hides its parts: positions unknown
          out.addAll(QueryOutput.opaque(all));
        }
      } else if (e instanceof AllTableColumns) {
        ctx.visit(e);
        Relation r = expressions.relationFor(((AllTableColumns) e).getTable(), scope);
        out.addAll(r.starOutput());
        ctx.findings.use(r.wholeRow(), usage, equalityItems);
      } else {
        ValueLineage value = expressions.value(e, scope, usage, equalityItems);
        out.add(value.column(alias != null ? alias : implicitName(e)));
      }
    }
    return out.build();
  }

  private String implicitName(Expression e) {
    if (e instanceof Column) {
      return ctx.names.identifier(((Column) e).getColumnName());
    }
    return null;
  }

  private void distinctOn(Distinct distinct, Scope scope, QueryOutput output) {
    if (distinct == null) {
      return;
    }
    ctx.visit(distinct);
    if (distinct.getOnSelectItems() != null) {
      for (SelectItem<?> item : distinct.getOnSelectItems()) {
        ctx.visit(item);
        positional(item.getExpression(), scope, output, ColumnUsage.GROUPING,
            Scope.Aliases.PREFERRED);
      }
    }
  }

  /**
   * WHERE, and which of the block's tables it restricts (for {@code without_where}).
   *
   * <p>A table counts as restricted when the predicate, read as a tree of AND and OR, has a
   * conjunct that certainly references one of its columns: AND restricts what either side
   * restricts, OR only what both sides restrict. So a missing WHERE, {@code WHERE 1=1},
   * {@code WHERE true} and {@code WHERE id = 5 OR 1=1} all leave the table unrestricted;
   * tautologies that mention a column ({@code WHERE id = id}) are not detected. This is a
   * guard against accidental full scans and mass updates, not a proof of selectivity. It
   * depends only on the statement's structure, never on literal values.
   */
  void where(Expression where, Scope scope, Block block) {
    Set<Relation> restricted = new LinkedHashSet<>();
    if (where != null) {
      restricted.addAll(restriction(where, scope, block, true));
    }
    // A join condition passes a restriction on: WHERE c.region = 'EU' with o.cid = c.id
    // restricts o too. Without a restricted side, a join restricts nothing.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Set<Relation> join : block.joins) {
        if (!Collections.disjoint(join, restricted) && !restricted.containsAll(join)) {
          restricted.addAll(join);
          grew = true;
        }
      }
    }
    for (Relation r : block.tables) {
      if (!restricted.contains(r)) {
        ctx.findings.withoutWhere.addAll(r.tables());
      }
    }
  }

  /**
   * The FROM entries a predicate restricts. A conjunct over one entry restricts it; a conjunct
   * over several (at the top level of AND) is a join condition, recorded in {@code block}.
   */
  private Set<Relation> restriction(Expression e, Scope scope, Block block, boolean conjunct) {
    if (e instanceof AndExpression || e instanceof OrExpression) {
      boolean and = e instanceof AndExpression;
      ctx.visit(e);
      List<Expression> operands = flatten(e);
      Set<Relation> result = null;
      for (Expression operand : operands) {
        Set<Relation> r = restriction(operand, scope, block, conjunct && and);
        if (result == null) {
          result = new LinkedHashSet<>(r);
        } else if (and) {
          result.addAll(r);
        } else {
          result.retainAll(r);
        }
      }
      return result;
    }
    if (e instanceof ParenthesedExpressionList && e.getClass() == ParenthesedExpressionList.class
        && ((ParenthesedExpressionList<?>) e).size() == 1) {
      ctx.visit(e);
      return restriction(((ParenthesedExpressionList<?>) e).get(0), scope, block, conjunct);
    }
    Set<Relation> local = localReferences(e, scope, ColumnUsage.PREDICATE);
    if (local.size() > 1) {
      if (conjunct) {
        block.join(local);
      }
      return Set.of();
    }
    return local;
  }

  /** Walks {@code e}; returns the FROM entries of {@code scope} it certainly references. */
  private Set<Relation> localReferences(Expression e, Scope scope, ColumnUsage usage) {
    Set<Relation> refs = ctx.capture(() -> expressions.condition(e, scope, usage));
    refs.retainAll(scope.relations);
    return refs;
  }

  /** The operands of a left-deep chain of one operator, without recursion. */
  private List<Expression> flatten(Expression chain) {
    Class<?> op = chain.getClass();
    List<Expression> operands = new ArrayList<>();
    Expression left = chain;
    List<Expression> rights = new ArrayList<>();
    while (left.getClass() == op) {
      if (left != chain) {
        ctx.visit(left);
      }
      BinaryExpression b = (BinaryExpression) left;
      rights.add(b.getRightExpression());
      left = b.getLeftExpression();
    }
    operands.add(left);
    for (int i = rights.size() - 1; i >= 0; i--) {
      operands.add(rights.get(i));
    }
    return operands;
  }

  private void groupBy(GroupByElement groupBy, Scope scope, QueryOutput output) {
    if (groupBy == null) {
      return;
    }
    ctx.visit(groupBy);
    ExpressionList<?> items = groupBy.getGroupByExpressionList();
    if (items != null) {
      for (Expression e : items) {
        positional(e, scope, output, ColumnUsage.GROUPING, Scope.Aliases.EITHER);
      }
    }
    if (groupBy.getGroupingSets() != null) {
      for (ExpressionList<?> set : groupBy.getGroupingSets()) {
        for (Expression e : set) {
          positional(e, scope, output, ColumnUsage.GROUPING, Scope.Aliases.EITHER);
        }
      }
    }
  }

  void orderBy(List<OrderByElement> elements, Scope scope, QueryOutput output) {
    if (elements == null) {
      return;
    }
    for (OrderByElement o : elements) {
      ctx.visit(o);
      positional(o.getExpression(), scope, output, ColumnUsage.ORDERING, Scope.Aliases.PREFERRED);
    }
  }

  /**
   * An ORDER BY, GROUP BY or DISTINCT ON item: an integer is a position in the select list. The
   * cache key has replaced every integer by the same placeholder, so the position is unknown
   * here by design: it counts as a use of every output column.
   */
  private void positional(Expression e, Scope scope, QueryOutput output, ColumnUsage usage,
      Scope.Aliases aliases) {
    // grouping on a value compares it by equality; ordering by it reveals more
    boolean grouping = usage == ColumnUsage.GROUPING;
    if (e instanceof LongValue) {
      ctx.visit(e);
      for (QueryOutput.Entry entry : output.entries()) {
        if (entry instanceof OutputColumn) {
          OutputColumn c = (OutputColumn) entry;
          ctx.findings.use(c.sources(), usage,
              grouping && c.derivation() == Derivation.DIRECT);
        } else {
          TableName t = ((QueryOutput.Star) entry).table();
          ctx.findings.use(Set.of(new SourceColumn(t, ColumnUse.WHOLE_ROW)), usage, grouping);
        }
      }
      ctx.findings.use(output.opaqueSources(), usage);
      return;
    }
    ExpressionWalker.Position at = grouping
        ? ExpressionWalker.Position.EQUALITY : ExpressionWalker.Position.VALUE;
    withAliases(scope, aliases, () -> expressions.walkAt(e, scope, usage, at));
  }

  private void withAliases(Scope scope, Scope.Aliases aliases, Runnable walk) {
    Scope.Aliases before = scope.aliases;
    scope.aliases = aliases;
    try {
      walk.run();
    } finally {
      scope.aliases = before;
    }
  }

  private void limits(Select select, Scope scope) {
    Limit limit = select.getLimit();
    if (limit != null) {
      ctx.visit(limit);
      expressions.walk(limit.getRowCount(), scope, ColumnUsage.OTHER);
      expressions.walk(limit.getOffset(), scope, ColumnUsage.OTHER);
    }
    Offset offset = select.getOffset();
    if (offset != null) {
      ctx.visit(offset);
      expressions.walk(offset.getOffset(), scope, ColumnUsage.OTHER);
    }
    Fetch fetch = select.getFetch();
    if (fetch != null) {
      ctx.visit(fetch);
      expressions.walk(fetch.getExpression(), scope, ColumnUsage.OTHER);
    }
  }

  /** ORDER BY and LIMIT after a set operation, VALUES or parenthesised query. */
  private void tail(Select select, Scope outer, Ctes ctes, QueryOutput output) {
    if (select instanceof PlainSelect) {
      return;
    }
    Scope scope = new Scope(outer, ctes);
    scope.relations.add(Relation.derived(null, output));
    scope.selectList = output.columns();
    orderBy(select.getOrderByElements(), scope, output);
    limits(select, scope);
  }

  private void locking(Select select) {
    ForMode mode = select.getForMode();
    if (mode != null || select.getForUpdateTable() != null) {
      ctx.kind(StatementKind.LOCK);
    }
    if (select.getWait() != null) {
      ctx.visit(select.getWait());
    }
  }

  /** True when the query's outermost level caps its rows with a literal LIMIT, FETCH or TOP. */
  static boolean limited(Select select) {
    if (select instanceof ParenthesedSelect
        && limited(((ParenthesedSelect) select).getSelect())) {
      return true;
    }
    Limit limit = select.getLimit();
    if (limit != null && limit.getRowCount() instanceof LongValue) {
      return true;
    }
    Fetch fetch = select.getFetch();
    if (fetch != null && fetch.getExpression() instanceof LongValue
        && (fetch.getFetchParameters() == null
            || !String.join(" ", fetch.getFetchParameters()).toUpperCase().contains("PERCENT"))) {
      return true;
    }
    if (select instanceof PlainSelect) {
      Top top = ((PlainSelect) select).getTop();
      return top != null && top.getExpression() instanceof LongValue && !top.isPercentage();
    }
    return false;
  }

  private QueryOutput values(Values values, Scope scope, ColumnUsage usage,
      boolean equalityItems) {
    List<ValueLineage> byPosition = new ArrayList<>();
    ExpressionList<?> rows = values.getExpressions();
    if (rows != null) {
      ctx.visit(rows);
      for (Expression row : rows) {
        if (row instanceof ParenthesedExpressionList) {
          ctx.visit(row);
          List<?> cells = (List<?>) row;
          for (int i = 0; i < cells.size(); i++) {
            addAt(byPosition, i,
                expressions.value((Expression) cells.get(i), scope, usage, equalityItems));
          }
        } else {
          addAt(byPosition, 0, expressions.value(row, scope, usage, equalityItems));
        }
      }
    }
    List<OutputColumn> columns = new ArrayList<>();
    for (int i = 0; i < byPosition.size(); i++) {
      columns.add(byPosition.get(i).column(ctx.names.identifier("column" + (i + 1))));
    }
    QueryOutput output = QueryOutput.of(columns);
    List<String> renamed = aliasColumns(values.getAlias());
    return renamed.isEmpty() ? output : output.renamed(renamed);
  }

  private static void addAt(List<ValueLineage> byPosition, int i, ValueLineage cell) {
    while (byPosition.size() <= i) {
      byPosition.add(new ValueLineage());
    }
    byPosition.get(i).add(cell.sources(), cell.derivation());
  }

  /** UNION and friends: output column i derives from column i of every branch. */
  private static QueryOutput byPosition(List<QueryOutput> branches) {
    QueryOutput first = branches.get(0);
    boolean known = true;
    for (QueryOutput b : branches) {
      known &= !b.hasUnknownColumns() && b.columns().size() == first.columns().size();
    }
    if (!known) {
      Set<SourceColumn> all = new LinkedHashSet<>();
      for (QueryOutput b : branches) {
        all.addAll(b.allSources());
      }
      List<OutputColumn> named = new ArrayList<>();
      for (OutputColumn c : first.columns()) {
        named.add(new OutputColumn(c.name(), all, Derivation.DERIVED));
      }
      return new QueryOutput(named, true, all);
    }
    List<OutputColumn> columns = new ArrayList<>();
    for (int i = 0; i < first.columns().size(); i++) {
      ValueLineage position = new ValueLineage();
      for (QueryOutput b : branches) {
        OutputColumn c = b.columns().get(i);
        position.add(c.sources(), c.derivation());
      }
      columns.add(position.column(first.columns().get(i).name()));
    }
    return QueryOutput.of(columns);
  }

  // ---- FROM ----

  /**
   * Adds the relations of one FROM entry to {@code scope}; real tables read directly by this
   * block also go to {@code blockTables} (the WHERE decides whether they are restricted).
   */
  void from(FromItem item, Scope scope, Block block) {
    if (item instanceof Table) {
      ctx.visit(item);
      Relation r = tableReference((Table) item, scope);
      scope.relations.add(r);
      if (r.isTable()) {
        block.add(r);
        ctx.sink.table((Table) item, r);
      }
    } else if (item instanceof ParenthesedSelect) {
      ParenthesedSelect sub = (ParenthesedSelect) item;
      // Only LATERAL sees the entries before it; a plain derived table sees the outer query.
      Scope correlation = item instanceof LateralSubSelect ? scope : scope.outer;
      QueryOutput output = aliasedQuery(sub, correlation, scope.ctes, ColumnUsage.PROJECTION,
          false);
      scope.relations.add(derived(sub.getAlias(), output));
    } else if (item instanceof TableFunction) {
      ctx.visit(item);
      TableFunction tf = (TableFunction) item;
      // Functions in FROM see the entries before them in PostgreSQL, LATERAL or not.
      Set<SourceColumn> sources = expressions.walk(tf.getFunction(), scope, ColumnUsage.OTHER);
      scope.relations.add(derived(tf.getAlias(), QueryOutput.opaque(sources)));
    } else if (item instanceof ParenthesedFromItem) {
      ctx.visit(item);
      ParenthesedFromItem p = (ParenthesedFromItem) item;
      int before = scope.relations.size();
      from(p.getFromItem(), scope, block);
      joins(p.getJoins(), scope, block);
      if (p.getAlias() != null) {
        // The alias hides the joined entries in the databases; here they stay visible (more
        // candidates, never fewer), so the alias's columns may be any of theirs.
        Set<SourceColumn> all = new LinkedHashSet<>();
        for (Relation r : scope.relations.subList(before, scope.relations.size())) {
          all.addAll(r.wholeRow());
        }
        scope.relations.add(derived(p.getAlias(), QueryOutput.opaque(all)));
        scope.starUncertain = true;
      }
    } else if (item instanceof Values) {
      QueryOutput output = aliasedQuery((Values) item, scope.outer, scope.ctes,
          ColumnUsage.PROJECTION, false);
      scope.relations.add(derived(((Values) item).getAlias(), output));
    } else {
      ctx.visit(item);
      throw new NotUnderstoodException("unsupported FROM item: "
          + ctx.contract.describe(item.getClass()));
    }
  }

  private Relation derived(Alias alias, QueryOutput output) {
    List<String> columns = aliasColumns(alias);
    return Relation.derived(aliasName(alias), columns.isEmpty() ? output : output.renamed(columns));
  }

  /**
   * A table name in FROM: a CTE when unqualified and a CTE of that name is visible, otherwise
   * a real table, which is recorded as read.
   */
  Relation tableReference(Table table, Scope scope) {
    List<String> parts = WalkContext.parts(table);
    String alias = aliasName(table.getAlias());
    if (!aliasColumns(table.getAlias()).isEmpty()) {
      throw new NotUnderstoodException("column aliases on a table in FROM");
    }
    if (parts.size() == 1) {
      String name = ctx.names.identifier(parts.get(0));
      QueryOutput cte = scope.ctes.find(name);
      if (cte != null) {
        return Relation.derived(alias != null ? alias : name, cte);
      }
    }
    List<TableName> candidates = ctx.names.tableCandidates(parts);
    ctx.findings.read(candidates);
    return Relation.table(candidates, alias);
  }

  void joins(List<Join> joins, Scope scope, Block block) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      ctx.visit(join);
      int before = scope.relations.size();
      from(join.getFromItem(), scope, block);
      boolean inner = !(join.isLeft() || join.isRight() || join.isFull() || join.isOuter()
          || join.isCross() || join.isNatural());
      for (Expression on : join.getOnExpressions()) {
        Set<Relation> related = localReferences(on, scope, ColumnUsage.JOIN);
        if (inner && related.size() > 1) {
          block.join(related);
        }
      }
      for (Column using : join.getUsingColumns()) {
        ctx.visit(using);
        if (using.getTable() != null) {
          throw new NotUnderstoodException("a qualified column in USING");
        }
        ValueLineage found = new ValueLineage();
        expressions.resolve(ctx.names.identifier(using.getColumnName()), scope, found);
        ctx.findings.use(found.sources(), ColumnUsage.JOIN,
            found.derivation() == Derivation.DIRECT);
        scope.starUncertain = true;
      }
      if (join.isNatural()) {
        for (Relation r : scope.relations) {
          ctx.findings.use(r.wholeRow(), ColumnUsage.JOIN, true);
        }
        scope.starUncertain = true;
      }
      if (scope.relations.size() == before) {
        throw new NotUnderstoodException("a JOIN that adds no table");
      }
    }
  }

  String aliasName(Alias alias) {
    if (alias == null) {
      return null;
    }
    ctx.visit(alias);
    if (alias.getName() == null) {
      return null;
    }
    WalkContext.checkName(alias.getName());
    return ctx.names.identifier(alias.getName());
  }

  List<String> aliasColumns(Alias alias) {
    if (alias == null || alias.getAliasColumns() == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Alias.AliasColumn c : alias.getAliasColumns()) {
      ctx.visit(c);
      WalkContext.checkName(c.name);
      names.add(ctx.names.identifier(c.name));
    }
    return names;
  }

  /** Collects a select list into a {@link QueryOutput}. */
  static final class OutputBuilder {
    private final List<QueryOutput.Entry> entries = new ArrayList<>();
    private final Set<SourceColumn> opaqueSources = new LinkedHashSet<>();
    private boolean opaque;

    void add(OutputColumn column) {
      entries.add(column);
    }

    void addAll(QueryOutput output) {
      entries.addAll(output.entries());
      opaque |= output.opaque();
      opaqueSources.addAll(output.opaqueSources());
    }

    QueryOutput build() {
      return new QueryOutput(entries, opaque, opaqueSources);
    }
  }
}
