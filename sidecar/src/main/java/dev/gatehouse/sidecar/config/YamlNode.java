package dev.gatehouse.sidecar.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each node was written, so that every
 * configuration or policy error can name its file and line (SPEC §4).
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

  /** Where this node starts. */
  Location location();

  /** A short word for error messages: "a text value", "a list", "a mapping". */
  String describe();

  /** A position in a YAML file; prints as {@code file:line}. */
  record Location(Path file, int line, int column) {
    @Override
    public String toString() {
      return (file == null ? "<inline>" : file.toString()) + ":" + line;
    }
  }

  /**
   * A scalar. {@code text} is {@code null} for YAML null ({@code ~}, {@code null} or nothing).
   * {@code quoted} tells whether it was written in quotes (so {@code "yes"} stays text).
   */
  record Scalar(String text, boolean quoted, Location location) implements YamlNode {
    @Override
    public String describe() {
      return text == null ? "null" : "a single value";
    }
  }

  /** A sequence ({@code [a, b]} or {@code - a}). */
  record Sequence(List<YamlNode> items, Location location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping; keys keep their order and their own locations. */
  record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The value under {@code key}, or {@code null}. */
    public YamlNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping with the location of the key itself. */
  record Entry(String key, Location keyLocation, YamlNode value) {}
}
