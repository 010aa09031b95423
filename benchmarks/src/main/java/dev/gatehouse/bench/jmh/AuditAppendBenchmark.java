package dev.gatehouse.bench.jmh;

import dev.gatehouse.sidecar.audit.AuditEvent;
import dev.gatehouse.sidecar.audit.AuditLog;
import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One statement record appended to the hash-chained file log, as the sidecar appends it before a
 * result is released: canonical JSON, the chain, the write, and in {@code FSYNC} mode the forced
 * write. With 8 threads appending at once, group commit shares each fsync among them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class AuditAppendBenchmark {
  @Param({"WRITE", "FSYNC"})
  public String durability;

  private Path dir;
  private AuditLog log;

  @Setup
  public void open() throws IOException {
    dir = Files.createTempDirectory("gatehouse-audit-bench-");
    log = AuditLog.open(new AuditConfig(dir.resolve("audit.jsonl"),
        AuditConfig.Durability.valueOf(durability), true, 0, AuditConfig.DEFAULT_MAX_FILE_BYTES,
        false));
  }

  @TearDown
  public void close() throws IOException {
    log.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private long append() {
    return log.append(AuditEvent.builder(AuditEvent.Type.STATEMENT)
        .session("3f2a9c1e-session")
        .principal("agent-1", "https://issuer.example", List.of("agents"))
        .datasource("orders")
        .sql("SELECT id, name, amount FROM customers WHERE id = ?")
        .params(List.of("42"))
        .decision("allow")
        .rules(List.of("agents-read"))
        .tables(List.of("PUBLIC.CUSTOMERS"))
        .rows(1)
        .durationMs(0)
        .build());
  }

  @Benchmark
  @Threads(1)
  public long appendOneThread() {
    return append();
  }

  @Benchmark
  @Threads(8)
  public long appendEightThreads() {
    return append();
  }
}
