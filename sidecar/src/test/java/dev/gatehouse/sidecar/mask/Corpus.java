package dev.gatehouse.sidecar.mask;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a table-driven corpus of {@code src/test/resources/mask}: one case a line,
 * {@code |}-separated fields, {@code #} comments, backslash escapes (n, r, t, a backslash, u and
 * four hex digits, u and a code point in braces: invisible characters stay visible in the
 * file), {@code <null>} and {@code <empty>}.
 */
final class Corpus {
  record Line(int number, String[] fields) {
    String field(int i) {
      return fields[i];
    }

    @Override
    public String toString() {
      return "line " + number + ": " + String.join(" | ", fields);
    }
  }

  private Corpus() {}

  static List<Line> read(String name, int fields) {
    String text;
    try (InputStream in = Corpus.class.getResourceAsStream("/mask/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no corpus /mask/" + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Line> lines = new ArrayList<>();
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" \\| ", fields);
      if (parts.length != fields) {
        throw new IllegalStateException(name + " line " + (i + 1) + ": expected " + fields
            + " fields separated by ' | '");
      }
      for (int f = 0; f < fields; f++) {
        parts[f] = value(parts[f].strip());
      }
      lines.add(new Line(i + 1, parts));
    }
    return lines;
  }

  private static String value(String field) {
    if (field.equals("<null>")) {
      return null;
    }
    if (field.equals("<empty>")) {
      return "";
    }
    return unescape(field);
  }

  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          if (s.charAt(i + 1) == '{') {
            int close = s.indexOf('}', i);
            out.appendCodePoint(Integer.parseInt(s.substring(i + 2, close), 16));
            i = close;
          } else {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          break;
        default:
          out.append(e);
      }
    }
    return out.toString();
  }
}
