package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity on every call (SPEC §2, §6): a token that expires mid-session fails the next
 * statement with 28000; a refreshed token_file lets the same connection go on; a session never
 * answers to another principal's token.
 */
class TokenLifecycleTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = GatehouseSidecar.builder()
      .policyText("""
          default: deny
          rules:
            - name: agents-read
              when: { principals: [group:agents], statements: [select] }
              effect: allow
          """)
      .clockSkew(Duration.ZERO)
      .build();

  @TempDir Path dir;

  private Connection connect(Path tokenFile) throws SQLException {
    Properties p = new Properties();
    p.setProperty("token_file", tokenFile.toString());
    return DriverManager.getConnection(sidecar.url(), p);
  }

  private static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void anExpiredTokenFailsTheNextStatementAndARefreshedFileRecovers() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, sidecar.principal("ada").groups("agents").ttl(Duration.ofSeconds(4))
        .token());
    try (Connection c = connect(file)) {
      assertEquals(1, selectOne(c));
      Thread.sleep(5200);
      SQLException e = assertThrows(SQLException.class, () -> selectOne(c));
      assertEquals("28000", e.getSQLState());
      assertTrue(e.getMessage().contains("expired"), e.getMessage());
      // the platform refreshes the projected token; the application does nothing
      Files.writeString(file, sidecar.principal("ada").groups("agents").ttl(Duration.ofMinutes(5))
          .token() + "\n");
      assertEquals(1, selectOne(c));
      assertFalse(c.isClosed());
    }
  }

  @Test
  void aSessionDoesNotAnswerToAnotherPrincipalsToken() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, sidecar.principal("ada").groups("agents").token());
    try (Connection c = connect(file)) {
      assertEquals(1, selectOne(c));
      // someone swaps in a valid token of another principal
      Files.writeString(file, sidecar.principal("mallory").groups("agents").token() + "\n\n");
      SQLException e = assertThrows(SQLException.class, () -> selectOne(c));
      assertEquals("08003", e.getSQLState(), e.getMessage());
    }
  }

  @Test
  void theTokenNeverAppearsInAnError() throws Exception {
    String token = sidecar.principal("ada").groups("agents").ttl(Duration.ofSeconds(4)).token();
    Properties p = new Properties();
    p.setProperty("token", token);
    try (Connection c = DriverManager.getConnection(sidecar.url(), p)) {
      Thread.sleep(5200);
      SQLException e = assertThrows(SQLException.class, () -> selectOne(c));
      assertEquals("28000", e.getSQLState());
      for (String part : token.split("\\.")) {
        assertFalse(e.getMessage().contains(part), "the message quotes the token");
      }
    }
  }
}
