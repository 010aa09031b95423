package dev.gatehouse.sidecar.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.sql.NameResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyStoreTest {
  @TempDir Path dir;

  private PolicyStore<PolicyEngine> store(Path file) throws Exception {
    return PolicyStore.load(new PolicySource(List.of(file), null),
        Map.of("db", new NameResolver(Dialect.H2, null, null)));
  }

  @Test
  void aChangedFileIsSwappedInWhole() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "default: deny\n");
    PolicyStore<PolicyEngine> store = store(f);
    assertEquals(Effect.DENY, store.current().policy().defaultEffect());
    Files.writeString(f, "default: allow\nrules: [{name: r, effect: deny, when: {statements: [ddl]}}]\n");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
    store.reloadIfChanged();
    assertEquals(Effect.ALLOW, store.current().policy().defaultEffect());
    assertEquals(1, store.current().policy().rules().size());
  }

  @Test
  void aBrokenFileLeavesTheOldPolicyInForce() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "default: deny\n");
    PolicyStore<PolicyEngine> store = store(f);
    PolicyEngine before = store.current();
    Files.writeString(f, "default: deny\nrules: [{name: r, effect: perhaps}]\n");
    assertFalse(store.reload("test"));
    assertSame(before, store.current());
  }

  @Test
  void aNameThatIsNotATableInTheDialectIsABrokenPolicy() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "default: deny\n");
    PolicyStore<PolicyEngine> store = store(f);
    Files.writeString(f,
        "rules: [{name: r, effect: allow, when: {tables: [a.b.c.d]}}]\n");
    assertFalse(store.reload("test"));
    assertTrue(store.current().policy().rules().isEmpty());
  }
}
