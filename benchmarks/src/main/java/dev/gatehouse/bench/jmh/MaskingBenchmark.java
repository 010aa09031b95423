package dev.gatehouse.bench.jmh;

import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.exec.ResultSetEncoder;
import dev.gatehouse.sidecar.mask.DatasourceMasking;
import dev.gatehouse.sidecar.mask.MaskingKey;
import dev.gatehouse.sidecar.mask.ResultMasking;
import dev.gatehouse.sidecar.policy.Policy;
import dev.gatehouse.sidecar.policy.PolicyParser;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.ResultLineage;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The masking of one streamed batch, as the harness's masked streaming benchmark does it: 1000
 * rows of the six-column {@code wide} table (bigint, three varchars, decimal, timestamp) with
 * {@code email} masked by {@code email}, {@code card} by {@code last4}, and the
 * {@code credit_card} and {@code email} detectors over every text value. {@code maskOnly} masks
 * an already encoded batch; {@code encodeMaskSerialize} is the sidecar's whole per-batch work
 * (read, encode, mask, serialise), to set next to {@code RowEncodingBenchmark.readAndEncode}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaskingBenchmark {
  private static final int ROWS = 1000;
  private static final String QUERY = "SELECT id, name, email, card, amount, created FROM wide";
  private static final String POLICY = String.join("\n",
      "default: deny",
      "rules:",
      "  - name: read",
      "    when: { principals: [any], statements: [select] }",
      "    effect: allow",
      "masking:",
      "  - name: emails",
      "    columns: [wide.email]",
      "    method: email",
      "  - name: cards",
      "    columns: [wide.card]",
      "    method: last4",
      "  - name: stray-pii",
      "    detect: [credit_card, email]",
      "    method: redact",
      "");

  private Connection connection;
  private PreparedStatement query;
  private ResultMasking masking;
  private ResultHeader header;
  private RowBatch batch;

  @Setup
  public void setup() throws SQLException, ConfigException {
    connection = DriverManager.getConnection("jdbc:h2:mem:masking;DB_CLOSE_DELAY=-1", "sa", "");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS wide (id BIGINT PRIMARY KEY, name VARCHAR(40),"
          + " email VARCHAR(80), card VARCHAR(24), amount DECIMAL(12, 2), created TIMESTAMP)");
      s.execute("MERGE INTO wide SELECT X, CONCAT('customer-', X), CONCAT('user', X,"
          + " '@example.com'), CONCAT('4111 1111 1111 ', LPAD(CAST(MOD(X, 10000) AS VARCHAR), 4,"
          + " '0')), X * 1.25, DATEADD(SECOND, X, TIMESTAMP '2026-01-01 00:00:00')"
          + " FROM SYSTEM_RANGE(1, " + ROWS + ")");
    }
    query = connection.prepareStatement(QUERY);
    SqlAnalyzer analyzer = new SqlAnalyzer(AnalyzerSettings.defaults(Dialect.H2, null, null));
    Policy policy = PolicyParser.parse(POLICY, Path.of("bench-policy.yaml"));
    DatasourceMasking compiled =
        DatasourceMasking.compile(policy.masking(), "db", analyzer.names(), MaskingKey.random());
    Principal principal = new Principal("agent-1", "https://issuer.example", Set.of(), Set.of(),
        Map.of(), Instant.now().plusSeconds(3600));
    ResultLineage lineage = analyzer.analyze(QUERY).statements().get(0).lineage();
    masking = compiled.viewOf(principal).forResult(
        lineage.expand(t -> Optional.of(List.of("id", "name", "email", "card", "amount",
            "created"))), lineage.allSources(), 6);
    try (ResultSet rs = query.executeQuery()) {
      ResultSetEncoder encoder = new ResultSetEncoder(rs, 0);
      header = encoder.header();
      batch = encoder.nextBatch(ROWS);
    }
    masking.header(header);
    RowBatch masked = masking.apply(header, batch);
    if (!masked.getColumns(3).getStrings(0).startsWith("****")
        || !masked.getColumns(2).getStrings(0).startsWith("***@")) {
      throw new IllegalStateException("the benchmark's batch did not come masked");
    }
  }

  @TearDown
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  public RowBatch maskOnly() {
    return masking.apply(header, batch);
  }

  @Benchmark
  public byte[] encodeMaskSerialize() throws SQLException {
    try (ResultSet rs = query.executeQuery()) {
      ResultSetEncoder encoder = new ResultSetEncoder(rs, 0);
      return masking.apply(encoder.header(), encoder.nextBatch(ROWS)).toByteArray();
    }
  }
}
