package dev.gatehouse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Work the harness JVM did, read before and after a measured loop: CPU time of its Java threads
 * and the voluntary context switches of those threads (each one is a thread that blocked and had
 * to be woken: a hand-off). The JIT compiler and GC threads are left out: they show warm-up and
 * heap size, not the request path. Wall-clock latency on a shared machine swings with other load;
 * these two stay put, so they show what a change to the request path bought even when the
 * machine is busy. Client and sidecar run in this JVM; a database server (PostgreSQL) does not.
 *
 * <p>Both are taken per thread and summed over the threads alive at the end: a thread that ends
 * during the loop (an idle pool thread timing out) would otherwise take its whole lifetime's
 * figures out of the total and make it negative.
 */
record ProcessCounters(long cpuNanos, long voluntarySwitches) {

  static Snapshot now() {
    return new Snapshot(readCpuNanos(), readVoluntarySwitches());
  }

  /**
   * Counters per thread at one moment.
   *
   * @param cpu CPU nanoseconds by Java thread id
   * @param switches voluntary context switches by Linux task id (empty where /proc is not there)
   */
  record Snapshot(Map<Long, ThreadCpu> cpu, Map<String, Long> switches) {
    /** What was done between {@code before} and this snapshot. */
    ProcessCounters since(Snapshot before) {
      long cpuNanos = 0;
      for (Map.Entry<Long, ThreadCpu> t : cpu.entrySet()) {
        ThreadCpu earlier = before.cpu.get(t.getKey());
        cpuNanos += t.getValue().nanos - (earlier == null ? 0 : earlier.nanos);
      }
      long switched = 0;
      for (Map.Entry<String, Long> t : switches.entrySet()) {
        switched += t.getValue() - before.switches.getOrDefault(t.getKey(), 0L);
      }
      return new ProcessCounters(cpuNanos, switches.isEmpty() ? -1 : switched);
    }

    /**
     * CPU spent between {@code before} and this snapshot per thread group (the thread's name with
     * its numbers taken out, so a pool's threads add up), divided by {@code units}: a table for
     * a person to read.
     */
    String cpuByThreadGroup(Snapshot before, long units) {
      Map<String, Long> groups = new TreeMap<>();
      cpu.forEach((id, now) -> {
        ThreadCpu earlier = before.cpu.get(id);
        long spent = now.nanos - (earlier == null ? 0 : earlier.nanos);
        if (spent > 0) {
          groups.merge(now.name.replaceAll("\\d+", "N"), spent, Long::sum);
        }
      });
      StringBuilder out = new StringBuilder();
      groups.forEach((group, nanos) -> out.append(String.format(Locale.ROOT, "  %-40s %8.1f%n",
          group, (double) nanos / Math.max(1, units))));
      return out.toString();
    }
  }

  /** A Java thread's name and CPU time. */
  record ThreadCpu(String name, long nanos) {}

  /** Java threads only (ThreadMXBean does not see compiler and GC threads). */
  private static Map<Long, ThreadCpu> readCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, ThreadCpu> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos > 0) {
          cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
        }
      }
    }
    return cpu;
  }

  /** Per task, from /proc/self/task/N/status; empty where /proc is not there (not Linux). */
  private static Map<String, Long> readVoluntarySwitches() {
    Map<String, Long> switches = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        if (!isJvmInternal(task)) {
          switches.put(task.getFileName().toString(), switchesOf(task.resolve("status")));
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return switches;
  }

  /** The JVM's own threads, by their (15-character) Linux names. */
  private static boolean isJvmInternal(Path task) {
    try {
      String name = Files.readString(task.resolve("comm")).trim();
      return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
          || name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM ")
          || name.equals("Sweeper thread") || name.startsWith("JFR");
    } catch (IOException e) {
      return true; // the thread ended while we read
    }
  }

  private static long switchesOf(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:")) {
          return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the thread ended while we read: its switches are lost either way
    }
    return 0;
  }
}
