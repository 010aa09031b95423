package dev.gatehouse.sidecar.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen log with awkward content (control characters, quotes, non-BMP text, nulls, big
 * integers, nested extension objects). If the canonical form or the hashing ever changes, old
 * logs stop verifying: these tests fail first.
 */
class GoldenLogTest {
  @TempDir Path dir;

  private Path resource(String name) throws Exception {
    Path target = dir.resolve(name);
    try (InputStream in = GoldenLogTest.class.getResourceAsStream("/audit/" + name)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  @Test
  void goldenLogVerifies() throws Exception {
    AuditVerifier.Report report =
        AuditVerifier.verify(List.of(resource("golden.jsonl")), null, List.of(), true);
    assertTrue(report.ok(), String.valueOf(report));
    assertEquals(5, report.records());
  }

  @Test
  void theSameEventsAreWrittenToTheSameBytes() throws Exception {
    List<String> golden = Files.readAllLines(resource("golden.jsonl"), StandardCharsets.UTF_8);
    InMemoryAuditLog log = new InMemoryAuditLog(false, Integer.MAX_VALUE);
    for (String line : golden) {
      log.append(AuditEvent.fromJson(RecordLine.MAPPER.readTree(line)));
    }
    assertEquals(golden, log.lines());
  }

  @Test
  void aThirdPartyScriptVerifiesItToo() throws Exception {
    Path script = resource("verify.py");
    Path golden = resource("golden.jsonl");
    Process python;
    try {
      python = new ProcessBuilder("python3", script.toString(), golden.toString())
          .redirectErrorStream(true).start();
    } catch (java.io.IOException noPython) {
      assumeTrue(false, "python3 is not installed");
      return;
    }
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(python.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, python.exitValue(), output);
    assertTrue(output.startsWith("ok: last seq 5"), output);

    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    lines.set(2, lines.get(2).replace("\"n\":2", "\"n\":3"));
    Files.write(golden, lines, StandardCharsets.UTF_8);
    Process tampered = new ProcessBuilder("python3", script.toString(), golden.toString())
        .redirectErrorStream(true).start();
    String complaint = new String(tampered.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tampered.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, tampered.exitValue(), complaint);
    assertTrue(complaint.contains(":3: seq 3 does not verify"), complaint);
  }
}
