package dev.gatehouse.sidecar.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One query block's real tables and the join conditions between its FROM entries, for the
 * {@code without_where} analysis ({@link StatementWalker#where}).
 */
final class Block {
  /** Real tables this block reads or changes directly (not through a derived table). */
  final List<Relation> tables = new ArrayList<>();
  /** FROM entries related by an inner-join condition (ON, or a WHERE conjunct over several). */
  final List<Set<Relation>> joins = new ArrayList<>();

  void add(Relation table) {
    tables.add(table);
  }

  void join(Set<Relation> related) {
    joins.add(Set.copyOf(related));
  }
}
