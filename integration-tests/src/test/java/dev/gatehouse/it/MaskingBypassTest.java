package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The masking and row-filter bypass corpus (issue #5), run through the real driver and sidecar
 * on H2 and on this machine's PostgreSQL: whatever an agent of tenant 1 tries, no original
 * masked value and nothing of tenant 2 reaches it or the audit log.
 */
class MaskingBypassTest {
  /** Originals that must never leave: card numbers, emails, the SSN in a note. */
  static final List<String> CARDS = List.of("4111111111111111", "5555555555554444",
      "378282246310005", "4012888888881881", "6011111111111117", "4242424242424242");
  static final List<String> SECRETS = List.of("ada.secret", "grace.hidden", "alan.private",
      "edsger.quiet", "billing.dept", "078-05-1120", "Grace Hopper", "Edsger Dijkstra");

  static GatehouseSidecar h2;
  static GatehouseSidecar pg;
  static String pgSchema;

  record Case(int line, String expect, String dialects, String sql) {
    @Override
    public String toString() {
      return "line " + line + ": " + sql;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Path policy = copy("masking/policy.yaml");
    h2 = GatehouseSidecar.builder().policy(policy).seed("classpath:masking/seed.sql").build()
        .start();
    if (Databases.postgresReachable()) {
      pgSchema = "gh_mask_" + Long.toHexString(System.nanoTime());
      try (Connection c = Databases.postgres(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + pgSchema);
        s.execute("SET search_path TO " + pgSchema);
        for (String stmt : resource("masking/seed.sql").split(";\\s*\\n")) {
          if (!stmt.replaceAll("(?m)^--.*$", "").isBlank()) {
            s.execute(stmt);
          }
        }
      }
      pg = GatehouseSidecar.builder().policy(policy)
          .datasource("test", Databases.postgresUrl() + "?currentSchema=" + pgSchema,
              Databases.POSTGRES_USER, "", pgSchema)
          .build().start();
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    if (h2 != null) {
      h2.close();
    }
    if (pg != null) {
      pg.close();
      try (Connection c = Databases.postgres(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + pgSchema + " CASCADE");
      }
    }
  }

  static Path copy(String resource) throws IOException {
    Path f = Files.createTempFile("gatehouse-", ".yaml");
    f.toFile().deleteOnExit();
    try (InputStream in = MaskingBypassTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
    }
    return f;
  }

  static String resource(String name) {
    try (InputStream in = MaskingBypassTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    String[] lines = resource("masking/bypass-corpus.txt").split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|", 3);
      Case c = new Case(i + 1, f[0].trim(), f[1].trim(), f[2].trim());
      if (!c.dialects().equals("pg")) {
        out.add(Arguments.of("h2", c));
      }
      if (!c.dialects().equals("h2")) {
        out.add(Arguments.of("pg", c));
      }
    }
    return out.stream();
  }

  private static Connection agent(GatehouseSidecar sidecar) throws SQLException {
    return sidecar.connect(sidecar.principal("agent-7").groups("agents").claim("tenant", 1));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void noOriginalLeaves(String dialect, Case c) throws Exception {
    GatehouseSidecar sidecar = dialect.equals("h2") ? h2 : pg;
    Assumptions.assumeTrue(sidecar != null, "PostgreSQL is not reachable on 127.0.0.1:5432");
    List<String> seen = new ArrayList<>();
    SQLException refused = null;
    Long updateCount = null;
    try (Connection conn = agent(sidecar)) {
      conn.setAutoCommit(false);
      try (PreparedStatement ps = conn.prepareStatement(c.sql())) {
        if (c.sql().contains("?")) {
          ps.setInt(1, 1);
        }
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= n; i++) {
                seen.add(rs.getString(i));
              }
              seen.add("\u0000row");
            }
          }
        } else {
          updateCount = ps.getLargeUpdateCount();
        }
      } catch (SQLException e) {
        refused = e;
        seen.add(e.getMessage());
      } finally {
        conn.rollback();
      }
    }
    String shown = String.join(" | ", seen.stream().map(String::valueOf).toList());
    assertNoOriginal(shown, "shown to the agent");
    assertNoOriginal(withoutIdentifiers(Files.readString(sidecar.auditLog())), "in the audit log");
    check(c, refused, seen, updateCount, shown);
  }

  private static void check(Case c, SQLException refused, List<String> seen, Long updates,
      String shown) {
    String expect = c.expect();
    if (expect.equals("deny")) {
      assertTrue(refused != null, "must be refused, ran: " + shown);
      assertTrue(refused.getSQLState().equals("42501") || refused.getSQLState().equals("42601"),
          refused.getSQLState() + " " + refused.getMessage());
      return;
    }
    if (expect.equals("any")) {
      return;
    }
    if (refused != null) {
      fail("must run, was refused: " + refused.getSQLState() + " " + refused.getMessage());
    }
    if (expect.startsWith("rows=")) {
      long rows = seen.stream().filter("\u0000row"::equals).count();
      assertEquals(Long.parseLong(expect.substring(5)), rows, shown);
    } else if (expect.startsWith("value=")) {
      String want = expect.substring(6);
      String got = updates != null ? Long.toString(updates) : seen.isEmpty() ? null : seen.get(0);
      assertEquals(want, got == null ? null : normalise(got), shown);
    }
  }

  private static String normalise(String value) {
    // numbers compare by value whatever their scale on the backend
    try {
      return new java.math.BigDecimal(value).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException notANumber) {
      return value;
    }
  }

  /**
   * The audit log without what the sidecar writes of its own and whose digits would match a card
   * by chance: hashes and ids (hex), the time stamp ({@code …02.246312Z} holds {@code 22463}),
   * sequence numbers, durations and counts.
   */
  static String withoutIdentifiers(String log) {
    return log.replaceAll("\"(hash|prev_hash|fingerprint|session|ts)\":\"[^\"]*\"", "")
        .replaceAll("\"(seq|duration_ms|rows|update_count)\":[0-9.]+", "");
  }

  /** No card number (nor 5 consecutive digits masking hides), email, SSN or tenant-2 name. */
  static void assertNoOriginal(String text, String where) {
    String lower = text.toLowerCase(Locale.ROOT);
    // digits joined across the separators a formatted card number may carry
    String digits = text.replaceAll("(?<=\\d)[ \\-./](?=\\d)", "");
    for (String card : CARDS) {
      String hidden = card.substring(0, card.length() - 4);
      for (int i = 0; i + 5 <= hidden.length(); i++) {
        String window = hidden.substring(i, i + 5);
        assertFalse(digits.contains(window), "digits " + window + " of card " + card + " " + where);
      }
    }
    for (String secret : SECRETS) {
      assertFalse(lower.contains(secret.toLowerCase(Locale.ROOT)), secret + " " + where);
    }
  }

  @Test
  void theLeakCheckCatchesOriginals() {
    // the checks above must be able to fail: an original in any form trips them
    for (String leak : List.of("4111111111111111", "card 5555-5555 5555", "ADA.SECRET@x",
        "ssn 078-05-1120", "61111111")) {
      org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> assertNoOriginal(leak, "test"), leak);
    }
    assertNoOriginal("************1111 ***@example.com [redacted]", "test");
  }

  @Test
  void anExemptPrincipalSeesTheOriginals() throws SQLException {
    try (Connection c = h2.connect(h2.principal("auditor").groups("agents", "pci-auditors")
            .claim("tenant", 1));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT card_number, email FROM customers WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals("4111111111111111", rs.getString(1));
      assertEquals("ada.secret@example.com", rs.getString(2));
    }
  }

  @Test
  void aPrincipalWithoutTheTenantClaimSeesNoRows() throws SQLException {
    try (Connection c = h2.connect(h2.principal("stray").groups("agents"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      assertTrue(rs.next());
      assertEquals(0, rs.getInt(1));
    }
  }

  @Test
  void maskedColumnsAreMarkedInTheMetadataAndTravelAsText() throws SQLException {
    try (Connection c = agent(h2);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, card_number FROM customers WHERE id = 1")) {
      assertEquals(java.sql.Types.INTEGER, rs.getMetaData().getColumnType(1));
      assertEquals(java.sql.Types.VARCHAR, rs.getMetaData().getColumnType(2));
    }
  }
}
