package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.sql.DangerousUse;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One thing a statement does: a kind of statement on one table (or on none), or a call of a
 * dangerous function. A statement is allowed only when every one of its actions is allowed, so
 * {@code WITH d AS (DELETE …) SELECT …} needs the delete allowed as well as the select, and a
 * join needs every table it reads.
 *
 * @param kind the statement kind, or {@code null} for a dangerous call
 * @param table the table, or {@code null}
 * @param danger the dangerous function or form, or {@code null}
 */
record StatementAction(StatementKind kind, TableName table, DangerousUse danger) {

  boolean dangerous() {
    return danger != null;
  }

  String describe() {
    if (danger != null) {
      return "use of " + danger.name();
    }
    return kind.policyName() + (table == null ? "" : " on " + table.qualified());
  }

  /** Tables in name order, so actions come in the same order in every run. */
  private static final Comparator<TableName> BY_NAME = Comparator.comparing(TableName::schema)
      .thenComparing(TableName::table)
      .thenComparing(TableName::catalog, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * Decomposes an understood statement into its actions, in a fixed order: kinds in
   * {@link StatementKind} order, tables and dangerous uses by name. The analysis hands over
   * hash sets whose iteration order changes from one JVM to the next; which of several equally
   * strong actions decides (and so the rule and message the agent sees) must not.
   */
  static List<StatementAction> of(StatementAnalysis s) {
    List<StatementAction> out = new ArrayList<>();
    for (StatementKind kind : StatementKind.values()) {
      if (!s.kinds().contains(kind)) {
        continue;
      }
      List<TableName> tables = new ArrayList<>(tablesOf(kind, s));
      tables.sort(BY_NAME);
      if (tables.isEmpty()) {
        out.add(new StatementAction(kind, null, null));
      }
      for (TableName t : tables) {
        out.add(new StatementAction(kind, t, null));
      }
    }
    List<DangerousUse> dangers = new ArrayList<>(s.dangerous());
    dangers.sort(Comparator.comparing(DangerousUse::name));
    for (DangerousUse d : dangers) {
      out.add(new StatementAction(null, null, d));
    }
    return out;
  }

  /**
   * The tables an action of {@code kind} touches. Reads go with select; every write kind gets
   * all written tables (the analysis does not pair a write kind with its table when a statement
   * writes several: over-matching here can only deny more).
   */
  private static Set<TableName> tablesOf(StatementKind kind, StatementAnalysis s) {
    return switch (kind) {
      case SELECT -> s.tablesRead();
      case INSERT, UPDATE, DELETE, MERGE, DDL, GRANT -> s.tablesWritten();
      case LOCK -> {
        Set<TableName> all = new LinkedHashSet<>(s.tablesRead());
        all.addAll(s.tablesWritten());
        yield all;
      }
      default -> Set.of();
    };
  }
}
