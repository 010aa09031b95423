package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.sql.Scope.Ctes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.function.CreateFunction;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.procedure.CreateProcedure;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * Walks everything that is neither a query nor DML: DDL, GRANT, session settings, transaction
 * control, CALL, SHOW and DESCRIBE.
 *
 * <p>Some DDL keeps parts as raw text in JSqlParser (column definitions, constraints, ALTER
 * actions, function bodies); the walker marks such statements {@link WalkContext#opaqueText},
 * and the analyzer then checks those parts at token level: no hidden query, no dangerous call.
 */
final class OtherStatementWalker {
  private static final String SET_NAME_EXPR = "net.sf.jsqlparser.statement.SetStatement$NameExpr";

  private final WalkContext ctx;
  private final StatementWalker queries;
  private final ExpressionWalker expressions;

  OtherStatementWalker(WalkContext ctx, StatementWalker queries, ExpressionWalker expressions) {
    this.ctx = ctx;
    this.queries = queries;
    this.expressions = expressions;
  }

  static void declare(AstContract c) {
    c.allowLabelled(CreateTable.class, "CREATE TABLE", "table", "unlogged",
        "createOptionsStrings", "tableOptionsStrings", "columnDefinitions", "columns", "indexes",
        "select", "likeTable", "selectParenthesis", "ifNotExists", "orReplace", "rowMovement");
    c.allowLabelled(CreateView.class, "CREATE VIEW", "view", "select", "orReplace",
        "columnNames", "materialized", "force", "secure", "temp", "autoRefresh", "withReadOnly",
        "ifNotExists", "viewCommentOptions");
    c.allowLabelled(AlterView.class, "ALTER VIEW", "view", "select", "useReplace", "columnNames");
    c.allowLabelled(CreateIndex.class, "CREATE INDEX", "table", "index", "tailParameters",
        "indexTypeBeforeOn", "usingIfNotExists");
    c.allowLabelled(CreateSchema.class, "CREATE SCHEMA", "authorization", "schemaName",
        "schemaPath", "hasIfNotExists");
    c.allowLabelled(CreateSequence.class, "CREATE SEQUENCE", "sequence");
    c.allowLabelled(AlterSequence.class, "ALTER SEQUENCE", "sequence");
    c.allowLabelled(Drop.class, "DROP", "type", "name", "parameters", "typeToParameters",
        "ifExists", "materialized", "isUsingTemporary");
    c.allowLabelled(Alter.class, "ALTER TABLE", "table", "useOnly", "useTableIfExists",
        "alterExpressions");
    c.allowLabelled(Truncate.class, "TRUNCATE", "cascade", "tableToken", "only", "table",
        "tables");
    c.allowLabelled(Comment.class, "COMMENT", "table", "column", "view", "comment");
    c.allowLabelled(RenameTableStatement.class, "RENAME", "tableNames", "usingTableKeyword",
        "usingIfExistsKeyword", "waitDirective");
    c.allowLabelled(Analyze.class, "ANALYZE", "table");
    c.allowLabelled(RefreshMaterializedViewStatement.class, "REFRESH MATERIALIZED VIEW", "view",
        "refreshMode", "concurrently");
    c.allowLabelled(CreateFunction.class, "CREATE FUNCTION", "kind", "orReplace",
        "functionDeclarationParts");
    c.allowLabelled(CreateProcedure.class, "CREATE PROCEDURE", "kind", "orReplace",
        "functionDeclarationParts");
    c.allowLabelled(Grant.class, "GRANT", "role", "privileges", "objectName", "users");
    c.allowLabelled(SetStatement.class, "SET", "values", "effectParameter");
    try {
      c.allow(Class.forName(SET_NAME_EXPR), "name", "expressions", "useEqual");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("JSqlParser without " + SET_NAME_EXPR, e);
    }
    c.allowLabelled(ResetStatement.class, "RESET", "name");
    c.allowLabelled(UseStatement.class, "USE", "name", "schemaKeyword");
    c.allowLabelled(Commit.class, "COMMIT");
    c.allowLabelled(RollbackStatement.class, "ROLLBACK", "usingWorkKeyword",
        "usingSavepointKeyword", "savepointName");
    c.allowLabelled(SavepointStatement.class, "SAVEPOINT", "savepointName");
    c.allowLabelled(Execute.class, "CALL / EXECUTE", "execType", "name", "exprList");
    c.allowLabelled(DescribeStatement.class, "DESCRIBE", "table", "describeType");
    c.allowLabelled(ShowStatement.class, "SHOW", "name");
    c.allowLabelled(ShowColumnsStatement.class, "SHOW COLUMNS", "tableName");
    c.allowLabelled(ShowTablesStatement.class, "SHOW TABLES", "modifiers", "selectionMode",
        "dbName");
  }

  /** Walks {@code statement} if it is one of ours; false when it is not. */
  boolean statement(Statement statement) {
    if (!ctx.contract.handles(statement.getClass())) {
      return false;
    }
    ctx.visit(statement);
    if (statement instanceof SetStatement) {
      set((SetStatement) statement);
    } else if (statement instanceof ResetStatement) {
      String name = ((ResetStatement) statement).getName();
      ctx.findings.kinds.addAll(SessionSettings.classify(name == null ? "all" : unquote(name)));
    } else if (statement instanceof UseStatement) {
      ctx.kind(StatementKind.SET_SEARCH_PATH);
    } else if (statement instanceof Commit) {
      ctx.kind(StatementKind.COMMIT);
    } else if (statement instanceof RollbackStatement || statement instanceof SavepointStatement) {
      ctx.kind(StatementKind.TRANSACTION);
    } else if (statement instanceof Execute) {
      call((Execute) statement);
    } else if (statement instanceof DescribeStatement) {
      ctx.kind(StatementKind.SHOW);
      ctx.findings.read(ctx.names.tableCandidates(
          WalkContext.parts(((DescribeStatement) statement).getTable())));
    } else if (statement instanceof ShowColumnsStatement) {
      ctx.kind(StatementKind.SHOW);
      String table = ((ShowColumnsStatement) statement).getTableName();
      try {
        ctx.findings.read(List.of(ctx.names.table(table)));
      } catch (IllegalArgumentException e) {
        throw new NotUnderstoodException("SHOW COLUMNS of something that is not a table name");
      }
    } else if (statement instanceof ShowStatement || statement instanceof ShowTablesStatement) {
      ctx.kind(StatementKind.SHOW);
    } else if (statement instanceof Grant) {
      grant((Grant) statement);
    } else {
      ddl(statement);
    }
    return true;
  }

  private void set(SetStatement set) {
    for (int i = 0; i < set.getCount(); i++) {
      Object name = set.getName(i);
      String setting;
      if (name instanceof UserVariable) {
        ctx.visit(name);
        setting = "@" + ((UserVariable) name).getName();
      } else {
        setting = unquote(String.valueOf(name));
        if (i == 0 && set.getEffectParameter() != null) {
          setting = set.getEffectParameter() + " " + setting;
        }
      }
      ctx.findings.kinds.addAll(SessionSettings.classify(setting));
      List<Expression> values = set.getExpressions(i);
      if (values != null && !set.isUseEqual(i)) {
        for (Expression value : values) {
          // SET ROLE x, SET SCHEMA 'x': without "=" the value is a name or a literal.
          boolean plain = value instanceof Column || value instanceof StringValue
              || value instanceof LongValue || value instanceof DoubleValue;
          if (!plain) {
            throw new NotUnderstoodException("SET " + setting + " with a value that is not a"
                + " plain name or literal");
          }
        }
      }
      if (values != null) {
        Scope none = new Scope(null, Ctes.NONE);
        for (Expression value : values) {
          // A bare name in SET is a value (SET ROLE admin), not a column reference.
          if (value instanceof Column && ((Column) value).getTable() == null) {
            ctx.visit(value);
          } else {
            // a value kept in a setting or variable can be read back unmasked: a write
            expressions.walk(value, none, ColumnUsage.WRITE_SOURCE);
          }
        }
      }
    }
  }

  private void call(Execute execute) {
    if (execute.getExecType() != Execute.ExecType.CALL) {
      throw new NotUnderstoodException("EXECUTE runs a prepared statement or batch whose text"
          + " cannot be seen");
    }
    ctx.kind(StatementKind.CALL);
    ctx.function(expressions.functionName(splitQualified(execute.getName())));
    if (execute.getExprList() != null) {
      expressions.walk(execute.getExprList(), new Scope(null, Ctes.NONE), ColumnUsage.OTHER);
    }
  }

  private void grant(Grant grant) {
    ctx.kind(StatementKind.GRANT);
    List<String> object = grant.getObjectNameParts();
    if (object != null && !object.isEmpty()) {
      ctx.findings.written(List.of(ctx.names.table(object)));
    }
  }

  private void ddl(Statement s) {
    ctx.kind(StatementKind.DDL);
    if (s instanceof CreateTable) {
      createTable((CreateTable) s);
    } else if (s instanceof CreateView) {
      CreateView v = (CreateView) s;
      written(v.getView());
      if (v.isMaterialized()) {
        ctx.kind(StatementKind.INSERT);
      }
      queries.query(v.getSelect(), null, Ctes.NONE, ColumnUsage.WRITE_SOURCE);
      ctx.opaqueText |= v.getViewCommentOptions() != null && !v.getViewCommentOptions().isEmpty();
    } else if (s instanceof AlterView) {
      written(((AlterView) s).getView());
      queries.query(((AlterView) s).getSelect(), null, Ctes.NONE, ColumnUsage.WRITE_SOURCE);
    } else if (s instanceof CreateIndex) {
      written(((CreateIndex) s).getTable());
      ctx.opaqueText = true;
    } else if (s instanceof Drop) {
      drop((Drop) s);
    } else if (s instanceof Alter) {
      alter((Alter) s);
    } else if (s instanceof Truncate) {
      truncate((Truncate) s);
    } else if (s instanceof Comment) {
      comment((Comment) s);
    } else if (s instanceof RenameTableStatement) {
      for (Map.Entry<Table, Table> e : ((RenameTableStatement) s).getTableNames()) {
        written(e.getKey());
        written(e.getValue());
      }
    } else if (s instanceof Analyze) {
      ctx.findings.read(ctx.names.tableCandidates(WalkContext.parts(((Analyze) s).getTable())));
    } else if (s instanceof RefreshMaterializedViewStatement) {
      ctx.kind(StatementKind.INSERT);
      written(((RefreshMaterializedViewStatement) s).getView());
    } else if (s instanceof CreateFunction || s instanceof CreateProcedure) {
      ctx.findings.danger(new DangerousUse("create function",
          "defines server-side code that later calls run with its owner's privileges"));
      ctx.opaqueText = true;
    } else if (s instanceof CreateSchema || s instanceof CreateSequence
        || s instanceof AlterSequence) {
      return;
    } else {
      throw new NotUnderstoodException("unsupported statement: "
          + ctx.contract.describe(s.getClass()));
    }
  }

  private void createTable(CreateTable ct) {
    written(ct.getTable());
    if (ct.getSelect() != null) {
      ctx.kind(StatementKind.INSERT);
      queries.query(ct.getSelect(), null, Ctes.NONE, ColumnUsage.WRITE_SOURCE);
    }
    if (ct.getLikeTable() != null) {
      ctx.findings.read(ctx.names.tableCandidates(WalkContext.parts(ct.getLikeTable())));
    }
    if (ct.getIndexes() != null) {
      for (Index index : ct.getIndexes()) {
        if (index instanceof ForeignKeyIndex && ((ForeignKeyIndex) index).getTable() != null) {
          ctx.findings.read(ctx.names.tableCandidates(
              WalkContext.parts(((ForeignKeyIndex) index).getTable())));
        }
      }
    }
    ctx.opaqueText |= notEmpty(ct.getColumnDefinitions()) || notEmpty(ct.getIndexes())
        || notEmpty(ct.getTableOptionsStrings()) || notEmpty(ct.getCreateOptionsStrings());
  }

  private void drop(Drop d) {
    String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
    if (type.equals("TABLE") || type.equals("VIEW") || type.equals("MATERIALIZED VIEW")
        || type.equals("FOREIGN TABLE")) {
      written(d.getName());
    }
  }

  private void alter(Alter a) {
    Table table = a.getTable();
    TableName name = written(table);
    ctx.opaqueText = true;
    if (a.getAlterExpressions() != null) {
      for (AlterExpression e : a.getAlterExpressions()) {
        if (e.getNewTableName() != null) {
          List<String> parts = new ArrayList<>(WalkContext.parts(new Table(e.getNewTableName())));
          TableName renamed = parts.size() == 1
              ? new TableName(name.catalog(), name.schema(), ctx.names.identifier(parts.get(0)))
              : ctx.names.table(parts);
          ctx.findings.written(List.of(renamed));
        }
      }
    }
  }

  private void truncate(Truncate t) {
    ctx.kind(StatementKind.DELETE);
    List<Table> tables = new ArrayList<>();
    if (t.getTable() != null) {
      tables.add(t.getTable());
    }
    if (t.getTables() != null) {
      tables.addAll(t.getTables());
    }
    for (Table table : tables) {
      ctx.findings.withoutWhere.add(written(table));
    }
  }

  private void comment(Comment c) {
    if (c.getTable() != null) {
      written(c.getTable());
    } else if (c.getView() != null) {
      written(c.getView());
    } else if (c.getColumn() != null && c.getColumn().getTable() != null) {
      written(c.getColumn().getTable());
    } else {
      throw new NotUnderstoodException("COMMENT on something other than a table, view or column");
    }
  }

  private TableName written(Table table) {
    if (table == null) {
      throw new NotUnderstoodException("DDL without a target name");
    }
    TableName name = ctx.names.table(WalkContext.parts(table));
    ctx.findings.written(List.of(name));
    return name;
  }

  private static boolean notEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }

  private String unquote(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("\\s+")) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(ctx.names.isQuoted(part) ? part.substring(1, part.length() - 1) : part);
    }
    return out.toString();
  }

  private static List<String> splitQualified(String name) {
    if (name == null || name.isEmpty()) {
      throw new NotUnderstoodException("CALL without a procedure name");
    }
    if (name.indexOf('"') >= 0 || name.indexOf('`') >= 0) {
      return List.of(name);
    }
    return List.of(name.split("\\.", -1));
  }
}
