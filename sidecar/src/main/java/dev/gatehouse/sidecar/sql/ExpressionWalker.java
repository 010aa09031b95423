package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.MySQLGroupConcat;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.OracleNamedFunctionParameter;
import net.sf.jsqlparser.expression.OrderByClause;
import net.sf.jsqlparser.expression.PartitionByClause;
import net.sf.jsqlparser.expression.RangeExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.WindowRange;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseLeftShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseRightShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ContainedBy;
import net.sf.jsqlparser.expression.operators.relational.Contains;
import net.sf.jsqlparser.expression.operators.relational.DoubleAnd;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.FullTextSearch;
import net.sf.jsqlparser.expression.operators.relational.GeometryDistance;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.JsonOperator;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.Matches;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NamedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks expressions: resolves every column reference through the {@link Scope}s, records
 * functions (and dangerous ones), hands subqueries back to the {@link StatementWalker}, and
 * returns the real-table columns each expression's value may derive from (its lineage, as far as
 * issue #4 needs it).
 *
 * <p>Each expression class below is handled exactly; {@link #declare} lists them and their
 * fields in the {@link AstContract}. Anything else is not understood.
 */
final class ExpressionWalker {
  /** Classes whose instances carry no column and no call: literals, parameters, variables. */
  private static final List<Class<? extends Expression>> VALUES = List.of(
      LongValue.class, DoubleValue.class, StringValue.class, NullValue.class, BooleanValue.class,
      HexValue.class, DateValue.class, TimeValue.class, TimestampValue.class,
      DateTimeLiteralExpression.class, TimeKeyExpression.class, JdbcParameter.class,
      JdbcNamedParameter.class, UserVariable.class, AllValue.class);

  /** Operators with two operands and nothing else to read. */
  private static final List<Class<? extends BinaryExpression>> OPERATORS = List.of(
      Addition.class, Subtraction.class, Multiplication.class, Division.class,
      IntegerDivision.class, Modulo.class, Concat.class, BitwiseAnd.class, BitwiseOr.class,
      BitwiseXor.class, BitwiseLeftShift.class, BitwiseRightShift.class, AndExpression.class,
      OrExpression.class, XorExpression.class, EqualsTo.class, NotEqualsTo.class,
      GreaterThan.class, GreaterThanEquals.class, MinorThan.class, MinorThanEquals.class,
      SimilarToExpression.class, RegExpMatchOperator.class, JsonOperator.class,
      IsDistinctExpression.class, Contains.class, ContainedBy.class, DoubleAnd.class,
      GeometryDistance.class, Matches.class);

  /**
   * Bare words JSqlParser reads as columns that the databases read as keywords (PostgreSQL and
   * H2 reserve them): they are values, or calls of niladic functions, never column references.
   */
  private static final Set<String> KEYWORD_VALUES = Set.of("default");
  private static final Set<String> NILADIC_FUNCTIONS = Set.of(
      "current_user", "session_user", "user", "current_role", "current_schema", "current_catalog",
      "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
      "system_user", "utc_date", "utc_time", "utc_timestamp");

  /**
   * Functions that store a value where a later statement can read it back unmasked (a session
   * setting, a variable, a notification): their arguments are written sources (SPEC §5, "masked
   * data may not flow into a write").
   */
  private static final Set<String> STORING_FUNCTIONS = Set.of("set_config", "set", "pg_notify");

  /**
   * Where the expression about to be walked sits, for the predicate rule of masked columns
   * (issue #5): under {@code predicates: equality} a masked column may be compared by equality
   * and grouped on, nothing else.
   */
  enum Position {
    /** A value: whatever is computed from its columns may reveal them in any form. */
    VALUE,
    /** A condition: AND, OR and parentheses pass this on; =, IN and IS NULL compare equality. */
    CONDITION,
    /**
     * An operand compared by equality only, grouped on, or counted: a bare column here (or a
     * pass-through of one) is an equality-only use.
     */
    EQUALITY
  }

  /** Whether a bare name is one the databases read as a niladic function, not a column. */
  static boolean niladic(Column c, NameResolver names) {
    String written = c.getColumnName();
    return c.getTable() == null && !names.isQuoted(written)
        && NILADIC_FUNCTIONS.contains(written.toLowerCase(Locale.ROOT));
  }

  private final WalkContext ctx;
  private StatementWalker statements;
  /** The position of the next expression {@link #walk} enters; reset on entry. */
  private Position next = Position.VALUE;

  ExpressionWalker(WalkContext ctx) {
    this.ctx = ctx;
  }

  void connect(StatementWalker statements) {
    this.statements = statements;
  }

  /** Declares the handled expression classes and the fields the walker reads or ignores. */
  static void declare(AstContract c) {
    for (Class<? extends Expression> type : VALUES) {
      c.allow(type, allFieldsOf(type));
    }
    for (Class<? extends BinaryExpression> type : OPERATORS) {
      c.allowWherePresent(type, "leftExpression", "rightExpression", "operator", "useOperator", "not",
          "escape", "operatorType", "op");
    }
    c.allow(LikeExpression.class, "leftExpression", "rightExpression", "not", "useBinary",
        "escapeExpression", "likeKeyWord");
    c.allow(Column.class, "table", "columnName", "tableDelimiter");
    c.allowLabelled(Function.class, "function call", "nameparts", "parameters", "namedParameters",
        "allColumns", "distinct", "orderByElements", "nullHandling", "ignoreNullsOutside");
    c.allowLabelled(AnalyticExpression.class, "window function", "name", "expression", "offset",
        "defaultValue", "allColumns", "type", "distinct", "ignoreNullsOutside",
        "filterExpression", "funcOrderBy", "windowName", "windowDef", "nullHandling");
    c.allow(WindowDefinition.class, "orderBy", "partitionBy", "windowElement", "windowName");
    c.allow(OrderByClause.class, "orderByElements");
    c.allow(PartitionByClause.class, "partitionExpressionList", "brackets");
    c.allow(WindowElement.class, "type", "offset", "range");
    c.allow(WindowRange.class, "start", "end");
    c.allow(WindowOffset.class, "expression", "type");
    c.allow(OrderByElement.class, "expression", "asc", "ascDescPresent", "nullOrdering");
    c.allow(ExpressionList.class);
    c.allow(ParenthesedExpressionList.class);
    c.allow(RowConstructor.class, "name");
    c.allow(NamedExpressionList.class, "names");
    c.allow(CaseExpression.class, "usingBrackets", "switchExpression", "whenClauses",
        "elseExpression");
    c.allow(WhenClause.class, "whenExpression", "thenExpression");
    c.allow(CastExpression.class, "keyword", "leftExpression", "colDataType", "isImplicitCast");
    c.allow(InExpression.class, "leftExpression", "rightExpression", "not");
    c.allow(Between.class, "leftExpression", "not", "betweenExpressionStart",
        "betweenExpressionEnd");
    c.allow(ExistsExpression.class, "rightExpression", "not");
    c.allow(AnyComparisonExpression.class, "select", "anyType");
    c.allow(IsNullExpression.class, "leftExpression", "not", "useIsNull", "useNotNull");
    c.allow(IsBooleanExpression.class, "leftExpression", "not", "isTrue");
    c.allow(NotExpression.class, "expression", "exclamationMark");
    c.allow(SignedExpression.class, "sign", "expression");
    c.allow(ExtractExpression.class, "name", "expression");
    c.allow(IntervalExpression.class, "intervalKeyword", "parameter", "intervalType",
        "expression");
    c.allow(CollateExpression.class, "leftExpression", "collate");
    c.allow(TimezoneExpression.class, "timezoneExpressions", "leftExpression");
    c.allow(ArrayConstructor.class, "expressions", "arrayKeyword", "dataType");
    c.allow(ArrayExpression.class, "objExpression", "indexExpression", "startIndexExpression",
        "stopIndexExpression");
    c.allow(RangeExpression.class, "startExpression", "endExpression");
    c.allow(JsonExpression.class, "idents", "expr");
    c.allow(RowGetExpression.class, "expression", "columnName");
    c.allow(TrimFunction.class, "trimSpecification", "expression", "fromExpression",
        "isUsingFromKeyword");
    c.allow(MySQLGroupConcat.class, "expressionList", "distinct", "orderByElements", "separator");
    c.allow(NextValExpression.class, "nameList", "usingNextValueFor");
    c.allow(OracleNamedFunctionParameter.class, "name", "expression");
    c.allowLabelled(FullTextSearch.class, "MATCH … AGAINST", "_matchColumns", "_againstValue",
        "_searchModifier");
    c.allowLabelled(AllColumns.class, "*");
    c.allowLabelled(AllTableColumns.class, "t.*", "table");
  }

  private static String[] allFieldsOf(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Class<?> k = type; k.getName().startsWith("net.sf.jsqlparser."); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())
            && !Node.class.isAssignableFrom(f.getType())) {
          names.add(f.getName());
        }
      }
    }
    return names.toArray(new String[0]);
  }

  /** Walks all expressions of a list; returns the union of their sources. */
  Set<SourceColumn> walkAll(Collection<? extends Expression> expressions, Scope scope,
      ColumnUsage usage) {
    Set<SourceColumn> sources = new LinkedHashSet<>();
    if (expressions != null) {
      for (Expression e : expressions) {
        sources.addAll(walk(e, scope, usage));
      }
    }
    return sources;
  }

  /** Walks {@code e} as if it sat at {@code position}. */
  Set<SourceColumn> walkAt(Expression e, Scope scope, ColumnUsage usage, Position position) {
    next = position;
    return walk(e, scope, usage);
  }

  /**
   * Walks a condition (WHERE, HAVING, ON, FILTER, MERGE's conditions): columns compared by
   * equality at its top, under AND, OR and parentheses, are equality-only uses.
   */
  Set<SourceColumn> condition(Expression e, Scope scope, ColumnUsage usage) {
    return walkAt(e, scope, usage, Position.CONDITION);
  }

  /**
   * Walks one expression used as {@code usage} in {@code scope}.
   *
   * @return the real-table columns its value may derive from
   */
  Set<SourceColumn> walk(Expression e, Scope scope, ColumnUsage usage) {
    Position here = next;
    next = Position.VALUE;
    if (e == null) {
      return Set.of();
    }
    if (e instanceof Select) {
      QueryOutput output = statements.subquery((Select) e, scope, usage,
          here == Position.EQUALITY);
      return output.allSources();
    }
    ctx.visit(e);
    if (VALUES.contains(e.getClass())) {
      if (e instanceof JdbcParameter) {
        ctx.sink.parameter((JdbcParameter) e);
      }
      return Set.of();
    }
    if (e instanceof Column) {
      return column((Column) e, scope, usage, here == Position.EQUALITY).sources();
    }
    Set<SourceColumn> placed = here == Position.CONDITION ? conditionPart(e, scope, usage)
        : here == Position.EQUALITY ? equalityPart(e, scope, usage) : null;
    if (placed != null) {
      return placed;
    }
    if (e instanceof Function) {
      return function((Function) e, scope, usage);
    }
    if (e instanceof ExpressionList) {
      return walkAll((ExpressionList<?>) e, scope, usage);
    }
    if (e instanceof LikeExpression) {
      LikeExpression like = (LikeExpression) e;
      Set<SourceColumn> sources = binary(like, scope, usage);
      sources.addAll(walk(like.getEscape(), scope, usage));
      return sources;
    }
    if (e instanceof BinaryExpression) {
      return binary((BinaryExpression) e, scope, usage);
    }
    return composite(e, scope, usage);
  }

  /**
   * The parts of a condition that keep positions: AND/OR chains and parentheses stay
   * conditions; the operands of {@code =}, {@code IN}, {@code IS [NOT] NULL} and the select
   * list of EXISTS are equality positions. {@code <>}, NOT, ranges, LIKE and the rest are
   * values (they let an agent read a value a guess at a time). Null for anything else.
   */
  private Set<SourceColumn> conditionPart(Expression e, Scope scope, ColumnUsage usage) {
    Class<?> type = e.getClass();
    if (type == AndExpression.class || type == OrExpression.class
        || type == XorExpression.class) {
      Set<SourceColumn> sources = new LinkedHashSet<>();
      for (Expression operand : chain((BinaryExpression) e)) {
        sources.addAll(walkAt(operand, scope, usage, Position.CONDITION));
      }
      return sources;
    }
    if (type == ParenthesedExpressionList.class && ((ParenthesedExpressionList<?>) e).size() == 1) {
      return walkAt(((ParenthesedExpressionList<?>) e).get(0), scope, usage, Position.CONDITION);
    }
    if (type == EqualsTo.class) {
      EqualsTo eq = (EqualsTo) e;
      Set<SourceColumn> sources = new LinkedHashSet<>(
          walkAt(eq.getLeftExpression(), scope, usage, Position.EQUALITY));
      sources.addAll(walkAt(eq.getRightExpression(), scope, usage, Position.EQUALITY));
      return sources;
    }
    if (type == InExpression.class && !((InExpression) e).isNot()) {
      InExpression in = (InExpression) e;
      Set<SourceColumn> sources = new LinkedHashSet<>(
          walkAt(in.getLeftExpression(), scope, usage, Position.EQUALITY));
      sources.addAll(walkAt(in.getRightExpression(), scope, usage, Position.EQUALITY));
      return sources;
    }
    if (type == IsNullExpression.class) {
      return walkAt(((IsNullExpression) e).getLeftExpression(), scope, usage, Position.EQUALITY);
    }
    if (type == ExistsExpression.class) {
      // the select list of EXISTS is never read: whatever it computes reveals nothing
      return walkAt(((ExistsExpression) e).getRightExpression(), scope, usage,
          Position.EQUALITY);
    }
    return null;
  }

  /**
   * The parts of an equality operand that keep it one: a row of values compared element-wise,
   * a cast to unbounded text, a quantified subquery ({@code = ANY (SELECT …)}). Null otherwise.
   */
  private Set<SourceColumn> equalityPart(Expression e, Scope scope, ColumnUsage usage) {
    Class<?> type = e.getClass();
    if (type == ParenthesedExpressionList.class || type == ExpressionList.class) {
      Set<SourceColumn> sources = new LinkedHashSet<>();
      for (Object item : (ExpressionList<?>) e) {
        sources.addAll(walkAt((Expression) item, scope, usage, Position.EQUALITY));
      }
      return sources;
    }
    if (type == CastExpression.class && textCast((CastExpression) e)) {
      checkCastType((CastExpression) e);
      return walkAt(((CastExpression) e).getLeftExpression(), scope, usage, Position.EQUALITY);
    }
    if (type == AnyComparisonExpression.class) {
      return walkAt(((AnyComparisonExpression) e).getSelect(), scope, usage, Position.EQUALITY);
    }
    return null;
  }

  /** The operands of a left-deep chain of one operator class, visiting the inner links. */
  private List<Expression> chain(BinaryExpression chain) {
    Class<?> op = chain.getClass();
    Deque<Expression> rights = new ArrayDeque<>();
    Expression left = chain;
    while (left.getClass() == op) {
      if (left != chain) {
        ctx.visit(left);
      }
      rights.push(((BinaryExpression) left).getRightExpression());
      left = ((BinaryExpression) left).getLeftExpression();
    }
    List<Expression> operands = new ArrayList<>(rights.size() + 1);
    operands.add(left);
    operands.addAll(rights);
    return operands;
  }

  /**
   * The lineage of a select-list item, RETURNING item or VALUES cell: its sources and how it
   * derives from them (issue #5). Parentheses and casts to unbounded text pass a value through;
   * a column is what its relation makes of it; {@code count(…)} is a count; anything else is
   * derived. Walks {@code e} exactly as {@link #walk} would.
   *
   * @param equality whether the value is compared by equality only (the select list of a
   *     subquery under {@code IN}, {@code =} or EXISTS)
   */
  ValueLineage value(Expression e, Scope scope, ColumnUsage usage, boolean equality) {
    Expression core = e;
    while (true) {
      if (core != null && core.getClass() == ParenthesedExpressionList.class
          && ((ParenthesedExpressionList<?>) core).size() == 1) {
        ctx.visit(core);
        core = ((ParenthesedExpressionList<?>) core).get(0);
      } else if (core != null && core.getClass() == CastExpression.class
          && textCast((CastExpression) core)) {
        ctx.visit(core);
        checkCastType((CastExpression) core);
        core = ((CastExpression) core).getLeftExpression();
      } else {
        break;
      }
    }
    if (core instanceof Column) {
      ctx.visit(core);
      return column((Column) core, scope, usage, equality);
    }
    Derivation derivation = isCount(core) ? Derivation.COUNT : Derivation.DERIVED;
    return new ValueLineage().add(walk(core, scope, usage), derivation);
  }

  /** {@code count(…)} of the database, not a function of that name in some schema. */
  private boolean isCount(Expression e) {
    if (e instanceof Function) {
      List<String> parts = ((Function) e).getMultipartName();
      return parts != null && parts.size() == 1 && isCountName(parts.get(0));
    }
    if (e instanceof AnalyticExpression) {
      String name = ((AnalyticExpression) e).getName();
      return name != null && isCountName(name);
    }
    return false;
  }

  private boolean isCountName(String written) {
    return ctx.names.identifier(written).equals(ctx.names.identifier("count"));
  }

  /**
   * A cast that keeps the value as it is: {@code CAST(x AS t)} or {@code x::t} to a text type
   * without a length (a length truncates) and not an array. MariaDB's text cast is
   * {@code CHAR}; elsewhere {@code CHAR} without a length is {@code CHAR(1)}.
   */
  private boolean textCast(CastExpression c) {
    if (c.isImplicitCast() || c.getColDataType() == null
        || !(c.keyword == null || c.keyword.equalsIgnoreCase("CAST")
            || c.keyword.equals("::"))) {
      return false;
    }
    net.sf.jsqlparser.statement.create.table.ColDataType type = c.getColDataType();
    if ((type.getArgumentsStringList() != null && !type.getArgumentsStringList().isEmpty())
        || (type.getArrayData() != null && !type.getArrayData().isEmpty())
        || type.getDataType() == null) {
      return false;
    }
    if (type.getCharacterSet() != null || c.getFormat() != null) {
      return false;
    }
    String name = String.join(" ", type.getDataType().trim().split(" +")).toLowerCase(Locale.ROOT);
    if (ctx.dialect() == Dialect.MARIADB) {
      return name.equals("char") || name.equals("character");
    }
    return TEXT_TYPES.contains(name);
  }

  private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "character varying",
      "char varying", "nvarchar", "national character varying", "clob",
      "character large object", "varchar_ignorecase");

  /** Expressions made of a fixed set of parts. */
  private Set<SourceColumn> composite(Expression e, Scope scope, ColumnUsage usage) {
    Set<SourceColumn> s = new LinkedHashSet<>();
    if (e instanceof AnalyticExpression) {
      return analytic((AnalyticExpression) e, scope, usage);
    } else if (e instanceof CaseExpression) {
      CaseExpression c = (CaseExpression) e;
      s.addAll(walk(c.getSwitchExpression(), scope, usage));
      s.addAll(walkAll(c.getWhenClauses(), scope, usage));
      s.addAll(walk(c.getElseExpression(), scope, usage));
    } else if (e instanceof WhenClause) {
      WhenClause w = (WhenClause) e;
      s.addAll(walk(w.getWhenExpression(), scope, usage));
      s.addAll(walk(w.getThenExpression(), scope, usage));
    } else if (e instanceof CastExpression) {
      CastExpression c = (CastExpression) e;
      checkCastType(c);
      s.addAll(walk(c.getLeftExpression(), scope, usage));
    } else if (e instanceof InExpression) {
      InExpression in = (InExpression) e;
      s.addAll(walk(in.getLeftExpression(), scope, usage));
      s.addAll(walk(in.getRightExpression(), scope, usage));
    } else if (e instanceof Between) {
      Between b = (Between) e;
      s.addAll(walk(b.getLeftExpression(), scope, usage));
      s.addAll(walk(b.getBetweenExpressionStart(), scope, usage));
      s.addAll(walk(b.getBetweenExpressionEnd(), scope, usage));
    } else if (e instanceof ExistsExpression) {
      s.addAll(walk(((ExistsExpression) e).getRightExpression(), scope, usage));
    } else if (e instanceof AnyComparisonExpression) {
      s.addAll(walk(((AnyComparisonExpression) e).getSelect(), scope, usage));
    } else if (e instanceof IsNullExpression) {
      s.addAll(walk(((IsNullExpression) e).getLeftExpression(), scope, usage));
    } else if (e instanceof IsBooleanExpression) {
      s.addAll(walk(((IsBooleanExpression) e).getLeftExpression(), scope, usage));
    } else if (e instanceof NotExpression) {
      s.addAll(walk(((NotExpression) e).getExpression(), scope, usage));
    } else if (e instanceof SignedExpression) {
      s.addAll(walk(((SignedExpression) e).getExpression(), scope, usage));
    } else if (e instanceof ExtractExpression) {
      s.addAll(walk(((ExtractExpression) e).getExpression(), scope, usage));
    } else if (e instanceof IntervalExpression) {
      s.addAll(walk(((IntervalExpression) e).getExpression(), scope, usage));
    } else if (e instanceof CollateExpression) {
      s.addAll(walk(((CollateExpression) e).getLeftExpression(), scope, usage));
    } else if (e instanceof TimezoneExpression) {
      TimezoneExpression t = (TimezoneExpression) e;
      s.addAll(walk(t.getLeftExpression(), scope, usage));
      s.addAll(walkAll(t.getTimezoneExpressions(), scope, usage));
    } else {
      return composite2(e, scope, usage);
    }
    return s;
  }

  private Set<SourceColumn> composite2(Expression e, Scope scope, ColumnUsage usage) {
    Set<SourceColumn> s = new LinkedHashSet<>();
    if (e instanceof ArrayConstructor) {
      s.addAll(walkAll(((ArrayConstructor) e).getExpressions(), scope, usage));
    } else if (e instanceof ArrayExpression) {
      ArrayExpression a = (ArrayExpression) e;
      s.addAll(walk(a.getObjExpression(), scope, usage));
      s.addAll(walk(a.getIndexExpression(), scope, usage));
      s.addAll(walk(a.getStartIndexExpression(), scope, usage));
      s.addAll(walk(a.getStopIndexExpression(), scope, usage));
    } else if (e instanceof RangeExpression) {
      RangeExpression r = (RangeExpression) e;
      s.addAll(walk(r.getStartExpression(), scope, usage));
      s.addAll(walk(r.getEndExpression(), scope, usage));
    } else if (e instanceof JsonExpression) {
      JsonExpression j = (JsonExpression) e;
      s.addAll(walk(j.getExpression(), scope, usage));
      for (Map.Entry<Expression, String> ident : j.getIdentList()) {
        s.addAll(walk(ident.getKey(), scope, usage));
      }
    } else if (e instanceof RowGetExpression) {
      s.addAll(walk(((RowGetExpression) e).getExpression(), scope, usage));
    } else if (e instanceof TrimFunction) {
      TrimFunction t = (TrimFunction) e;
      ctx.function(new FunctionName(null, "trim"));
      s.addAll(walk(t.getExpression(), scope, usage));
      s.addAll(walk(t.getFromExpression(), scope, usage));
    } else if (e instanceof MySQLGroupConcat) {
      MySQLGroupConcat g = (MySQLGroupConcat) e;
      ctx.function(new FunctionName(null, "group_concat"));
      s.addAll(walkAll(g.getExpressionList(), scope, usage));
      orderBy(g.getOrderByElements(), scope);
    } else if (e instanceof NextValExpression) {
      ctx.function(new FunctionName(null, "nextval"));
    } else if (e instanceof FullTextSearch) {
      FullTextSearch f = (FullTextSearch) e;
      ctx.function(new FunctionName(null, "match"));
      s.addAll(walk(f.getMatchColumns(), scope, usage));
      s.addAll(walk(f.getAgainstValue(), scope, usage));
    } else if (e instanceof OracleNamedFunctionParameter) {
      s.addAll(walk(((OracleNamedFunctionParameter) e).getExpression(), scope, usage));
    } else if (e instanceof AllColumns) {
      s.addAll(wholeRowOfScope(scope, usage));
    } else if (e instanceof AllTableColumns) {
      Relation r = relationFor(((AllTableColumns) e).getTable(), scope);
      s.addAll(r.wholeRow());
      ctx.findings.use(r.wholeRow(), usage);
    } else {
      throw new NotUnderstoodException("unsupported SQL construct: "
          + ctx.contract.describe(e.getClass()));
    }
    return s;
  }

  /**
   * Operators, walked along the left spine without recursion: {@code a OR b OR c …} with
   * thousands of terms is a left-deep tree that would otherwise overflow the stack.
   */
  private Set<SourceColumn> binary(BinaryExpression b, Scope scope, ColumnUsage usage) {
    Set<SourceColumn> sources = new LinkedHashSet<>();
    Deque<Expression> rights = new ArrayDeque<>();
    rights.push(b.getRightExpression());
    Expression left = b.getLeftExpression();
    while (left != null && OPERATORS.contains(left.getClass())) {
      ctx.visit(left);
      rights.push(((BinaryExpression) left).getRightExpression());
      left = ((BinaryExpression) left).getLeftExpression();
    }
    sources.addAll(walk(left, scope, usage));
    while (!rights.isEmpty()) {
      sources.addAll(walk(rights.pop(), scope, usage));
    }
    return sources;
  }

  private Set<SourceColumn> function(Function f, Scope scope, ColumnUsage usage) {
    FunctionName name = functionName(f.getMultipartName());
    ctx.function(name);
    boolean count = isCount(f);
    Set<SourceColumn> sources = new LinkedHashSet<>();
    ExpressionList<?> parameters = f.getParameters();
    if (parameters != null) {
      ctx.visit(parameters);
      for (Expression p : parameters) {
        if (p != null && p.getClass() == AllColumns.class) {
          ctx.visit(p);
          if (!count) {
            sources.addAll(wholeRowOfScope(scope, usage));
          }
        } else {
          // what count(x) reveals of x is how many, as an equality comparison would
          sources.addAll(walkAt(p, scope, usage, count ? Position.EQUALITY : Position.VALUE));
        }
      }
    }
    if (f.isAllColumns() && !count) {
      sources.addAll(wholeRowOfScope(scope, usage));
    }
    NamedExpressionList<?> named = f.getNamedParameters();
    if (named != null) {
      ctx.visit(named);
      sources.addAll(walkAll(named, scope, usage));
    }
    orderBy(f.getOrderByElements(), scope);
    if (name.schema() == null && STORING_FUNCTIONS.contains(name.name().toLowerCase(Locale.ROOT))) {
      ctx.findings.use(sources, ColumnUsage.WRITE_SOURCE);
    }
    return sources;
  }

  private Set<SourceColumn> analytic(AnalyticExpression a, Scope scope, ColumnUsage usage) {
    ctx.function(functionName(splitName(a.getName())));
    Set<SourceColumn> sources = new LinkedHashSet<>();
    if (a.getExpression() != null && a.getExpression().getClass() == AllColumns.class) {
      ctx.visit(a.getExpression());
    } else {
      sources.addAll(walkAt(a.getExpression(), scope, usage,
          isCount(a) ? Position.EQUALITY : Position.VALUE));
    }
    sources.addAll(walk(a.getOffset(), scope, usage));
    sources.addAll(walk(a.getDefaultValue(), scope, usage));
    condition(a.getFilterExpression(), scope, ColumnUsage.PREDICATE);
    orderBy(a.getFuncOrderBy(), scope);
    window(a.getWindowDefinition(), scope);
    return sources;
  }

  /** A window: PARTITION BY groups, ORDER BY orders, frame bounds are other uses. */
  void window(WindowDefinition w, Scope scope) {
    if (w == null) {
      return;
    }
    ctx.visit(w);
    PartitionByClause partition = w.getPartitionBy();
    if (partition != null) {
      ctx.visit(partition);
      walkAt(partition.getPartitionExpressionList(), scope, ColumnUsage.GROUPING,
          Position.EQUALITY);
    }
    OrderByClause order = w.getOrderBy();
    if (order != null) {
      ctx.visit(order);
      orderBy(order.getOrderByElements(), scope);
    }
    WindowElement frame = w.getWindowElement();
    if (frame != null) {
      ctx.visit(frame);
      windowOffset(frame.getOffset(), scope);
      if (frame.getRange() != null) {
        ctx.visit(frame.getRange());
        windowOffset(frame.getRange().getStart(), scope);
        windowOffset(frame.getRange().getEnd(), scope);
      }
    }
  }

  private void windowOffset(WindowOffset offset, Scope scope) {
    if (offset != null) {
      ctx.visit(offset);
      walk(offset.getExpression(), scope, ColumnUsage.OTHER);
    }
  }

  /** ORDER BY elements inside a function or window (no ordinals, no output names there). */
  void orderBy(List<OrderByElement> elements, Scope scope) {
    if (elements == null) {
      return;
    }
    for (OrderByElement o : elements) {
      ctx.visit(o);
      walk(o.getExpression(), scope, ColumnUsage.ORDERING);
    }
  }

  private void checkCastType(CastExpression c) {
    if (ctx.dialect() == Dialect.H2 && c.getColDataType() != null) {
      String type = String.valueOf(c.getColDataType().getDataType()).toUpperCase(Locale.ROOT);
      if (type.contains("JAVA_OBJECT") || type.equals("OTHER")) {
        ctx.findings.danger(new DangerousUse("java_object",
            "deserialises a Java object on the database server"));
      }
    }
  }

  FunctionName functionName(List<String> parts) {
    if (parts == null || parts.isEmpty() || parts.size() > 3) {
      throw new NotUnderstoodException("a function name with "
          + (parts == null ? 0 : parts.size()) + " parts");
    }
    String name = ctx.names.identifier(parts.get(parts.size() - 1));
    String schema = parts.size() >= 2 ? ctx.names.identifier(parts.get(parts.size() - 2)) : null;
    return new FunctionName(schema, name);
  }

  private static List<String> splitName(String name) {
    if (name == null || name.indexOf('"') >= 0 || name.indexOf('`') >= 0) {
      return name == null ? List.of() : List.of(name);
    }
    return List.of(name.split("\\.", -1));
  }

  private Set<SourceColumn> wholeRowOfScope(Scope scope, ColumnUsage usage) {
    Set<SourceColumn> sources = new LinkedHashSet<>();
    for (Relation r : scope.relations) {
      sources.addAll(r.wholeRow());
    }
    ctx.findings.use(sources, usage);
    return sources;
  }

  // ---- column references ----

  /**
   * Resolves a column reference and records its use; an equality-only use when it sits at an
   * equality position and passes its sources through unchanged.
   */
  private ValueLineage column(Column col, Scope scope, ColumnUsage usage, boolean equality) {
    String written = col.getColumnName();
    WalkContext.checkName(written);
    Table qualifier = col.getTable();
    ValueLineage found;
    if (qualifier == null || qualifier.getName() == null) {
      found = unqualified(written, scope);
    } else {
      found = qualified(ctx.canonical(WalkContext.parts(qualifier)), written, scope);
    }
    ctx.findings.use(found.sources(), usage,
        equality && found.derivation() == Derivation.DIRECT);
    ctx.sink.column(col, found);
    return found;
  }

  private ValueLineage unqualified(String written, Scope scope) {
    boolean quoted = ctx.names.isQuoted(written);
    String lower = written.toLowerCase(Locale.ROOT);
    ValueLineage found = new ValueLineage();
    if (!quoted && KEYWORD_VALUES.contains(lower)) {
      return found;
    }
    String name = ctx.names.identifier(written);
    boolean niladic = !quoted && NILADIC_FUNCTIONS.contains(lower);
    if (niladic) {
      ctx.function(new FunctionName(null, name));
    }
    if (scope.aliases != Scope.Aliases.NONE) {
      for (OutputColumn output : scope.selectList) {
        if (name.equals(output.name())) {
          found.add(output.sources(), output.derivation());
        }
      }
      if (!found.sources().isEmpty() && scope.aliases == Scope.Aliases.PREFERRED) {
        return found;
      }
    }
    boolean resolved = resolve(name, scope, found);
    if (!resolved && found.sources().isEmpty() && !niladic) {
      throw new NotUnderstoodException("cannot tell which table the column " + name
          + " belongs to");
    }
    return found;
  }

  /**
   * Resolves an unqualified column as SQL does, innermost query first, without knowing the
   * tables' columns: every relation that may have it is a candidate. A scope with a relation
   * that certainly has it (a derived table naming it) ends the search; otherwise the search
   * continues outward, since the column may be a correlated reference. In PostgreSQL a name
   * may also denote a relation's whole row ({@code SELECT c FROM customers c}), a derived value.
   *
   * @param found receives the real-table columns the reference may denote, and how
   * @return whether any relation in scope may have the column (a column of VALUES or of a
   *     table function has no real source, yet is found)
   */
  boolean resolve(String name, Scope scope, ValueLineage found) {
    boolean primaryDecided = false;
    for (Scope s = scope; s != null; s = s.outer) {
      List<Relation> candidates = new ArrayList<>();
      boolean definite = false;
      for (Relation r : s.relations) {
        Relation.Match m = r.match(name);
        if (m != Relation.Match.NONE) {
          candidates.add(r);
          definite |= m == Relation.Match.DEFINITE;
        }
      }
      List<Relation> wholeRows = new ArrayList<>();
      for (Relation r : s.relations) {
        if (r.isNamed(name)) {
          wholeRows.add(r);
        }
      }
      for (Relation r : candidates) {
        found.add(r.sourcesOf(name), r.derivationOf(name));
      }
      for (Relation r : wholeRows) {
        found.add(r.wholeRow(), Derivation.DERIVED);
      }
      if (!primaryDecided && !candidates.isEmpty()) {
        primaryDecided = true;
        if (candidates.size() == 1 && wholeRows.isEmpty()) {
          ctx.referenced(candidates.get(0));
        }
      }
      if (definite) {
        break;
      }
    }
    return primaryDecided || !found.sources().isEmpty();
  }

  private ValueLineage qualified(List<String> qualifier, String written, Scope scope) {
    String name = ctx.names.identifier(written);
    for (Scope s = scope; s != null; s = s.outer) {
      List<Relation> matches = new ArrayList<>();
      for (Relation r : s.relations) {
        if (r.answersTo(qualifier, ctx.names)) {
          matches.add(r);
        }
      }
      if (!matches.isEmpty()) {
        ValueLineage found = new ValueLineage();
        for (Relation r : matches) {
          found.add(r.sourcesOf(name), r.derivationOf(name));
        }
        if (matches.size() == 1) {
          ctx.referenced(matches.get(0));
        }
        return found;
      }
    }
    throw new NotUnderstoodException("no table or alias named " + String.join(".", qualifier)
        + " is in scope for the column " + name);
  }

  /** The FROM entry a {@code t.*} qualifier denotes, in this query block only. */
  Relation relationFor(Table qualifierTable, Scope scope) {
    List<String> qualifier = ctx.canonical(WalkContext.parts(qualifierTable));
    for (Relation r : scope.relations) {
      if (r.answersTo(qualifier, ctx.names)) {
        return r;
      }
    }
    throw new NotUnderstoodException("no table or alias named " + String.join(".", qualifier)
        + " is in scope for " + String.join(".", qualifier) + ".*");
  }
}
