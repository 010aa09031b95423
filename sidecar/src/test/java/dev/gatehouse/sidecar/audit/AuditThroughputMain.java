package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.config.AuditConfig.Durability;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A throughput harness, not a test: prints appends/s for fsync and write at 1, 8 and 64 threads,
 * and statements/s of a point query on in-memory H2 with audit off, write and fsync. Prints
 * figures and asserts nothing: timings depend on the machine (docs/AUDIT.md has ours).
 *
 * <p>Run with {@code mvn -q -B -o -pl sidecar -am test -Dtest=AuditThroughputTest
 * -Dgatehouse.audit.throughput=true -Dsurefire.failIfNoSpecifiedTests=false}; the table is in
 * {@code sidecar/target/audit-throughput.txt}.
 */
public final class AuditThroughputMain {
  private static final int[] THREADS = {1, 8, 64};

  private final long measureMillis;
  private final PrintStream out;
  private final Path dir;

  AuditThroughputMain(long measureMillis, PrintStream out, Path dir) {
    this.measureMillis = measureMillis;
    this.out = out;
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    long millis = args.length > 0 ? Long.parseLong(args[0]) : 2000;
    Path dir = Files.createTempDirectory("audit-throughput");
    new AuditThroughputMain(millis, System.out, dir).run();
  }

  void run() throws Exception {
    out.printf("disk: one 550-byte append + fdatasync takes %.0f us (median of 200, no audit "
        + "code)%n%n", rawFsyncMicros());
    out.println("audit appends/s (statement events of ~550 bytes; " + measureMillis + " ms each)");
    out.printf("%-8s %10s %10s %10s%n", "mode", "1 thread", "8 threads", "64 threads");
    for (Durability durability : List.of(Durability.WRITE, Durability.FSYNC)) {
      StringBuilder row = new StringBuilder(String.format("%-8s", durability.name().toLowerCase()));
      for (int threads : THREADS) {
        row.append(String.format(" %10.0f", appendsPerSecond(durability, threads)));
      }
      out.println(row);
    }
    out.println();
    out.println("statements/s, point SELECT on in-memory H2, one audit record per statement");
    out.printf("%-8s %10s %10s %10s%n", "audit", "1 thread", "8 threads", "64 threads");
    for (Durability durability : new Durability[] {null, Durability.WRITE, Durability.FSYNC}) {
      StringBuilder row = new StringBuilder(
          String.format("%-8s", durability == null ? "off" : durability.name().toLowerCase()));
      for (int threads : THREADS) {
        row.append(String.format(" %10.0f", statementsPerSecond(durability, threads)));
      }
      out.println(row);
    }
  }

  /** The floor under fsync mode on this disk right now; other load on the machine moves it. */
  private double rawFsyncMicros() throws Exception {
    Path file = Files.createTempDirectory(dir, "raw").resolve("raw.log");
    long[] micros = new long[200];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      byte[] record = new byte[550];
      record[549] = '\n';
      for (int i = 0; i < micros.length; i++) {
        long start = System.nanoTime();
        channel.write(ByteBuffer.wrap(record));
        channel.force(false);
        micros[i] = (System.nanoTime() - start) / 1000;
      }
    }
    Arrays.sort(micros);
    return micros[micros.length / 2];
  }

  private double appendsPerSecond(Durability durability, int threads) throws Exception {
    Path log = Files.createTempDirectory(dir, "appends").resolve("gatehouse.jsonl");
    try (AuditLog audit = AuditLog.open(new AuditConfig(log, durability, true, 20,
        AuditConfig.DEFAULT_MAX_FILE_BYTES, false))) {
      return measure(threads, () -> audit.append(AuditFixtures.statement(7)));
    }
  }

  private double statementsPerSecond(Durability durability, int threads) throws Exception {
    String url = "jdbc:h2:mem:throughput;DB_CLOSE_DELAY=-1";
    try (Connection setup = DriverManager.getConnection(url);
        Statement s = setup.createStatement()) {
      s.execute("DROP TABLE IF EXISTS customers");
      s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), card VARCHAR(20))");
      s.execute("INSERT INTO customers SELECT x, 'name' || x, '4111111111111111' "
          + "FROM SYSTEM_RANGE(1, 1000)");
    }
    AuditLog audit = durability == null ? null : AuditLog.open(new AuditConfig(
        Files.createTempDirectory(dir, "statements").resolve("gatehouse.jsonl"), durability, true,
        20, AuditConfig.DEFAULT_MAX_FILE_BYTES, false));
    ThreadLocal<PreparedStatement> statements = ThreadLocal.withInitial(() -> prepare(url));
    try {
      return measure(threads, () -> {
        long start = System.nanoTime();
        PreparedStatement query = statements.get();
        query.setInt(1, (int) (start % 1000) + 1);
        int rows = 0;
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
            rows++;
          }
        }
        if (audit != null) {
          audit.append(AuditFixtures.statement(7).toBuilder().rows(rows)
              .durationMs((System.nanoTime() - start) / 1_000_000).build());
        }
      });
    } finally {
      if (audit != null) {
        audit.close();
      }
    }
  }

  private static PreparedStatement prepare(String url) {
    try {
      return DriverManager.getConnection(url)
          .prepareStatement("SELECT name, card FROM customers WHERE id = ?");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Operation {
    void run() throws Exception;
  }

  /** Runs {@code op} in a loop on {@code threads} threads: a warm-up, then a measured window. */
  private double measure(int threads, Operation op) throws Exception {
    AtomicBoolean counting = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    LongAdder done = new LongAdder();
    CountDownLatch finished = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          while (!stop.get()) {
            op.run();
            if (counting.get()) {
              done.increment();
            }
          }
        } catch (Exception e) {
          e.printStackTrace(out);
        } finally {
          finished.countDown();
        }
      });
      worker.start();
      workers.add(worker);
    }
    Thread.sleep(Math.max(200, measureMillis / 4));
    counting.set(true);
    long start = System.nanoTime();
    Thread.sleep(measureMillis);
    long count = done.sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    finished.await();
    return count / seconds;
  }
}
