package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.sidecar.cli.Main;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Just-in-time approval end to end: agents through the real driver, reviewers through the CLI. */
class ApprovalTest {
  static final String POLICY = """
      default: deny
      rules:
        - name: agents-read
          when: { principals: [group:agents], statements: [select] }
          effect: allow
        - name: deletes-need-a-manager
          when: { principals: [group:agents], statements: [delete], tables: [orders] }
          effect: approve
          approvers: [group:managers]
        - name: updates-need-a-manager
          when: { principals: [group:agents], statements: [update], tables: [orders] }
          effect: approve
          approvers: [group:managers]
          grant: 2s
      """;

  @RegisterExtension
  static final GatehouseSidecar sidecar = GatehouseSidecar.builder()
      .policyText(POLICY)
      .seed("classpath:dev/gatehouse/sidecar/demo/seed.sql")
      .admin()
      .approvalTimeout(Duration.ofSeconds(20))
      .build();

  static final ExecutorService AGENTS = Executors.newCachedThreadPool();
  static final ObjectMapper JSON = new ObjectMapper();

  @AfterAll
  static void stopAgents() {
    AGENTS.shutdownNow();
  }

  private Connection agent(String name) throws SQLException {
    return sidecar.connect(sidecar.principal(name).groups("agents"));
  }

  private String managerToken() {
    return sidecar.principal("mia").groups("managers").token();
  }

