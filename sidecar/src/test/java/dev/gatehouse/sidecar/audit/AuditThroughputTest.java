package dev.gatehouse.sidecar.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link AuditThroughputMain} when asked ({@code -Dgatehouse.audit.throughput=true}); skipped
 * otherwise so the suite stays fast. Prints, asserts nothing about timing.
 */
class AuditThroughputTest {
  @TempDir Path dir;

  @Test
  void printsThroughput() throws Exception {
    assumeTrue(Boolean.getBoolean("gatehouse.audit.throughput"), "throughput run not requested");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8)) {
      new AuditThroughputMain(Long.getLong("gatehouse.audit.millis", 2000), out, dir).run();
    }
    String text = table.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    Files.writeString(Path.of("target", "audit-throughput.txt"), text);
  }
}
