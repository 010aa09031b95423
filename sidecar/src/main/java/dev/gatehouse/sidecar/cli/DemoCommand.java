package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.audit.AuditReplay;
import dev.gatehouse.sidecar.server.GatehouseServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code demo}: a scripted tour on the embedded demo (SPEC §3). An agent session runs allowed,
 * masked, blocked and approval-gated statements through the real driver and sidecar; then the
 * audit replay of that session is printed. Exits 0 when every step behaved as the tour expects.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "A scripted tour: an agent's session on the demo database, then its audit replay.")
final class DemoCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  DemoCommand() {
    this(System.out, System.err);
  }

  DemoCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** One step of the tour: what the agent sends, and what should happen. */
  record Step(String title, String sql, Expect expect, String why) {}

  enum Expect {
    ROWS,
    DENIED,
    APPROVED
  }

  static final List<Step> TOUR = List.of(
      new Step("an ordinary read", "SELECT id, status, total FROM orders WHERE customer_id = 11",
          Expect.ROWS, "allowed by rule agents-read"),
      new Step("a customer looked up by id",
          "SELECT full_name, email, card_number FROM customers WHERE id = 1", Expect.ROWS,
          "allowed; the card shows its last four digits, the email only its domain"),
      new Step("masking follows the data, not the label",
          "SELECT lower(card_number) AS harmless, email AS contact FROM customers WHERE id = 3",
          Expect.ROWS, "a value computed from a card is fully redacted; an alias changes nothing"),
      new Step("free text holding PII nobody declared",
          "SELECT full_name, notes FROM customers WHERE id = 9", Expect.ROWS,
          "content detectors find the IBAN in the note"),
      new Step("guessing a card one prefix at a time",
          "SELECT id FROM customers WHERE card_number LIKE '4111%'", Expect.DENIED,
          "masked columns may only be compared whole (=, IN)"),
      new Step("counting orders", "SELECT count(*) AS orders FROM orders", Expect.ROWS,
          "the tenant filter rewrites every reference: tenant 1 sees only its own orders"),
      new Step("an unfiltered scan of customers", "SELECT * FROM customers", Expect.DENIED,
          "the policy wants customers read through a WHERE clause"),
      new Step("a DROP hidden behind a harmless SELECT", "SELECT 1; DROP TABLE orders",
          Expect.DENIED, "every statement of a text is judged; one denial denies all"),
      new Step("a comment trick", "SELECT/**/*/**/FROM/**/customers", Expect.DENIED,
          "comments don't hide what the parser sees"),
      new Step("reading a server file", "SELECT * FROM CSVREAD('/etc/passwd')", Expect.DENIED,
          "functions that touch the server's files are refused unless a rule names them"),
      new Step("a statement nobody can parse", "SELEKT * FRUM orders", Expect.DENIED,
          "what is not understood is denied (fail closed)"),
      new Step("a delete, held for a manager", "DELETE FROM orders WHERE id = 1",
          Expect.APPROVED, "rule deletes-need-a-manager; a manager approves it"));

  @Override
  public Integer call() throws Exception {
    DemoEnvironment demo = DemoEnvironment.create(0, 0);
    int failures = 0;
    try (GatehouseServer server = GatehouseServer.start(demo.config(), demo.verifier())) {
      String url = "jdbc:gatehouse://127.0.0.1:" + server.port() + "/" + DemoEnvironment.DATASOURCE;
      out.println("Gatehouse demo tour");
      out.println("An agent (demo-agent, group agents, tenant 1) connects with " + url);
      out.println("and a token; it never sees the database's credential.");
      out.println();
      Properties p = new Properties();
      p.setProperty("token", demo.agentToken());
      try (Connection c = DriverManager.getConnection(url, p)) {
        int n = 1;
        for (Step step : TOUR) {
          failures += run(n++, step, c, server, demo) ? 0 : 1;
        }
      }
      out.println();
      out.println("Audit replay of the agent's session (" + demo.config().audit().path() + "):");
      out.println();
    }
    new AuditReplay(out, err).replay(List.of(demo.config().audit().path()),
        new AuditReplay.Filter(null, "demo-agent", null, null), false);
    if (failures > 0) {
      err.println("demo: " + failures + " step(s) did not behave as expected");
      return 1;
    }
    return 0;
  }

  private boolean run(int n, Step step, Connection c, GatehouseServer server,
      DemoEnvironment demo) throws Exception {
    out.println("[" + n + "] " + step.title() + ": " + step.why());
    out.println("    agent> " + step.sql());
    if (step.expect() == Expect.APPROVED) {
      return runApproved(step, c, server, demo);
    }
    try (Statement s = c.createStatement()) {
      if (s.execute(step.sql())) {
        try (ResultSet rs = s.getResultSet()) {
          printRows(rs);
        }
      } else {
        out.println("    " + s.getUpdateCount() + " row(s) changed");
      }
      out.println();
      return step.expect() == Expect.ROWS;
    } catch (SQLException e) {
      out.println("    refused (" + e.getSQLState() + "): " + e.getMessage());
      out.println();
      return step.expect() == Expect.DENIED;
    }
  }

  private boolean runApproved(Step step, Connection c, GatehouseServer server,
      DemoEnvironment demo) throws Exception {
    CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate(step.sql());
      } catch (SQLException e) {
        return e;
      }
    });
    String admin = "127.0.0.1:" + server.adminPort();
    String id = null;
    for (int i = 0; i < 100 && id == null; i++) {
      ByteArrayOutputStream listed = new ByteArrayOutputStream();
      Main.run(new PrintStream(listed, true, StandardCharsets.UTF_8), err, "approvals",
          "--admin", admin, "--token", demo.managerToken(), "list");
      for (String line : listed.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.contains(step.sql())) {
          id = line.split("\\s+")[0];
        }
      }
      if (id == null) {
        Thread.sleep(50);
      }
    }
    if (id == null) {
      out.println("    the request never reached the approval desk");
      return false;
    }
    out.println("    held as " + id + "; the agent waits. A manager runs:");
    out.println("    manager> gatehouse approvals approve " + id);
    Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err,
        "approvals", "--admin", admin, "--token", demo.managerToken(), "approve", id,
        "--reason", "checked the order; fine to remove");
    Object r = result.get(30, TimeUnit.SECONDS);
    if (r instanceof SQLException e) {
      out.println("    refused (" + e.getSQLState() + "): " + e.getMessage());
      out.println();
      return false;
    }
    out.println("    approved; " + r + " row(s) deleted");
    out.println();
    return true;
  }

  private void printRows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      names.add(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
    }
    out.println("    " + String.join(" | ", names));
    int rows = 0;
    while (rs.next()) {
      if (rows < 5) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          values.add(String.valueOf(rs.getString(i)));
        }
        out.println("    " + String.join(" | ", values));
      }
      rows++;
    }
    out.println("    (" + rows + " row" + (rows == 1 ? "" : "s") + ")");
  }
}