  /** Runs the approvals CLI as {@code token}; returns [exit code, stdout, stderr]. */
  private String[] cli(String token, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("approvals", "--admin", sidecar.adminAddress(),
        "--token", token));
    all.addAll(List.of(args));
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(new String[0]));
    return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  private JsonNode pending() throws Exception {
    String[] r = cli(managerToken(), "list", "--json");
    assertEquals("0", r[0], r[2]);
    return JSON.readTree(r[1]);
  }

  /** Waits until a request for {@code sql} is pending and returns its id. */
  private String awaitRequest(String sql) throws Exception {
    for (int i = 0; i < 200; i++) {
      for (JsonNode n : pending()) {
        if (n.get("sql").asText().equals(sql)) {
          return n.get("id").asText();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending request for " + sql);
  }

  private CompletableFuture<Object> run(Connection c, String sql) {
    return CompletableFuture.supplyAsync(() -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate(sql);
      } catch (SQLException e) {
        return e;
      }
    }, AGENTS);
  }

  private int count(String where) throws SQLException {
    try (Connection c = agent("counter");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders WHERE " + where)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void approvedDeleteRunsAndTheListShowsTheExactStatement() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 60";
    try (Connection c = agent("ada")) {
      CompletableFuture<Object> result = run(c, sql);
      String id = awaitRequest(sql);
      JsonNode req = null;
      for (JsonNode n : pending()) {
        if (n.get("id").asText().equals(id)) {
          req = n;
        }
      }
      assertEquals("ada", req.get("principal").asText());
      assertEquals("test", req.get("datasource").asText());
      assertEquals("deletes-need-a-manager", req.get("rule").asText());
      assertTrue(req.has("requested_at"));
      assertFalse(result.isDone(), "the agent waits for the decision");
      String[] r = cli(managerToken(), "approve", id);
      assertEquals("0", r[0], r[2]);
      assertEquals(1, result.get(10, TimeUnit.SECONDS));
      assertEquals(0, count("id = 60"));
    }
  }

  @Test
  void deniedStatementFailsWithTheReviewersReason() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 59";
    try (Connection c = agent("ada")) {
      CompletableFuture<Object> result = run(c, sql);
      String id = awaitRequest(sql);
      String[] r = cli(managerToken(), "deny", id, "--reason", "not during the audit");
      assertEquals("0", r[0], r[2]);
      SQLException e = assertInstanceOf(SQLException.class, result.get(10, TimeUnit.SECONDS));
      assertEquals("42501", e.getSQLState());
      assertTrue(e.getMessage().contains("not during the audit"), e.getMessage());
      assertEquals(1, count("id = 59"));
    }
  }

  @Test
  void theRequesterCannotApproveItself() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 58";
    try (Connection c = agent("ada")) {
      CompletableFuture<Object> result = run(c, sql);
      String id = awaitRequest(sql);
      // ada is also a manager here: separation of duties still refuses her own request
      String selfToken = sidecar.principal("ada").groups("agents", "managers").token();
      String[] r = cli(selfToken, "approve", id);
      assertEquals("1", r[0]);
      assertTrue(r[2].contains("its own request"), r[2]);
      // an agent token is no reviewer either
      r = cli(sidecar.principal("bob").groups("agents").token(), "approve", id);
      assertEquals("1", r[0]);
      assertTrue(r[2].contains("not an approver"), r[2]);
      assertFalse(result.isDone());
      cli(managerToken(), "deny", id, "--reason", "test over");
      assertInstanceOf(SQLException.class, result.get(10, TimeUnit.SECONDS));
      assertEquals(1, count("id = 58"));
    }
  }

  @Test
  void anApprovalReleasesOnlyTheStatementItWasGivenFor() throws Exception {
    String first = "DELETE FROM orders WHERE id = 57";
    String second = "DELETE FROM orders WHERE id = 56";
    try (Connection a = agent("ada"); Connection b = agent("bea")) {
      CompletableFuture<Object> r1 = run(a, first);
      CompletableFuture<Object> r2 = run(b, second);
      String id1 = awaitRequest(first);
      String id2 = awaitRequest(second);
      assertNotEquals(id1, id2);
      cli(managerToken(), "approve", id1);
      assertEquals(1, r1.get(10, TimeUnit.SECONDS));
      assertFalse(r2.isDone(), "the other request still waits");
      // approving twice does nothing more: an approval is used once
      String[] again = cli(managerToken(), "approve", id1);
      assertEquals("1", again[0]);
      cli(managerToken(), "deny", id2, "--reason", "no");
      assertInstanceOf(SQLException.class, r2.get(10, TimeUnit.SECONDS));
      assertEquals(0, count("id = 57"));
      assertEquals(1, count("id = 56"));
    }
  }

  @Test
  void manyAgentsWaitAtOnceAndEachIsDecidedOnItsOwn() throws Exception {
    List<Connection> conns = new ArrayList<>();
    List<CompletableFuture<Object>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        Connection c = agent("agent-" + i);
        conns.add(c);
        results.add(run(c, "DELETE FROM orders WHERE id = " + (40 + i)));
      }
      for (int i = 0; i < 6; i++) {
        String id = awaitRequest("DELETE FROM orders WHERE id = " + (40 + i));
        cli(managerToken(), i % 2 == 0 ? "approve" : "deny", id);
      }
      for (int i = 0; i < 6; i++) {
        Object r = results.get(i).get(10, TimeUnit.SECONDS);
        if (i % 2 == 0) {
          assertEquals(1, r);
          assertEquals(0, count("id = " + (40 + i)));
        } else {
          assertInstanceOf(SQLException.class, r);
          assertEquals(1, count("id = " + (40 + i)));
        }
      }
    } finally {
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  @Test
  void theAgentsQueryTimeoutEndsTheWaitWithHyt00() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 55";
    try (Connection c = agent("ada"); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> s.executeUpdate(sql));
      assertInstanceOf(SQLTimeoutException.class, e);
      assertEquals("HYT00", e.getSQLState());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
      for (JsonNode n : pending()) {
        assertNotEquals(sql, n.get("sql").asText(), "a timed-out request can't be approved later");
      }
      assertEquals(1, count("id = 55"));
    }
  }

  @Test
  void cancellingTheStatementWithdrawsTheRequest() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 54";
    try (Connection c = agent("ada"); Statement s = c.createStatement()) {
      CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
        try {
          return s.executeUpdate(sql);
        } catch (SQLException e) {
          return e;
        }
      }, AGENTS);
      String id = awaitRequest(sql);
      s.cancel();
      Object r = result.get(10, TimeUnit.SECONDS);
      assertInstanceOf(SQLException.class, r);
      String[] decide = cli(managerToken(), "approve", id);
      assertEquals("1", decide[0], "a withdrawn request cannot be approved");
      assertEquals(1, count("id = 54"));
    }
  }

  @Test
  void aGrantLetsTheApprovedPrincipalRunTheRuleUntilItExpires() throws Exception {
    try (Connection c = agent("gus")) {
      String first = "UPDATE orders SET status = 'held' WHERE id = 1";
      CompletableFuture<Object> r = run(c, first);
      cli(managerToken(), "approve", awaitRequest(first));
      assertEquals(1, r.get(10, TimeUnit.SECONDS));
      String[] grants = cli(managerToken(), "grants");
      assertTrue(grants[1].contains("gus") && grants[1].contains("updates-need-a-manager"),
          grants[1]);
      // inside the window: no new request
      try (Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("UPDATE orders SET status = 'held' WHERE id = 2"));
      }
      // another principal does not share the grant
      try (Connection other = agent("hal"); Statement s = other.createStatement()) {
        s.setQueryTimeout(1);
        assertInstanceOf(SQLTimeoutException.class, org.junit.jupiter.api.Assertions.assertThrows(
            SQLException.class, () -> s.executeUpdate("UPDATE orders SET status = 'x' WHERE id = 3")));
      }
      Thread.sleep(2500);
      // after the window: asks again
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        assertInstanceOf(SQLTimeoutException.class, org.junit.jupiter.api.Assertions.assertThrows(
            SQLException.class, () -> s.executeUpdate("UPDATE orders SET status = 'x' WHERE id = 3")));
      }
    }
  }

  @Test
  void decisionsAreInTheAuditLog() throws Exception {
    String sql = "DELETE FROM orders WHERE id = 53";
    try (Connection c = agent("ada")) {
      CompletableFuture<Object> result = run(c, sql);
      String id = awaitRequest(sql);
      cli(managerToken(), "deny", id, "--reason", "logged");
      result.get(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(sidecar.auditLog());
    assertTrue(log.contains("\"type\":\"approval_requested\""), log);
    assertTrue(log.contains("\"decision\":\"denied\""), log);
    assertTrue(log.contains("\"reason\":\"logged\""), log);
  }

}
