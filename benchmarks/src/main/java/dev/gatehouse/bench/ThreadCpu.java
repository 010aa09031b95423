package dev.gatehouse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per Java thread, grouped by the thread's name with its numbers taken out (so a pool's
 * threads add up): where a streamed row's CPU goes, printed with {@code -Dbench.threads=true}.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  static Snapshot snapshot() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        cpu.put(info.getThreadId(), Math.max(0, mx.getThreadCpuTime(info.getThreadId())));
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    return new Snapshot(cpu, names);
  }

  record Snapshot(Map<Long, Long> cpu, Map<Long, String> names) {
    /** CPU spent since this snapshot, per thread group, divided by {@code units}. */
    String perUnit(long units) {
      Snapshot now = snapshot();
      Map<String, Long> groups = new TreeMap<>();
      now.cpu.forEach((id, nanos) -> {
        long spent = nanos - cpu.getOrDefault(id, 0L);
        if (spent > 0) {
          groups.merge(now.names.get(id).replaceAll("\\d+", "N"), spent, Long::sum);
        }
      });
      StringBuilder out = new StringBuilder();
      groups.forEach((group, nanos) -> out.append(String.format(Locale.ROOT, "  %-40s %8.1f%n",
          group, (double) nanos / Math.max(1, units))));
      return out.toString();
    }
  }
}
