package dev.gatehouse.bench;

import dev.gatehouse.sidecar.config.AuditConfig;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end benchmark (docs/PERFORMANCE.md): the real Gatehouse driver against in-process
 * sidecars over real gRPC, Avatica's remote JDBC as the peer, and direct JDBC to the same
 * databases in the same run, so every figure is also a ratio against direct.
 *
 * <pre>
 * java -Xmx3g -jar benchmarks/target/gatehouse-benchmarks.jar [full|quick|profile|latency|point|stream] [OUTPUT_DIR]
 * </pre>
 *
 * Writes {@code results.json}, {@code results.txt} and {@code chart.png} into OUTPUT_DIR
 * (default {@code benchmarks/target/benchmark-results}); exits 1 when anything failed. Quick mode
 * runs every path with tiny sizes: a smoke test whose figures mean nothing.
 */
public final class Harness {
  private static final String H2 = "h2";
  private static final String PG = "pg";

  private final Sizes sizes;
  private final Path out;
  private final Results results = new Results();
  private final List<AutoCloseable> open = new ArrayList<>();

  Harness(Sizes sizes, Path out) {
    this.sizes = sizes;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "full";
    Sizes sizes = switch (mode) {
      case "quick" -> Sizes.QUICK;
      case "profile" -> Sizes.PROFILE;
      case "latency" -> Sizes.LATENCY;
      case "point" -> Sizes.POINT;
      case "stream" -> Sizes.STREAM;
      case "full" -> Sizes.FULL;
      default -> throw new IllegalArgumentException(
          "usage: [full|quick|profile|latency|point|stream] [OUTPUT_DIR]; got " + mode);
    };
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/target/benchmark-results");
    Results r = new Harness(sizes, out).run();
    System.out.println(r.text());
    System.out.println("wrote " + out.toAbsolutePath().resolve("chart.png"));
    System.exit(r.errors().isEmpty() ? 0 : 1);
  }

