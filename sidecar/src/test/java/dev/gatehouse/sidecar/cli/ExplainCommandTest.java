package dev.gatehouse.sidecar.cli;

import static dev.gatehouse.sidecar.cli.Cli.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain} (SPEC §3): what the sidecar sees in SQL, which rules match, the decision. */
class ExplainCommandTest {
  private static final String AGENT =
      "{\"sub\":\"alice\",\"realm_access\":{\"roles\":[\"agents\"]},\"tenant\":7}";

  private static Cli explain(String... args) {
    return Cli.run(ExplainCommand::new, args);
  }

  /** Explains on the shop configuration's h2 datasource; the explanation must succeed. */
  private static Cli explainShop(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", fixture("shop.yaml").toString(),
        "--datasource", "shop"));
    all.addAll(List.of(args));
    Cli cli = explain(all.toArray(String[]::new));
    assertEquals(0, cli.exit, cli.out() + cli.err());
    return cli;
  }

  @Test
  void showsTheAnalysisEachActionAndTheMessageTheAgentGets() {
    Cli cli = explainShop("--claims", AGENT, "SELECT c.email, o.total FROM orders o, customers c"
        + " WHERE o.status = 'paid'");
    String out = cli.out();
    assertTrue(out.contains("principal        alice  (issuer https://idp.example.com/)"), out);
    assertTrue(out.contains("groups           agents"), out);
    assertTrue(out.contains("claims           realm_access={roles=[agents]}, tenant=7"), out);
    assertTrue(out.contains("datasource       shop (h2, default schema PUBLIC)"), out);
    assertTrue(out.contains("  kinds          select"), out);
    assertTrue(out.contains("  reads          PUBLIC.CUSTOMERS, PUBLIC.ORDERS"), out);
    assertTrue(out.contains("    projection   PUBLIC.CUSTOMERS.EMAIL, PUBLIC.ORDERS.TOTAL"), out);
    assertTrue(out.contains("    predicate    PUBLIC.ORDERS.STATUS"), out);
    assertTrue(out.contains("  without WHERE  PUBLIC.CUSTOMERS"), out);
    assertTrue(out.contains("    deny     select on PUBLIC.CUSTOMERS  (rule"
        + " no-unfiltered-customer-scans)"), out);
    assertTrue(out.contains("    allow    select on PUBLIC.ORDERS  (rule agents-read)"), out);
    assertTrue(out.contains("  rules matched  agents-read, no-unfiltered-customer-scans"), out);
    assertTrue(out.contains("  output columns\n    1 EMAIL      -\n    2 TOTAL      -\n"), out);
    assertTrue(out.contains("decision         DENY by rule no-unfiltered-customer-scans,"
        + " SQLState 42501"), out);
    assertTrue(out.contains("message          denied by rule no-unfiltered-customer-scans:"
        + " customers must be read and changed through a WHERE clause"), out);
  }

  @Test
  void everyStatementOfAStackIsExplained() {
    String out = explainShop("--claims", AGENT, "SELECT 1; DELETE FROM orders WHERE id = 3").out();
    assertTrue(out.contains("statement 1: SELECT 1"), out);
    assertTrue(out.contains("statement 2: DELETE FROM orders WHERE id = 3"), out);
    assertTrue(out.contains("decision         APPROVE by rule deletes-need-a-manager"), out);
    assertTrue(out.contains("approvers        group:managers (rule deletes-need-a-manager,"
        + " grant 5m)"), out);
  }

  @Test
  void showsHowEachOutputColumnIsMaskedAndWhatTheDatabaseIsSent() {
    Cli cli = explainShop("--claims", AGENT, "select o.id, c.card_number, upper(c.card_number),"
        + " count(c.card_number) AS n from orders o join customers c on c.id = o.customer_id"
        + " where o.id = 1");
    String out = cli.out();
    assertTrue(out.contains("  output columns\n"
        + "    1 ID         -\n"
        + "    2 CARD_NUMBER masked: last4 (rule cards)\n"
        + "    3 (unnamed)  masked: redact, derived from a masked column (rule cards)\n"
        + "    4 N          -\n"
        + "  detectors      scan every text value of the result\n"), out);
    // the claim's value (7) is bound as a parameter, never part of the text
    assertTrue(out.contains("  row filters    tenant-isolation\n"
        + "  sent as        SELECT o.id, c.card_number, upper(c.card_number), count(c.card_number)"
        + " AS n FROM (SELECT * FROM orders gatehouse_rf WHERE gatehouse_rf.tenant_id = ?) o"
        + " JOIN customers c ON c.id = o.customer_id WHERE o.id = 1\n"), out);
  }

  @Test
  void aStarIsShownWithWhatItsTableMasksAndARefusedRewriteIsSaid() throws Exception {
    String out = explainShop("--claims", AGENT, "SELECT * FROM customers WHERE id = 1").out();
    assertTrue(out.contains("    * of PUBLIC.CUSTOMERS masked: CARD_NUMBER last4 (rule cards)\n"),
        out);
    assertTrue(!out.contains("row filters"), "customers has no row filter: " + out);

    out = explainShop("--claims", AGENT, "INSERT INTO orders (id) VALUES (1)").out();
    assertTrue(out.contains("  output columns -\n  row filters    refused: denied by row filter"
        + " tenant-isolation: new or changed rows of PUBLIC.ORDERS could escape its row filter"),
        out);

    JsonNode json = new ObjectMapper().readTree(explainShop("--claims", AGENT, "--json",
        "SELECT id FROM orders WHERE id = 1").out());
    JsonNode s = json.at("/statements/0");
    assertEquals("tenant-isolation", s.at("/row_filters/0").asText());
    assertEquals("SELECT id FROM (SELECT * FROM orders gatehouse_rf WHERE gatehouse_rf.tenant_id"
        + " = ?) AS orders WHERE id = 1", s.get("sent_sql").asText());
    assertEquals("none", s.at("/output_columns/0/masking").asText());
    assertEquals("ID", s.at("/output_columns/0/label").asText());
  }

  @Test
  void jsonCarriesTheSameExplanationForMachines() throws Exception {
    Cli cli = explainShop("--claims", AGENT, "SELECT * FROM CSVREAD('/etc/passwd')", "--json");
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertEquals("alice", json.at("/principal/sub").asText());
    assertEquals("agents", json.at("/principal/groups/0").asText());
    JsonNode s = json.at("/statements/0");
    assertEquals("csvread", s.at("/dangerous/0/name").asText());
    assertEquals("use of csvread", s.at("/actions/1/action").asText());
    assertEquals("deny", s.at("/actions/1/effect").asText());
    assertTrue(s.get("output_columns").isNull(), "a table function's columns are not known");
    assertTrue(s.get("uncertain_lineage").asBoolean());
    assertEquals("deny", json.at("/decision/effect").asText());
    assertTrue(json.at("/decision/rule").isNull());
    assertEquals("42501", json.at("/decision/sql_state").asText());
  }

  @Test
  void notUnderstoodStatementShowsWhy() {
    String out = explainShop("--claims", AGENT, "SELEKT * FRUM orders").out();
    assertTrue(out.contains("  not understood syntax the parser does not accept"), out);
    assertTrue(out.contains("decision         DENY, SQLState 42601"), out);
  }

  @Test
  void textLongerThanThePolicyAllowsIsRefusedBeforeAnalysis() {
    String out = explainShop("--claims", AGENT, "SELECT 1 " + "-- padding ".repeat(30)).out();
    assertTrue(out.contains("message          the statement is 339 characters long; the policy"
        + " allows at most 200"), out);
  }

  @Test
  void groupsAreReadFromTheIssuersGroupsClaim() {
    // the second issuer reads "groups"; realm_access.roles means nothing to it
    String claims = "{\"sub\":\"bob\",\"iss\":\"https://other.example.com/\","
        + "\"realm_access\":{\"roles\":[\"agents\"]}}";
    String out = explainShop("--claims", claims, "SELECT id FROM orders WHERE id = 1").out();
    assertTrue(out.contains("groups           -"), out);
    assertTrue(out.contains("decision         DENY, SQLState 42501"), out);
  }

  @Test
  void claimsFromAFile(@TempDir Path dir) throws Exception {
    Path claims = Files.writeString(dir.resolve("claims.json"), AGENT);
    String out = explainShop("--claims-file", claims.toString(),
        "SELECT id FROM orders WHERE id = 1").out();
    assertTrue(out.contains("decision         ALLOW by rule agents-read"), out);
  }

  @Test
  void policyFilesAloneInADialect() {
    Cli cli = explain("--policy", fixture("shop-policy.yaml").toString(), "--dialect",
        "postgresql", "--claims", "{\"sub\":\"alice\",\"groups\":[\"agents\"]}",
        "SELECT id FROM \"Orders\" WHERE id = 1");
    assertEquals(0, cli.exit, cli.err());
    assertTrue(cli.out().contains("datasource       default (postgresql, default schema public)"),
        cli.out());
    assertTrue(cli.out().contains("  reads          public.Orders"), cli.out());
  }

  @Test
  void badClaimsUnknownIssuersAndDatasourcesAreBadArguments() {
    String shop = fixture("shop.yaml").toString();
    Cli notJson =
        explain("--config", shop, "--claims", "{sub:", "--datasource", "shop", "SELECT 1");
    assertEquals(2, notJson.exit);
    assertTrue(notJson.err().contains("--claims: expected a JSON object"), notJson.err());

    Cli noSub = explain("--config", shop, "--claims", "{\"groups\":[]}", "--datasource", "shop",
        "SELECT 1");
    assertEquals(2, noSub.exit);
    assertTrue(noSub.err().contains("token has no subject (sub)"), noSub.err());

    Cli untrusted = explain("--config", shop, "--claims", "{\"sub\":\"a\",\"iss\":\"https://x/\"}",
        "--datasource", "shop", "SELECT 1");
    assertEquals(2, untrusted.exit);
    assertTrue(untrusted.err().contains("token issuer 'https://x/' is not trusted"),
        untrusted.err());

    Cli noDatasource = explain("--config", shop, "--claims", "{\"sub\":\"a\"}", "SELECT 1");
    assertEquals(2, noDatasource.exit);
    assertTrue(noDatasource.err().contains("--datasource: name one of shop, warehouse"),
        noDatasource.err());

    Cli unknown = explain("--config", shop, "--claims", "{\"sub\":\"a\"}", "--datasource", "nope",
        "SELECT 1");
    assertEquals(2, unknown.exit);
    assertTrue(unknown.err().contains("no datasource 'nope'; there are: shop, warehouse"),
        unknown.err());
  }

  @Test
  void brokenPolicyIsReportedWithFileAndLine() {
    Cli cli = explain("--config", fixture("broken.yaml").toString(), "--claims",
        "{\"sub\":\"a\"}", "SELECT 1");
    assertEquals(1, cli.exit);
    assertTrue(cli.err().contains(fixture("broken-policy.yaml") + ":4: "), cli.err());
  }
}
