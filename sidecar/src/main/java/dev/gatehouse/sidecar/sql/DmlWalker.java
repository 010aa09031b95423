package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.Scope.Ctes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.upsert.UpsertType;

/**
 * Walks INSERT, UPDATE, DELETE, MERGE and REPLACE/UPSERT, at top level and as data-modifying
 * CTEs. Targets are always real tables (a CTE name never shadows a DML target: the database
 * would refuse to write a CTE), recorded as written; sources are walked as queries.
 */
final class DmlWalker {
  private final WalkContext ctx;
  private final StatementWalker queries;
  private final ExpressionWalker expressions;

  DmlWalker(WalkContext ctx, StatementWalker queries, ExpressionWalker expressions) {
    this.ctx = ctx;
    this.queries = queries;
    this.expressions = expressions;
  }

  static void declare(AstContract c) {
    String[] insert = {"table", "columns", "select", "duplicateUpdateSets", "setUpdateSets",
        "modifierPriority", "modifierIgnore", "returningClause", "withItemsList",
        "conflictTarget", "conflictAction", "onlyDefaultValues", "overriding", "oracleHint"};
    c.allowLabelled(Insert.class, "INSERT", insert);
    c.allowLabelled(ParenthesedInsert.class, "INSERT in WITH", "insert", "alias");
    String[] update = {"withItemsList", "table", "where", "updateSets", "fromItem", "joins",
        "startJoins", "orderByElements", "limit", "returningClause", "modifierPriority",
        "modifierIgnore", "oracleHint"};
    c.allowLabelled(Update.class, "UPDATE", update);
    c.allowLabelled(ParenthesedUpdate.class, "UPDATE in WITH", "update", "alias");
    String[] delete = {"withItemsList", "table", "tables", "usingList", "joins", "where", "limit",
        "orderByElements", "hasFrom", "modifierPriority", "modifierIgnore", "modifierQuick",
        "returningClause", "oracleHint"};
    c.allowLabelled(Delete.class, "DELETE", delete);
    c.allowLabelled(ParenthesedDelete.class, "DELETE in WITH", "delete", "alias", "hasFrom");
    c.allowLabelled(Merge.class, "MERGE", "withItemsList", "table", "fromItem", "onCondition",
        "operations", "insertFirst", "mergeInsert", "mergeUpdate", "oracleHint");
    c.allow(MergeUpdate.class, "updateSets", "andPredicate", "whereCondition",
        "deleteWhereCondition");
    c.allow(MergeInsert.class, "andPredicate", "columns", "values", "whereCondition");
    c.allow(MergeDelete.class, "andPredicate");
    c.allowLabelled(Upsert.class, "REPLACE / UPSERT", "table", "columns", "select",
        "updateSets", "duplicateUpdateSets", "upsertType", "isUsingInto");
    c.allow(UpdateSet.class, "columns", "values");
    c.allow(InsertConflictTarget.class, "indexColumnNames", "indexExpression",
        "whereExpression", "constraintName");
    c.allow(InsertConflictAction.class, "conflictActionType", "whereExpression", "updateSets");
    c.allowLabelled(ReturningClause.class, "RETURNING", "keyword");
  }

  /**
   * Walks {@code statement} if it is DML; false when it is not. The result of a top-level
   * INSERT, UPDATE or DELETE with RETURNING is its RETURNING list.
   */
  boolean statement(Statement statement, Scope outer, Ctes ctes) {
    if (statement instanceof Insert) {
      QueryOutput out = insert((Insert) statement, outer, ctes);
      result(((Insert) statement).getReturningClause(), out);
    } else if (statement instanceof Update) {
      QueryOutput out = update((Update) statement, outer, ctes);
      result(((Update) statement).getReturningClause(), out);
    } else if (statement instanceof Delete) {
      QueryOutput out = delete((Delete) statement, outer, ctes);
      result(((Delete) statement).getReturningClause(), out);
    } else if (statement instanceof Merge) {
      merge((Merge) statement, outer, ctes);
    } else if (statement instanceof Upsert) {
      upsert((Upsert) statement, outer, ctes);
    } else {
      return false;
    }
    return true;
  }

  private void result(ReturningClause returning, QueryOutput output) {
    if (returning != null) {
      ctx.findings.lineage = output.lineage();
    }
  }

