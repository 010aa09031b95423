package dev.gatehouse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Work the harness JVM did, read before and after a measured loop: CPU time of its Java threads
 * and the voluntary context switches of those threads (each one is a thread that blocked and had
 * to be woken: a hand-off). The JIT compiler and GC threads are left out: they show warm-up and
 * heap size, not the request path. Wall-clock latency on a shared machine swings with other load;
 * these two stay put, so they show what a change to the request path bought even when the
 * machine is busy. Client and sidecar run in this JVM; a database server (PostgreSQL) does not.
 */
record ProcessCounters(long cpuNanos, long voluntarySwitches) {

  static ProcessCounters now() {
    return new ProcessCounters(readCpuNanos(), readVoluntarySwitches());
  }

  ProcessCounters since(ProcessCounters before) {
    return new ProcessCounters(cpuNanos - before.cpuNanos,
        voluntarySwitches - before.voluntarySwitches);
  }

  /** Java threads only (ThreadMXBean does not see compiler and GC threads). */
  private static long readCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) {
        total += cpu;
      }
    }
    return total;
  }

  /** Sum over /proc/self/task/N/status; -1 where /proc is not there (not Linux). */
  private static long readVoluntarySwitches() {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        if (!isJvmInternal(task)) {
          total += switchesOf(task.resolve("status"));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
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
