package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 3: many connections at once, each reading random rows by id for a fixed time;
 * throughput, p99, and every error counted (and the first few kept with their message).
 */
final class Concurrency {
  private final BenchData data;
  private final Sizes sizes;

  Concurrency(BenchData data, Sizes sizes) {
    this.data = data;
    this.sizes = sizes;
  }

  void measure(ConnectionSource source, Results results) throws InterruptedException {
    int clients = sizes.clients();
    List<Latencies> perClient = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    CountDownLatch connected = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Latencies latencies = new Latencies(10_000);
      perClient.add(latencies);
      int seed = i;
      Thread t = new Thread(() -> client(source, seed, latencies, errors, connected, go,
          deadline, results), "bench-client-" + i);
      threads.add(t);
      t.start();
    }
    connected.await();
    long start = System.nanoTime();
    deadline[0] = start + sizes.concurrencyTime().toNanos();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Latencies all = new Latencies(1 << 16);
    perClient.forEach(all::addAll);
    String key = "concurrency/" + source.name();
    results.add(key + "/throughput", "queries/s", all.count() / seconds);
    results.add(key + "/p50", "us", all.percentileMicros(50));
    results.add(key + "/p99", "us", all.percentileMicros(99));
    results.add(key + "/errors", "count", errors.get());
    if (all.count() == 0) {
      results.error(key + ": no query completed");
    }
  }

  private void client(ConnectionSource source, int seed, Latencies latencies, AtomicLong errors,
      CountDownLatch connected, CountDownLatch go, long[] deadline, Results results) {
    try (Connection c = source.open();
        PreparedStatement ps = c.prepareStatement(data.pointQuery())) {
      connected.countDown();
      go.await();
      SplittableRandom random = new SplittableRandom(seed);
      while (System.nanoTime() < deadline[0]) {
        long id = 1 + random.nextInt(sizes.pointTableRows());
        long start = System.nanoTime();
        try {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != id) {
              throw new SQLException("row " + id + " did not come back");
            }
            rs.getString(2);
          }
          latencies.add(System.nanoTime() - start);
        } catch (SQLException e) {
          countError(source, e, errors, results);
        }
      }
    } catch (SQLException e) {
      connected.countDown();
      countError(source, e, errors, results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void countError(ConnectionSource source, Exception e, AtomicLong errors,
      Results results) {
    if (errors.incrementAndGet() <= 5) {
      results.error("concurrency via " + source.name() + ": " + e);
    }
  }
}
