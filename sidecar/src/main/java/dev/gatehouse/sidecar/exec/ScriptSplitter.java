package dev.gatehouse.sidecar.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a trusted seed script (init_scripts) at semicolons outside quotes and comments. Only
 * for operator-provided scripts run at start; agent SQL is split by the analysis instead.
 */
final class ScriptSplitter {
  private ScriptSplitter() {}

  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = script.length();
    for (int i = 0; i < n; i++) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n && script.charAt(j) != c) {
          j++;
        }
        cur.append(script, i, Math.min(j + 1, n));
        i = j;
      } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
        cur.append('\n');
      } else if (c == ';') {
        add(out, cur);
      } else {
        cur.append(c);
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().trim();
    if (!s.isEmpty()) {
      out.add(s);
    }
    cur.setLength(0);
  }
}