  /** Runs every benchmark and writes the results and the chart; never throws for a failure. */
  Results run() throws Exception {
    describeEnvironment();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-load-sampler");
      t.setDaemon(true);
      return t;
    });
    load.scheduleAtFixedRate(() -> results.add("machine/load-average", "1-min load",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()), 0, 5,
        TimeUnit.SECONDS);
    BenchData data = new BenchData();
    boolean postgres = BenchData.postgresReachable();
    try {
      data.createH2(sizes);
      if (postgres) {
        data.createPostgres(sizes);
      } else {
        results.note("PostgreSQL did not answer on 127.0.0.1:5432: its figures are skipped");
      }
      measure(data, postgres);
    } catch (Exception e) {
      results.error("the harness failed: " + e);
      e.printStackTrace();
    } finally {
      load.shutdownNow();
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          results.note("closing " + c + ": " + e);
        }
      }
      if (postgres) {
        data.dropPostgres();
      }
    }
    results.environment("finished", Instant.now().toString());
    ratios(postgres);
    results.write(out);
    chart(postgres).write(out.resolve("chart.png"));
    return results;
  }

  private void measure(BenchData data, boolean postgres) throws Exception {
    Connection anchor = data.h2(); // the in-memory database lives as long as the run
    open.add(anchor);
    GatehouseSidecar write = sidecar(data, postgres, AuditConfig.Durability.WRITE);
    GatehouseSidecar fsync = sidecar(data, postgres, AuditConfig.Durability.FSYNC);
    AvaticaPeer avatica = new AvaticaPeer(data.h2Url);
    open.add(avatica);

    List<ConnectionSource> point = new ArrayList<>();
    List<ConnectionSource> stream = new ArrayList<>();
    ConnectionSource directH2 = new ConnectionSource("direct-h2", null, data::h2);
    point.add(directH2);
    point.add(gatehouse("gatehouse-h2-write", "direct-h2", write, H2, false));
    point.add(gatehouse("gatehouse-h2-fsync", "direct-h2", fsync, H2, false));
    ConnectionSource peer = new ConnectionSource("avatica-h2", "direct-h2", avatica::connect);
    point.add(peer);
    stream.add(directH2);
    stream.add(gatehouse("gatehouse-h2", "direct-h2", write, H2, false));
    stream.add(gatehouse("gatehouse-h2-masked", "direct-h2", write, H2, true));
    stream.add(peer);
    if (postgres) {
      ConnectionSource directPg = new ConnectionSource("direct-pg", null, BenchData::postgres);
      point.add(directPg);
      point.add(gatehouse("gatehouse-pg-write", "direct-pg", write, PG, false));
      point.add(gatehouse("gatehouse-pg-fsync", "direct-pg", fsync, PG, false));
      stream.add(directPg);
      stream.add(gatehouse("gatehouse-pg", "direct-pg", write, PG, false));
      stream.add(gatehouse("gatehouse-pg-masked", "direct-pg", write, PG, true));
    }

    // -Dbench.only=NAME,NAME keeps only those sources: for a profiler run of one path.
    String only = System.getProperty("bench.only");
    List<String> names = only == null ? null : List.of(only.split(","));
    if (names != null) {
      point.removeIf(s -> !names.contains(s.name()));
      stream.removeIf(s -> !names.contains(s.name()));
    }
    PointQueries points = new PointQueries(data, sizes);
    Streaming streaming = new Streaming(data, sizes);
    for (int repeat = 1; repeat <= sizes.repeats(); repeat++) {
      progress("repeat " + repeat + " of " + sizes.repeats() + ": point queries");
      for (ConnectionSource s : sizes.pointQueries() == 0 ? List.<ConnectionSource>of() : point) {
        points.measure(s, results);
      }
      if (sizes.pointQueries() > 0 && (names == null || names.contains("floor"))) {
        new TransportFloor(sizes.pointWarmup(), sizes.pointQueries()).measure(results);
      }
      progress("repeat " + repeat + " of " + sizes.repeats() + ": streaming");
      for (ConnectionSource s : sizes.streamRows() == 0 ? List.<ConnectionSource>of() : stream) {
        streaming.measure(s, s.name().endsWith("-masked"), results);
      }
    }

    if (sizes.clients() == 0) {
      return; // latency mode: point queries and streaming only
    }
    progress("concurrency: " + sizes.clients() + " connections");
    Concurrency concurrency = new Concurrency(data, sizes);
    concurrency.measure(directH2, results);
    concurrency.measure(gatehouse("gatehouse-h2-write", "direct-h2", write, H2, false), results);
    concurrency.measure(gatehouse("gatehouse-h2-fsync", "direct-h2", fsync, H2, false), results);

    progress("memory: " + sizes.memoryRows() + " rows through a 256 MB sidecar");
    new MemoryRun(out.resolve("memory-sidecar"), sizes.memoryRows()).measure(results);
  }

  private GatehouseSidecar sidecar(BenchData data, boolean postgres,
      AuditConfig.Durability durability) throws InterruptedException {
    GatehouseSidecar.Builder b = GatehouseSidecar.builder()
        .policyText(data.policy())
        .auditDurability(durability)
        .maxTokenAge(Duration.ofHours(2))
        .datasource(H2, data.h2Url, "sa", "", "PUBLIC");
    if (postgres) {
      b.datasource(PG, BenchData.POSTGRES_URL, BenchData.POSTGRES_USER, null, "public");
    }
    GatehouseSidecar sidecar = b.build().start();
    open.add(sidecar);
    awaitFirstSession(sidecar);
    awaitAnalyzerWarmUp();
    return sidecar;
  }

  /**
   * A sidecar parses sample statements on a background thread as it starts (about a second of
   * CPU per datasource here). The sidecars run in this JVM, so that thread would otherwise compete
   * with the first measurements; the benchmark measures the steady state.
   */
  private static void awaitAnalyzerWarmUp() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("gatehouse-warmup")) {
        t.join(Duration.ofMinutes(2).toMillis());
      }
    }
  }

  /**
   * Opens one session with a generous connect timeout before anything is measured. A sidecar
   * warms its analyzer up as it starts; on a loaded machine the first session once took longer
   * than the driver's default 10 s connect_timeout, and the benchmark measures the steady state,
   * not start-up.
   */
  private static void awaitFirstSession(GatehouseSidecar sidecar) {
    Properties p = new Properties();
    p.setProperty("token", sidecar.principal("bench-warmup").token());
    p.setProperty("connect_timeout", "120s");
    try (Connection c = DriverManager.getConnection(sidecar.url(H2), p)) {
      c.isValid(60);
    } catch (SQLException e) {
      throw new IllegalStateException("the benchmark sidecar does not answer: " + e, e);
    }
  }

  private static ConnectionSource gatehouse(String name, String baseline, GatehouseSidecar sidecar,
      String datasource, boolean masked) {
    return new ConnectionSource(name, baseline, () -> sidecar.connect(
        masked
            ? sidecar.principal("bench-agent").ttl(Duration.ofHours(1))
            : sidecar.principal("bench-agent").groups("unmasked").ttl(Duration.ofHours(1)),
        datasource));
  }

  private void ratios(boolean postgres) {
    List<String[]> pairs = new ArrayList<>(List.of(
        new String[] {"gatehouse-h2-write", "direct-h2"},
        new String[] {"gatehouse-h2-fsync", "direct-h2"},
        new String[] {"avatica-h2", "direct-h2"}));
    if (postgres) {
      pairs.add(new String[] {"gatehouse-pg-write", "direct-pg"});
      pairs.add(new String[] {"gatehouse-pg-fsync", "direct-pg"});
    }
    for (String[] p : pairs) {
      double via = results.median("point/" + p[0] + "/p50");
      double direct = results.median("point/" + p[1] + "/p50");
      results.ratio("point/" + p[0] + "/p50-over-direct", via / direct, "× direct p50 latency");
      results.ratio("point/" + p[0] + "/p50-added-us", via - direct,
          "µs added at p50 (target ≤ 50)");
      results.ratio("point/" + p[0] + "/p99-over-direct",
          results.median("point/" + p[0] + "/p99") / results.median("point/" + p[1] + "/p99"),
          "× direct p99 latency");
    }
    // What Gatehouse adds over an empty gRPC call of Execute's shape (one request, one message):
    // its own cost, with the transport's floor taken out.
    double floor = results.median("point/floor-grpc-stream/p50");
    results.ratio("point/floor-grpc-stream/p50-added-us",
        floor - results.median("point/direct-h2/p50"),
        "µs an empty gRPC call of Execute's shape costs over a direct H2 point query");
    for (String s : List.of("gatehouse-h2-write", "gatehouse-pg-write")) {
      results.ratio("point/" + s + "/p50-over-grpc-floor-us",
          results.median("point/" + s + "/p50") - floor,
          "µs Gatehouse adds over the empty gRPC call (the database's own time included)");
    }
    String[][] streams = postgres
        ? new String[][] {{"gatehouse-h2", "direct-h2"}, {"gatehouse-h2-masked", "direct-h2"},
            {"avatica-h2", "direct-h2"}, {"gatehouse-pg", "direct-pg"},
            {"gatehouse-pg-masked", "direct-pg"}}
        : new String[][] {{"gatehouse-h2", "direct-h2"}, {"gatehouse-h2-masked", "direct-h2"},
            {"avatica-h2", "direct-h2"}};
    for (String[] p : streams) {
      results.ratio("stream/" + p[0] + "/of-direct",
          results.median("stream/" + p[0]) / results.median("stream/" + p[1]),
          "fraction of direct rows/s (targets: masked ≥ 0.5 of H2, ≥ 0.6 of PostgreSQL)");
    }
    for (String mode : List.of("write", "fsync")) {
      results.ratio("peer/point-p50-avatica-over-gatehouse-" + mode,
          results.median("point/avatica-h2/p50")
              / results.median("point/gatehouse-h2-" + mode + "/p50"),
          "Avatica p50 ÷ Gatehouse (" + mode + " audit) p50 (target ≥ 2)");
    }
    results.ratio("peer/stream-gatehouse-masked-over-avatica",
        results.median("stream/gatehouse-h2-masked") / results.median("stream/avatica-h2"),
        "Gatehouse (masking on) rows/s ÷ Avatica rows/s (target ≥ 2)");
    String c = "concurrency/";
    for (String s : List.of("gatehouse-h2-write", "gatehouse-h2-fsync")) {
      results.ratio(c + s + "/throughput-of-direct", results.median(c + s + "/throughput")
          / results.median(c + "direct-h2/throughput"), "fraction of direct queries/s");
      results.ratio(c + s + "/p99-over-direct",
          results.median(c + s + "/p99") / results.median(c + "direct-h2/p99"),
          "× direct p99 latency");
    }
  }

  private Chart chart(boolean postgres) {
    Chart chart = new Chart("Gatehouse vs direct JDBC and Avatica — " + sizes.name() + " run, "
        + Instant.now().toString().substring(0, 10) + ", " + Runtime.getRuntime()
            .availableProcessors() + " CPUs");
    List<String> latency = new ArrayList<>(List.of("direct-h2", "gatehouse-h2-write",
        "gatehouse-h2-fsync", "avatica-h2"));
    if (postgres) {
      latency.addAll(List.of("direct-pg", "gatehouse-pg-write", "gatehouse-pg-fsync"));
    }
    for (String p : List.of("p50", "p99")) {
      List<Chart.Bar> bars = new ArrayList<>();
      List<String> sources = new ArrayList<>(latency);
      if (p.equals("p50") && !Double.isNaN(results.median("point/floor-grpc-stream/p50"))) {
        // the transport's floor next to direct H2: what an empty round trip costs (benchmark 1b)
        sources.addAll(1, List.of("floor-tcp", "floor-grpc-stream"));
      }
      for (String s : sources) {
        double v = results.median("point/" + s + "/" + p);
        double direct = results.median("point/" + (s.endsWith("pg") || s.contains("-pg-")
            ? "direct-pg" : "direct-h2") + "/" + p);
        bars.add(new Chart.Bar(s, v, String.format(Locale.ROOT, "%.0f µs  (%.2f× direct)", v,
            v / direct), s.startsWith("direct")));
      }
      chart.add(new Chart.Panel("1. Point query latency " + p
          + ", one connection (µs, lower is better)", bars));
    }
    List<String> streamed = new ArrayList<>(List.of("direct-h2", "gatehouse-h2",
        "gatehouse-h2-masked", "avatica-h2"));
    if (postgres) {
      streamed.addAll(List.of("direct-pg", "gatehouse-pg", "gatehouse-pg-masked"));
    }
    List<Chart.Bar> bars = new ArrayList<>();
    for (String s : streamed) {
      double v = results.median("stream/" + s);
      double direct = results.median("stream/" + (s.contains("pg") ? "direct-pg" : "direct-h2"));
      bars.add(new Chart.Bar(s, v, String.format(Locale.ROOT, "%,.0f rows/s  (%.0f%% of direct)",
          v, 100 * v / direct), s.startsWith("direct")));
    }
    chart.add(new Chart.Panel("2. Streaming " + sizes.streamRows()
        + " rows × 6 columns (rows/s, higher is better)", bars));
    bars = new ArrayList<>();
    for (String s : List.of("direct-h2", "gatehouse-h2-write", "gatehouse-h2-fsync")) {
      double v = results.median("concurrency/" + s + "/throughput");
      bars.add(new Chart.Bar(s, v, String.format(Locale.ROOT,
          "%,.0f queries/s, p99 %.0f µs, %.0f errors", v,
          results.median("concurrency/" + s + "/p99"),
          results.median("concurrency/" + s + "/errors")), s.startsWith("direct")));
    }
    chart.add(new Chart.Panel("3. " + sizes.clients() + " connections × "
        + sizes.concurrencyTime().toSeconds() + " s of point reads (higher is better)", bars));
    double peak = results.median("memory/sidecar-peak-heap");
    chart.add(new Chart.Panel("6. Sidecar peak heap streaming " + sizes.memoryRows()
        + " rows (MB, -Xmx256m)", List.of(
            new Chart.Bar("heap limit", 256, "256 MB", true),
            new Chart.Bar("gatehouse sidecar peak", peak,
                String.format(Locale.ROOT, "%.0f MB", peak), false))));
    return chart;
  }

  private void describeEnvironment() {
    results.environment("mode", sizes.name());
    results.environment("started", Instant.now().toString());
    results.environment("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
    results.environment("cpu", firstLine("/proc/cpuinfo", "model name"));
    results.environment("memory", firstLine("/proc/meminfo", "MemTotal"));
    results.environment("jdk", System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version"));
    results.environment("heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max");
    results.environment("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  private static String firstLine(String file, String prefix) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(prefix)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  private static void progress(String step) {
    System.out.println("[" + Instant.now() + "] " + step);
  }
}
