package dev.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EndToEndSmokeTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar =
      GatehouseSidecar.builder().allowAll().seed("classpath:dev/gatehouse/sidecar/demo/seed.sql").build();

  @Test
  void queryTravelsDriverSidecarBackendAndBack() throws SQLException {
    try (Connection c = sidecar.connect(sidecar.principal("alice").groups("agents"));
        PreparedStatement ps =
            c.prepareStatement("SELECT full_name, created_at FROM customers WHERE id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("Ada Lovelace", rs.getString(1));
        assertTrue(rs.getTimestamp(2) != null);
      }
    }
  }
}