  /** A {@code WITH x AS (INSERT/UPDATE/DELETE … RETURNING …)} body; its output is RETURNING's. */
  QueryOutput dataModifyingCte(Statement wrapper, Scope outer, Ctes ctes) {
    if (wrapper instanceof ParenthesedInsert) {
      return insert(((ParenthesedInsert) wrapper).getInsert(), outer, ctes);
    }
    if (wrapper instanceof ParenthesedUpdate) {
      return update(((ParenthesedUpdate) wrapper).getUpdate(), outer, ctes);
    }
    return delete(((ParenthesedDelete) wrapper).getDelete(), outer, ctes);
  }

  private QueryOutput insert(Insert ins, Scope outer, Ctes outerCtes) {
    ctx.visit(ins);
    ctx.kind(StatementKind.INSERT);
    Ctes ctes = queries.withItems(ins.getWithItemsList(), outer, outerCtes);
    Relation target = target(ins, ins.getTable(), false);
    Scope valuesScope = new Scope(outer, ctes);
    List<String> columns = targetColumns(ins.getColumns(), target);
    QueryOutput source = QueryOutput.opaque(Set.of());
    if (ins.getSelect() != null) {
      source = queries.query(ins.getSelect(), outer, ctes, ColumnUsage.WRITE_SOURCE);
    }
    if (ins.getSetUpdateSets() != null) {
      assignments(ins.getSetUpdateSets(), target, valuesScope);
    }
    Scope targetScope = new Scope(outer, ctes);
    targetScope.relations.add(target);
    if (ins.getDuplicateUpdateSets() != null && !ins.getDuplicateUpdateSets().isEmpty()) {
      ctx.kind(StatementKind.UPDATE);
      assignments(ins.getDuplicateUpdateSets(), target, targetScope);
    }
    conflictTarget(ins.getConflictTarget(), targetScope);
    InsertConflictAction action = ins.getConflictAction();
    if (action != null) {
      ctx.visit(action);
      if (action.getConflictActionType() == ConflictActionType.DO_UPDATE) {
        ctx.kind(StatementKind.UPDATE);
        Scope conflictScope = new Scope(outer, ctes);
        conflictScope.relations.add(target);
        // EXCLUDED has the target's columns; without a column list, which source column lands
        // in which of them is only known from the table's definition
        QueryOutput proposed = columns.isEmpty()
            ? QueryOutput.opaque(source.allSources()) : source.renamed(columns);
        conflictScope.relations.add(Relation.derived("excluded", proposed));
        assignments(action.getUpdateSets(), target, conflictScope);
        expressions.condition(action.getWhereExpression(), conflictScope,
            ColumnUsage.PREDICATE);
      }
    }
    return returning(ins.getReturningClause(), targetScope);
  }

  private void conflictTarget(InsertConflictTarget t, Scope scope) {
    if (t == null) {
      return;
    }
    ctx.visit(t);
    if (t.getIndexColumnNames() != null) {
      for (String name : t.getIndexColumnNames()) {
        ctx.findings.use(scope.relations.get(0).sourcesOf(ctx.names.identifier(name)),
            ColumnUsage.OTHER);
      }
    }
    expressions.walk(t.getIndexExpression(), scope, ColumnUsage.OTHER);
    expressions.walk(t.getWhereExpression(), scope, ColumnUsage.OTHER);
  }

  private QueryOutput update(Update u, Scope outer, Ctes outerCtes) {
    ctx.visit(u);
    ctx.kind(StatementKind.UPDATE);
    Ctes ctes = queries.withItems(u.getWithItemsList(), outer, outerCtes);
    Scope scope = new Scope(outer, ctes);
    Block block = new Block();
    boolean plain = u.getStartJoins() == null || u.getStartJoins().isEmpty();
    Relation target = target(u, u.getTable(), plain);
    scope.relations.add(target);
    block.add(target);
    if (u.getStartJoins() != null && !u.getStartJoins().isEmpty()) {
      // MariaDB multi-table UPDATE: any joined table may be a target.
      int before = scope.relations.size();
      queries.joins(u.getStartJoins(), scope, block);
      for (Relation r : scope.relations.subList(before, scope.relations.size())) {
        ctx.findings.written(r.tables());
      }
    }
    if (u.getFromItem() != null) {
      queries.from(u.getFromItem(), scope, block);
      queries.joins(u.getJoins(), scope, block);
    } else if (u.getJoins() != null && !u.getJoins().isEmpty()) {
      throw new NotUnderstoodException("UPDATE with JOIN but no FROM");
    }
    assignments(u.getUpdateSets(), target, scope);
    queries.where(u.getWhere(), scope, block);
    queries.orderBy(u.getOrderByElements(), scope, QueryOutput.opaque(Set.of()));
    limit(u.getLimit(), scope);
    return returning(u.getReturningClause(), scope);
  }

