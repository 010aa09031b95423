package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link MaskThroughputMain} when asked ({@code -Dgatehouse.mask.throughput=true}); skipped
 * otherwise so the suite stays fast. Prints, asserts nothing about timing.
 */
class MaskThroughputTest {
  @Test
  void printsThroughput() throws Exception {
    assumeTrue(Boolean.getBoolean("gatehouse.mask.throughput"), "throughput run not requested");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8)) {
      new MaskThroughputMain(Long.getLong("gatehouse.mask.millis", 2000), out).run();
    }
    String text = table.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    Files.writeString(Path.of("target", "mask-throughput.txt"), text);
  }
}
