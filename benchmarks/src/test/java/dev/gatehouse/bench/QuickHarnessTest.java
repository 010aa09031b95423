package dev.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's smoke test for CI: the whole harness in quick mode (tiny sizes, every path:
 * direct, Gatehouse with both audit modes, masking on and off, Avatica, many connections, the
 * 256 MB child sidecar). No timing is asserted — figures from a shared CI machine mean nothing;
 * what is asserted is that every path ran without an error and the outputs were written.
 */
class QuickHarnessTest {
  @Test
  @Timeout(120)
  void quickModeRunsEveryBenchmarkWithoutErrors() throws Exception {
    Path out = Path.of("target", "benchmark-quick");
    Results results = new Harness(Sizes.QUICK, out).run();

    assertEquals(List.of(), results.errors(), "errors in quick mode:\n" + results.text());
    for (String key : List.of("point/direct-h2/p50", "point/gatehouse-h2-write/p50",
        "point/gatehouse-h2-fsync/p50", "point/avatica-h2/p50", "stream/gatehouse-h2-masked",
        "stream/avatica-h2", "concurrency/gatehouse-h2-fsync/throughput",
        "memory/rows")) {
      assertNotNull(results.figure(key), key + " was not measured:\n" + results.text());
    }
    assertEquals(0.0, results.median("concurrency/gatehouse-h2-fsync/errors"));
    assertEquals(Sizes.QUICK.memoryRows(), (long) results.median("memory/rows"));
    BufferedImage chart = ImageIO.read(out.resolve("chart.png").toFile());
    assertNotNull(chart, "chart.png is not an image");
    assertTrue(chart.getWidth() > 0 && chart.getHeight() > 0);
    assertTrue(Files.readString(out.resolve("results.json")).contains("\"ratios\""));
  }
}