  private QueryOutput delete(Delete d, Scope outer, Ctes outerCtes) {
    ctx.visit(d);
    ctx.kind(StatementKind.DELETE);
    Ctes ctes = queries.withItems(d.getWithItemsList(), outer, outerCtes);
    Scope scope = new Scope(outer, ctes);
    Block block = new Block();
    if (d.getTable() != null) {
      Relation target = target(d, d.getTable(), d.getTables() == null || d.getTables().isEmpty());
      scope.relations.add(target);
      block.add(target);
    }
    if (d.getUsingList() != null) {
      for (Table using : d.getUsingList()) {
        int before = scope.relations.size();
        queries.from(using, scope, block);
        for (Relation r : scope.relations.subList(before, scope.relations.size())) {
          ctx.sink.fixedTable(using, r, "DELETE … USING");
        }
      }
    }
    queries.joins(d.getJoins(), scope, block);
    if (d.getTables() != null && !d.getTables().isEmpty()) {
      // MariaDB multi-table DELETE t1, t2 FROM …: the listed names are aliases in FROM;
      // count every table of the statement as written rather than trust the mapping.
      for (Relation r : scope.relations) {
        ctx.findings.written(r.tables());
      }
    }
    queries.where(d.getWhere(), scope, block);
    queries.orderBy(d.getOrderByElements(), scope, QueryOutput.opaque(Set.of()));
    limit(d.getLimit(), scope);
    return returning(d.getReturningClause(), scope);
  }

  private void merge(Merge m, Scope outer, Ctes outerCtes) {
    ctx.visit(m);
    ctx.kind(StatementKind.MERGE);
    Ctes ctes = queries.withItems(m.getWithItemsList(), outer, outerCtes);
    Scope scope = new Scope(outer, ctes);
    Relation target = target(m, m.getTable(), false);
    scope.relations.add(target);
    Scope sourceScope = new Scope(outer, ctes);
    Block ignored = new Block();
    queries.from(m.getFromItem(), scope, ignored);
    sourceScope.relations.addAll(scope.relations.subList(1, scope.relations.size()));
    expressions.condition(m.getOnCondition(), scope, ColumnUsage.JOIN);
    if (m.getOperations() == null || m.getOperations().isEmpty()) {
      throw new NotUnderstoodException("MERGE without WHEN clauses");
    }
    // JSqlParser also keeps the first WHEN MATCHED/NOT MATCHED in legacy fields; they must be
    // the same objects as in the operations walked below, or something would go unread.
    for (Object legacy : new Object[] {m.getMergeInsert(), m.getMergeUpdate()}) {
      if (legacy != null && m.getOperations().stream().noneMatch(op -> op == legacy)) {
        throw new NotUnderstoodException("a MERGE clause outside its WHEN list");
      }
    }
    for (MergeOperation op : m.getOperations()) {
      ctx.visit(op);
      if (op instanceof MergeUpdate) {
        MergeUpdate up = (MergeUpdate) op;
        ctx.kind(StatementKind.UPDATE);
        expressions.condition(up.getAndPredicate(), scope, ColumnUsage.PREDICATE);
        assignments(up.getUpdateSets(), target, scope);
        expressions.condition(up.getWhereCondition(), scope, ColumnUsage.PREDICATE);
        if (up.getDeleteWhereCondition() != null) {
          ctx.kind(StatementKind.DELETE);
          expressions.condition(up.getDeleteWhereCondition(), scope, ColumnUsage.PREDICATE);
        }
      } else if (op instanceof MergeInsert) {
        MergeInsert in = (MergeInsert) op;
        ctx.kind(StatementKind.INSERT);
        expressions.condition(in.getAndPredicate(), scope, ColumnUsage.PREDICATE);
        targetColumns(in.getColumns(), target);
        expressions.walk(in.getValues(), sourceScope, ColumnUsage.WRITE_SOURCE);
        expressions.condition(in.getWhereCondition(), sourceScope, ColumnUsage.PREDICATE);
      } else if (op instanceof MergeDelete) {
        ctx.kind(StatementKind.DELETE);
        expressions.condition(((MergeDelete) op).getAndPredicate(), scope,
            ColumnUsage.PREDICATE);
      }
    }
  }

