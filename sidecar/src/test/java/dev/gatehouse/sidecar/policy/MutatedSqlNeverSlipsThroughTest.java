package dev.gatehouse.sidecar.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.sql.StatementAnalysis;
import dev.gatehouse.sidecar.sql.StatementKind;
import dev.gatehouse.sidecar.sql.TableName;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever an agent sends, the policy allows it only when every statement was
 * understood, and what it allows is what the policy says agents may do (read, never a card
 * number, never customers unfiltered). Seeded mutations of the decision corpus: random cuts,
 * insertions of comment and quote characters, semicolons and write keywords, and case flips.
 */
class MutatedSqlNeverSlipsThroughTest {
  private static final String[] INSERTS = {
    ";", "; DROP TABLE orders", "/*", "*/", "--", "'", "\"", "(", ")", " ", "\n", "$$", "\\",
    " DELETE FROM orders ", " UNION SELECT card_number FROM customers ", "`", "E'", "/**/",
    " INTO x ", "::text", " FOR UPDATE", " WITH d AS (DELETE FROM orders RETURNING *) "
  };

  @BeforeAll
  static void compile() throws Exception {
    DecisionCorpusTest.compile();
  }

  @Test
  void allowedMeansUnderstoodAndWithinTheAgentsRule() throws Exception {
    Random random = new Random(20261127L);
    List<DecisionCorpusTest.Case> corpus = DecisionCorpusTest.cases().stream()
        .filter(c -> c.dialect().equals("postgresql") || c.dialect().equals("h2")).toList();
    Principal agent = DecisionCorpusTest.principal(Set.of("agents"));
    int allowed = 0;
    for (int i = 0; i < 4000; i++) {
      DecisionCorpusTest.Case base = corpus.get(random.nextInt(corpus.size()));
      String sql = mutate(base.sql(), random);
      Judgement j = Judgement.of(DecisionCorpusTest.engine, agent, base.dialect(),
          DecisionCorpusTest.ANALYZERS.get(base.dialect()).analyze(sql));
      if (j.effect() != Effect.ALLOW) {
        continue;
      }
      allowed++;
      // the table the policy calls public.customers, as this dialect resolves it
      TableName customers =
          DecisionCorpusTest.ANALYZERS.get(base.dialect()).names().table("public.customers");
      for (StatementAnalysis s : j.analysis().statements()) {
        String why = "allowed: " + sql;
        assertTrue(s.understood(), why);
        assertEquals(Set.of(StatementKind.SELECT), s.kinds(), why);
        assertTrue(s.tablesWritten().isEmpty(), why);
        assertTrue(s.dangerous().isEmpty(), why);
        assertFalse(s.tablesWithoutWhere().contains(customers), why);
        assertFalse(s.columns().stream().anyMatch(u -> u.tables().contains(customers)
            && (u.column().equals("card_number") || u.wholeRow())), why);
      }
    }
    assertTrue(allowed > 50, "the mutations must also produce allowed statements to check: "
        + allowed);
  }

  static String mutate(String sql, Random random) {
    StringBuilder b = new StringBuilder(sql);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
      switch (random.nextInt(4)) {
        case 0 -> b.insert(at, INSERTS[random.nextInt(INSERTS.length)]);
        case 1 -> {
          if (b.length() > 0) {
            int end = Math.min(b.length(), at + 1 + random.nextInt(6));
            b.delete(Math.min(at, b.length() - 1), end);
          }
        }
        case 2 -> {
          for (int k = 0; k < b.length(); k++) {
            if (random.nextInt(5) == 0) {
              char c = b.charAt(k);
              b.setCharAt(k, Character.isUpperCase(c) ? Character.toLowerCase(c)
                  : Character.toUpperCase(c));
            }
          }
        }
        default -> b.insert(at, ' ');
      }
    }
    return b.toString();
  }
}
