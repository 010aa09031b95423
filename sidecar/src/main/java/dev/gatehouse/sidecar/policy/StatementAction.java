package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.sql.DangerousUse;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.ArrayList;
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

  /** Decomposes an understood statement into its actions. */
  static List<StatementAction> of(StatementAnalysis s) {
    List<StatementAction> out = new ArrayList<>();
    for (StatementKind kind : s.kinds()) {
      Set<TableName> tables = tablesOf(kind, s);
      if (tables.isEmpty()) {
        out.add(new StatementAction(kind, null, null));
      }
      for (TableName t : tables) {
        out.add(new StatementAction(kind, t, null));
      }
    }
    for (DangerousUse d : s.dangerous()) {
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
