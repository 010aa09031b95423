package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.lines;
import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {
  @TempDir Path dir;

  @Test
  void appendsChainedRecordsThatVerify() throws Exception {
    Path log = dir.resolve("gatehouse.jsonl");
    try (AuditLog audit = AuditLog.open(config(log))) {
      assertEquals(1, audit.append(statement(1)));
      assertEquals(2, audit.append(statement(2)));
    }
    List<String> lines = lines(log);
    assertEquals(2, lines.size());
    System.out.println(lines.get(0));
    AuditVerifier.Report report =
        AuditVerifier.verify(List.of(log), LogFiles.headOf(log), List.of(), true);
    assertTrue(report.ok(), String.valueOf(report));
  }
}
