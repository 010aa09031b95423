package dev.gatehouse.sidecar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.exec.Backend;
import dev.gatehouse.sidecar.exec.BackendSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
  private Backend backend;
  private final SessionRegistry registry = new SessionRegistry();

  @BeforeEach
  void start() {
    backend = Backend.start(new DatasourceConfig("db", "jdbc:h2:mem:sessions" + System.nanoTime(),
        "sa", null, null, DatasourceConfig.Dialect.H2, DatasourceConfig.PoolConfig.DEFAULT,
        List.of(), Map.of()));
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  private static Principal principal(String sub, Instant expires) {
    return new Principal(sub, "https://idp/", Set.of(), Set.of(), Map.of(), expires);
  }

  private Session open(Principal p) {
    Session s = new Session(registry.newId(), p, new BackendSession(backend), Map.of(), true);
    registry.add(s);
    return s;
  }

  @Test
  void aSessionAnswersOnlyToThePrincipalThatOpenedIt() {
    Session s = open(principal("ada", Instant.now().plusSeconds(60)));
    GatehouseException e = assertThrows(GatehouseException.class,
        () -> registry.get(s.id(), principal("mallory", Instant.now().plusSeconds(60))));
    assertEquals(GatehouseException.CONNECTION_DOES_NOT_EXIST, e.sqlState());
    assertEquals(s, registry.get(s.id(), principal("ada", Instant.now().plusSeconds(60))));
  }

  @Test
  void aSessionWhoseOwnerHasNoValidTokenIsClosed() {
    Session orphan = open(principal("ada", Instant.now().minusSeconds(600)));
    Session live = open(principal("bob", Instant.now().plusSeconds(600)));
    List<Session> closed = new ArrayList<>();
    registry.expireIdle(Duration.ofMinutes(30), Duration.ofMinutes(2), closed::add);
    assertEquals(List.of(orphan), closed);
    assertEquals(1, registry.size());
    assertEquals(live, registry.get(live.id(), principal("bob", Instant.now().plusSeconds(600))));
  }

  @Test
  void aRefreshedTokenKeepsTheSessionAlive() {
    Session s = open(principal("ada", Instant.now().minusSeconds(600)));
    registry.get(s.id(), principal("ada", Instant.now().plusSeconds(600)));
    List<Session> closed = new ArrayList<>();
    registry.expireIdle(Duration.ofMinutes(30), Duration.ofMinutes(2), closed::add);
    assertEquals(List.of(), closed);
  }
}
