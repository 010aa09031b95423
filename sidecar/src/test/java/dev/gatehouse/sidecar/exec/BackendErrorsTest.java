package dev.gatehouse.sidecar.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.GatehouseException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the agent sees of a backend failure (SPEC §6): the connection class, or the database's own. */
class BackendErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08003", "08006", "08S01"})
  void connectionClassStatesAreALostConnectionNamingTheDatasource(String state) {
    GatehouseException g = BackendErrors.translate("orders", "commit failed",
        new SQLException("An I/O error occurred while sending to the backend.", state));
    assertEquals(GatehouseException.CONNECTION_LOST, g.sqlState());
    assertEquals("the connection to datasource orders was lost (commit failed): An I/O error"
        + " occurred while sending to the backend.", g.getMessage());
  }

  @Test
  void connectionExceptionTypesCountWhateverTheirState() {
    for (SQLException e : new SQLException[] {
        new SQLNonTransientConnectionException("socket error", "HY000"),
        new SQLTransientConnectionException("socket error"),
        new SQLRecoverableException("socket error")}) {
      assertTrue(BackendErrors.isConnectionLoss(e), e.toString());
      assertEquals("08006", BackendErrors.translate("maria", null, e).sqlState());
    }
  }

  @Test
  void aFetchOverTheSidecarsMemoryLimitIs54000AndSaysWhatToDo() {
    // PostgreSQL's driver reports it with a connection state (08S01); the agent must not read
    // it as a lost connection
    SQLException e = new SQLException(
        "Result set exceeded maxResultBuffer limit. Received:  41943041; Current limit: 33554432",
        "08S01");
    GatehouseException g = BackendErrors.translate("pg", null, e);
    assertEquals("54000", g.sqlState());
    assertTrue(g.getMessage().contains("too large for the sidecar"), g.getMessage());
    assertTrue(g.getMessage().contains("33554432"), g.getMessage());
    assertTrue(g.getMessage().contains("setFetchSize"), g.getMessage());
    // the driver's message in another language still names the property
    assertEquals("54000", BackendErrors.translate("pg", null, new SQLException(
        "Die Ergebnismenge hat das maxResultBuffer-Limit überschritten.", "08S01")).sqlState());
    // any other 08 error still is a lost connection
    assertEquals(GatehouseException.CONNECTION_LOST,
        BackendErrors.translate("pg", null, new SQLException("I/O error", "08S01")).sqlState());
  }

  @Test
  void otherErrorsKeepTheDatabasesStateAndMessage() {
    SQLException e = new SQLException("relation \"nope\" does not exist", "42P01", 7);
    assertFalse(BackendErrors.isConnectionLoss(e));
    GatehouseException g = BackendErrors.translate("orders", null, e);
    assertEquals("42P01", g.sqlState());
    assertEquals("relation \"nope\" does not exist", g.getMessage());
    assertEquals(7, g.vendorCode());
  }

  @Test
  void aMissingOrMalformedStateIsHy000() {
    assertEquals("HY000",
        BackendErrors.translate("orders", null, new SQLException("Connection is closed")).sqlState());
    assertEquals("HY000",
        BackendErrors.translate(null, null, new SQLException("odd", "123")).sqlState());
  }

  @Test
  void withoutADatasourceTheMessageSaysTheDatabaseConnection() {
    GatehouseException g =
        BackendErrors.translate(null, new SQLException("reset", "08006"));
    assertEquals("the database connection was lost: reset", g.getMessage());
  }
}
