package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The driver reaches the sidecar over a Unix domain socket ({@code ?socket=}) as well as TCP. */
@Timeout(60)
class UnixSocketTest {
  private static final Path DIR = temporaryDirectory();
  private static final Path SOCKET = DIR.resolve("gatehouse.sock");

  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().socket(SOCKET).seed("classpath:dev/gatehouse/sidecar/demo/seed.sql")
          .build();

  private static Path temporaryDirectory() {
    try {
      // a short path: a Unix socket path must fit in about 100 bytes
      return Files.createTempDirectory(Path.of("/tmp"), "gh-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeDirectory() throws IOException {
    Files.deleteIfExists(SOCKET);
    Files.deleteIfExists(DIR);
  }

  private static Connection overSocket(String subject) throws SQLException {
    Properties p = new Properties();
    p.setProperty("token", sidecar.principal(subject).token());
    return DriverManager.getConnection("jdbc:gatehouse:///test?socket=" + SOCKET, p);
  }

  @Test
  void queriesTravelOverTheUnixSocket() throws SQLException {
    assertTrue(Files.exists(SOCKET), "the sidecar listens on " + SOCKET);
    try (Connection c = overSocket("uds-agent");
        Statement s = c.createStatement()) {
      assertEquals("uds-agent", c.getMetaData().getUserName());
      try (ResultSet rs = s.executeQuery("SELECT full_name FROM customers WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("Ada Lovelace", rs.getString(1));
      }
      s.setFetchSize(500);
      long sum = 0;
      try (ResultSet rs = s.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 200000)")) {
        while (rs.next()) {
          sum += rs.getLong(1);
        }
      }
      assertEquals(200000L * 200001 / 2, sum);
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE customers SET full_name = 'changed' WHERE id = 1");
      c.rollback();
      assertFalse(c.getMetaData().getURL().contains("token"));
    }
  }

  @Test
  void tcpKeepsWorkingBesideTheSocket() throws SQLException {
    try (Connection overTcp = sidecar.connect(sidecar.principal("tcp-agent"));
        Connection overUds = overSocket("uds-agent");
        Statement t = overTcp.createStatement();
        Statement u = overUds.createStatement();
        ResultSet a = t.executeQuery("SELECT full_name FROM customers WHERE id = 1");
        ResultSet b = u.executeQuery("SELECT full_name FROM customers WHERE id = 1")) {
      assertTrue(a.next());
      assertTrue(b.next());
      assertEquals(a.getString(1), b.getString(1));
    }
  }
}
