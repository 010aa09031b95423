package dev.gatehouse.sidecar.audit;

import static dev.gatehouse.sidecar.audit.AuditFixtures.config;
import static dev.gatehouse.sidecar.audit.AuditFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of a writer in the middle of a burst of concurrent appends (with rotation going on): the
 * files verify up to at most a torn tail, every append that returned is in the log, and a new
 * writer continues the chain.
 */
class AuditCrashTest {
  private static final Pattern ACK = Pattern.compile("ack (\\d+)");
  private static final int ACKS_BEFORE_KILL = 2000;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Durability.class)
  void killDuringABurstLosesNoAcknowledgedRecord(Durability durability) throws Exception {
    Path log = dir.resolve("gatehouse.jsonl");
    Process child = startBurst(log, durability);
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    Thread reader = readAcks(child, acknowledged);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acknowledged.size() < ACKS_BEFORE_KILL && child.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(child.isAlive(), "the burst was still running: " + errors());
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(acknowledged.size() >= ACKS_BEFORE_KILL, "acks: " + acknowledged.size());

    List<Path> files = new LogFiles(log).allInOrder();
    AuditVerifier.Report report =
        AuditVerifier.verify(files, LogFiles.headOf(log), List.of(), true);
    assertTrue(report.ok(), String.valueOf(report));
    for (String warning : report.warnings()) {
      assertTrue(warning.contains("torn final line") || warning.contains("not covered by head"),
          warning);
    }
    Set<Long> logged = seqsIn(files);
    Set<Long> missing = new HashSet<>(acknowledged);
    missing.removeAll(logged);
    assertEquals(Set.of(), missing, "acknowledged records missing from the log");

    try (AuditLog again = AuditLog.open(config(log, durability, 64 * 1024))) {
      assertTrue(again.append(statement(0)) > report.lastSeq());
    }
    AuditVerifier.Report after =
        AuditVerifier.verify(new LogFiles(log).allInOrder(), LogFiles.headOf(log), List.of(),
            true);
    assertTrue(after.ok(), String.valueOf(after));
  }

  private Process startBurst(Path log, Durability durability) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", childClasspath(), AuditBurstMain.class.getName(),
        log.toString(), durability.name(), "8", String.valueOf(64 * 1024));
    return new ProcessBuilder(command)
        .redirectError(dir.resolve("child.err").toFile())
        .start();
  }

  /** Our classes, the test classes and Jackson: all the child needs. */
  private static String childClasspath() throws Exception {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : List.of(AuditBurstMain.class, AuditLog.class, ObjectMapper.class,
        JsonFactory.class, JsonProperty.class)) {
      String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
      if (!entries.contains(entry)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Thread readAcks(Process child, Set<Long> acknowledged) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        String line;
        while ((line = in.readLine()) != null) {
          Matcher m = ACK.matcher(line);
          if (m.matches()) {
            acknowledged.add(Long.parseLong(m.group(1)));
          }
        }
      } catch (java.io.IOException e) {
        // the child is gone; what was read is what was acknowledged
      }
    });
    reader.start();
    return reader;
  }

  private static Set<Long> seqsIn(List<Path> files) throws Exception {
    Set<Long> seqs = new HashSet<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          seqs.add(RecordLine.MAPPER.readTree(line).get("seq").longValue());
        } catch (java.io.IOException | NullPointerException tornTail) {
          // verify has judged it already
        }
      }
    }
    return seqs;
  }

  private String errors() {
    try {
      return Files.readString(dir.resolve("child.err"));
    } catch (java.io.IOException e) {
      return "(no stderr)";
    }
  }
}