  private void upsert(Upsert u, Scope outer, Ctes ctes) {
    ctx.visit(u);
    ctx.kind(StatementKind.INSERT);
    // REPLACE deletes the conflicting row and inserts; the other forms update it in place.
    ctx.kind(u.getUpsertType() == UpsertType.REPLACE || u.getUpsertType() == UpsertType.REPLACE_SET
        || u.getUpsertType() == UpsertType.INSERT_OR_REPLACE
        ? StatementKind.DELETE : StatementKind.UPDATE);
    Relation target = target(u, u.getTable(), false);
    targetColumns(u.getColumns(), target);
    if (u.getSelect() != null) {
      queries.query(u.getSelect(), outer, ctes, ColumnUsage.WRITE_SOURCE);
    }
    Scope scope = new Scope(outer, ctes);
    scope.relations.add(target);
    if (u.getUpdateSets() != null) {
      assignments(u.getUpdateSets(), target, new Scope(outer, ctes));
    }
    if (u.getDuplicateUpdateSets() != null) {
      assignments(u.getDuplicateUpdateSets(), target, scope);
    }
  }

  /**
   * A DML target: always a real table, written.
   *
   * @param plain a single-table UPDATE or DELETE (see {@link WalkContext.Sink#target})
   */
  private Relation target(Statement statement, Table table, boolean plain) {
    if (table == null) {
      throw new NotUnderstoodException("a data-modifying statement without a target table");
    }
    ctx.visit(table);
    TableName name = ctx.names.table(WalkContext.parts(table));
    ctx.findings.written(List.of(name));
    ctx.sink.target(statement, table, name, plain);
    return Relation.table(List.of(name), queries.aliasName(table.getAlias()));
  }

  private List<String> targetColumns(ExpressionList<Column> columns, Relation target) {
    List<String> names = new ArrayList<>();
    if (columns == null || columns.isEmpty()) {
      ctx.findings.use(target.wholeRow(), ColumnUsage.WRITE_TARGET);
      return names;
    }
    ctx.visit(columns);
    for (Column c : columns) {
      ctx.visit(c);
      String name = ctx.names.identifier(c.getColumnName());
      names.add(name);
      ctx.findings.use(target.sourcesOf(name), ColumnUsage.WRITE_TARGET);
    }
    return names;
  }

  /**
   * SET assignments: unqualified targets are columns of the target table (never of a FROM
   * table), qualified ones are resolved; values are walked as written sources.
   */
  private void assignments(List<UpdateSet> sets, Relation target, Scope scope) {
    if (sets == null) {
      return;
    }
    for (UpdateSet set : sets) {
      ctx.visit(set);
      for (Column c : set.getColumns()) {
        ctx.visit(c);
        if (c.getTable() == null || c.getTable().getName() == null) {
          ctx.findings.use(target.sourcesOf(ctx.names.identifier(c.getColumnName())),
              ColumnUsage.WRITE_TARGET);
        } else {
          expressions.walk(c, scope, ColumnUsage.WRITE_TARGET);
        }
      }
      for (Expression value : set.getValues()) {
        expressions.walk(value, scope, ColumnUsage.WRITE_SOURCE);
      }
    }
  }

  private void limit(Limit limit, Scope scope) {
    if (limit == null) {
      return;
    }
    ctx.visit(limit);
    expressions.walk(limit.getRowCount(), scope, ColumnUsage.OTHER);
    expressions.walk(limit.getOffset(), scope, ColumnUsage.OTHER);
    if (limit.getRowCount() instanceof LongValue) {
      ctx.findings.hasLimit = true;
    }
  }

  private QueryOutput returning(ReturningClause returning, Scope scope) {
    if (returning == null) {
      return QueryOutput.of(List.of());
    }
    ctx.visit(returning);
    return queries.selectList(returning, scope, ColumnUsage.PROJECTION, false);
  }
}
