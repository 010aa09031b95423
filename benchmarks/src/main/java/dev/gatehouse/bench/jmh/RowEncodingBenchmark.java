package dev.gatehouse.bench.jmh;

import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.sidecar.exec.ResultSetEncoder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A batch of 1000 six-column rows (bigint, three varchars, decimal, timestamp) from in-memory H2
 * turned into the wire's column vectors and serialised, next to the same rows merely read: the
 * difference is what encoding costs per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RowEncodingBenchmark {
  private static final int ROWS = 1000;
  private Connection connection;
  private PreparedStatement query;

  @Setup
  public void setup() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:row-encoding;DB_CLOSE_DELAY=-1", "sa", "");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS wide (id BIGINT PRIMARY KEY, name VARCHAR(40),"
          + " email VARCHAR(80), card VARCHAR(24), amount DECIMAL(12, 2), created TIMESTAMP)");
      s.execute("MERGE INTO wide SELECT X, CONCAT('customer-', X), CONCAT('user', X,"
          + " '@example.com'), CONCAT('4111 1111 1111 ', LPAD(CAST(MOD(X, 10000) AS VARCHAR), 4,"
          + " '0')), X * 1.25, DATEADD(SECOND, X, TIMESTAMP '2026-01-01 00:00:00')"
          + " FROM SYSTEM_RANGE(1, " + ROWS + ")");
    }
    query = connection.prepareStatement("SELECT id, name, email, card, amount, created FROM wide");
  }

  @TearDown
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  public byte[] readAndEncode() throws SQLException {
    try (ResultSet rs = query.executeQuery()) {
      ResultSetEncoder encoder = new ResultSetEncoder(rs, 0);
      RowBatch batch = encoder.nextBatch(ROWS);
      return batch.toByteArray();
    }
  }

  @Benchmark
  public long readOnly() throws SQLException {
    long sink = 0;
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        sink += rs.getLong(1);
        sink += rs.getString(2).length();
        sink += rs.getString(3).length();
        sink += rs.getString(4).length();
        sink += rs.getBigDecimal(5).scale();
        sink += rs.getTimestamp(6).getNanos();
      }
    }
    return sink;
  }
}
