package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryAuditLogTest {
  @TempDir Path dir;

  @Test
  void keepsTheSameChainAsTheFileLog() throws Exception {
    InMemoryAuditLog memory = AuditLog.inMemory();
    Path file = dir.resolve("gatehouse.jsonl");
    try (AuditLog disk = AuditLog.open(AuditFixtures.config(file))) {
      for (int i = 1; i <= 3; i++) {
        assertEquals(memory.append(statement(i)), disk.append(statement(i)));
      }
    }
    assertEquals(Files.readAllLines(file), memory.lines());
    assertEquals(3, memory.records().get(2).seq());
    assertEquals(memory.records().get(1).hash(), memory.records().get(2).prevHash());
    assertEquals("allow", memory.events().get(0).decision());
  }

  @Test
  void canBeSwitchedToFailSoFailClosedPathsCanBeTested() {
    InMemoryAuditLog memory = AuditLog.inMemory();
    memory.setAvailable(false);
    assertThrows(AuditUnavailableException.class, () -> memory.append(statement(1)));
    memory.setAvailable(true);
    assertEquals(1, memory.append(statement(1)));
    memory.close();
    assertThrows(AuditUnavailableException.class, () -> memory.append(statement(2)));
    assertTrue(memory.records().size() == 1 && List.of(1L).contains(memory.records().get(0).seq()));
  }
}
