package dev.gatehouse.sidecar.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.NameResolver;
import dev.gatehouse.sidecar.sql.TableName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyEngine#mayRead}: what DatabaseMetaData may show (issue #8). The question is
 * "would some plain read be allowed or approved", answered by the same rules as statements.
 */
class MayReadTest {
  private static PolicyEngine engine;
  private static final NameResolver PG = new NameResolver(Dialect.POSTGRESQL, null, null);

  @BeforeAll
  static void compile() throws Exception {
    engine = PolicyEngine.compile(PolicyParser.parse("""
        default: deny
        rules:
          - name: read-orders
            when: { principals: [group:agents], statements: [select], tables: [orders, customers] }
            effect: allow
          - name: no-full-scans
            when: { statements: [select], tables: [orders], without_where: true }
            effect: deny
          - name: notes-never
            when: { statements: [select], columns: [customers.note] }
            effect: deny
          - name: staff-names
            when: { principals: [group:agents], statements: [select], columns: [staff.id, staff.name] }
            effect: allow
          - name: audit-approved
            when: { principals: [group:agents], statements: [select], tables: [audit] }
            effect: approve
            approvers: [group:managers]
          - name: deletes
            when: { principals: [group:agents], statements: [delete], tables: [trash] }
            effect: allow
        """, Path.of("may-read.yaml")), Map.of("pg", PG));
  }

  private static Principal agent() {
    return new Principal("agent-7", "https://idp.example/", Set.of("agents"), Set.of(),
        Map.of("sub", "agent-7"), Instant.now().plusSeconds(300));
  }

  private static boolean mayRead(String table, String column) {
    return engine.mayRead(agent(), "pg", PG.table(table), column);
  }

  @Test
  void aTableIsReadableWhenSomeRestrictedReadIsAllowedOrApproved() {
    assertTrue(mayRead("orders", null), "a without_where deny does not hide the table");
    assertTrue(mayRead("customers", null));
    assertTrue(mayRead("audit", null), "approval is a way to read");
    assertFalse(mayRead("trash", null), "deleting is not reading");
    assertFalse(mayRead("secrets", null), "default deny");
    assertFalse(mayRead("pg_catalog.pg_authid", null), "system catalogs need naming");
    assertFalse(mayRead("other.orders", null), "another schema's table of the same name");
  }

  @Test
  void columnsFollowColumnRules() {
    assertTrue(mayRead("customers", "name"));
    assertFalse(mayRead("customers", "note"), "a deny rule names it");
    assertFalse(mayRead("staff", null), "no rule allows the table as a whole");
    assertTrue(mayRead("staff", "name"));
    assertFalse(mayRead("staff", "salary"));
    assertEquals(Set.of("id", "name"), engine.columnsNamed("pg", PG.table("staff")));
    assertEquals(Set.of(), engine.columnsNamed("pg", PG.table("orders")));
  }

  @Test
  void anotherPrincipalSeesWhatItsRulesAllow() {
    Principal stranger = new Principal("x", "https://idp.example/", Set.of(), Set.of(),
        Map.of("sub", "x"), Instant.now().plusSeconds(300));
    assertFalse(engine.mayRead(stranger, "pg", new TableName(null, "public", "orders"), null));
  }
}
