package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of one harness run: samples per measurement (one per repeat), the derived ratios
 * against direct JDBC, the environment, and the errors seen. Written as {@code results.json} and
 * {@code results.txt}.
 */
final class Results {
  /** One measurement over the repeats of a run. */
  record Figure(String key, String unit, List<Double> samples) {
    double median() {
      List<Double> s = new ArrayList<>(samples);
      Collections.sort(s);
      int n = s.size();
      return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
      return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  /** A figure of Gatehouse (or the peer) relative to direct JDBC on the same database. */
  record Ratio(String key, double value, String meaning) {}

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Ratio> ratios = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void add(String key, String unit, double value) {
    figures.computeIfAbsent(key, k -> new Figure(k, unit, new ArrayList<>())).samples().add(value);
  }

  synchronized Figure figure(String key) {
    return figures.get(key);
  }

  /** The median of {@code key}, or NaN when it was not measured (e.g. no PostgreSQL). */
  synchronized double median(String key) {
    Figure f = figures.get(key);
    return f == null ? Double.NaN : f.median();
  }

  synchronized void ratio(String key, double value, String meaning) {
    if (!Double.isNaN(value)) {
      ratios.add(new Ratio(key, value, meaning));
    }
  }

  synchronized List<Ratio> ratios() {
    return List.copyOf(ratios);
  }

  synchronized void environment(String key, String value) {
    environment.put(key, value);
  }

  synchronized void error(String message) {
    errors.add(message);
  }

  synchronized void note(String message) {
    notes.add(message);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  synchronized void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("results.txt"), text(), StandardCharsets.UTF_8);
  }

  synchronized String text() {
    StringBuilder b = new StringBuilder();
    environment.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    b.append("\nfigure | unit | median | min | max | samples\n");
    for (Figure f : figures.values()) {
      b.append(String.format(Locale.ROOT, "%s | %s | %s | %s | %s | %d%n", f.key(), f.unit(),
          number(f.median()), number(f.min()), number(f.max()), f.samples().size()));
    }
    b.append("\nratio | value | meaning\n");
    for (Ratio r : ratios) {
      b.append(r.key()).append(" | ").append(number(r.value())).append(" | ").append(r.meaning())
          .append('\n');
    }
    notes.forEach(n -> b.append("note: ").append(n).append('\n'));
    b.append("\nerrors: ").append(errors.size()).append('\n');
    errors.forEach(e -> b.append("  ").append(e).append('\n'));
    return b.toString();
  }

  private String json() {
    StringBuilder b = new StringBuilder("{\n  \"environment\": {");
    String sep = "\n";
    for (var e : environment.entrySet()) {
      b.append(sep).append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
      sep = ",\n";
    }
    b.append("\n  },\n  \"figures\": [");
    sep = "\n";
    for (Figure f : figures.values()) {
      b.append(sep).append("    {\"key\": ").append(quote(f.key())).append(", \"unit\": ")
          .append(quote(f.unit())).append(", \"median\": ").append(number(f.median()))
          .append(", \"samples\": ").append(f.samples().stream().map(Results::number).toList())
          .append('}');
      sep = ",\n";
    }
    b.append("\n  ],\n  \"ratios\": [");
    sep = "\n";
    for (Ratio r : ratios) {
      b.append(sep).append("    {\"key\": ").append(quote(r.key())).append(", \"value\": ")
          .append(number(r.value())).append(", \"meaning\": ").append(quote(r.meaning()))
          .append('}');
      sep = ",\n";
    }
    b.append("\n  ],\n  \"notes\": ").append(notes.stream().map(Results::quote).toList());
    b.append(",\n  \"errors\": ").append(errors.stream().map(Results::quote).toList());
    return b.append("\n}\n").toString();
  }

  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
