package dev.gatehouse.sidecar.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical JSON form that record hashes are computed over (docs/AUDIT.md, "Canonical
 * form"): object members sorted by name, no whitespace, UTF-8, strings escaped as RFC 8785 (JCS)
 * and ECMAScript {@code JSON.stringify} escape them, integers in plain decimal. Records hold no
 * fractions, so for them this is exactly JCS, and {@code json.dumps(r, sort_keys=True,
 * separators=(",", ":"), ensure_ascii=False)} in Python reproduces it.
 *
 * <p>Written by hand rather than through a Jackson generator because the escaping rules are the
 * contract: Jackson's defaults differ (upper-case hex in {@code \}{@code u00XX}), and a
 * third-party verifier must be able to rebuild these bytes from the parsed record alone.
 */
final class CanonicalJson {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private CanonicalJson() {}

  /** Thrown for a value that has no canonical form (a fraction, an unpaired surrogate). */
  static final class NotCanonicalException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotCanonicalException(String message) {
      super(message);
    }
  }

  static void write(JsonNode node, ByteBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case BOOLEAN -> out.appendAscii(node.booleanValue() ? "true" : "false");
      case NULL -> out.appendAscii("null");
      case NUMBER -> writeNumber(node, out);
      default -> throw new NotCanonicalException("no canonical form for " + node.getNodeType());
    }
  }

  static byte[] bytes(JsonNode node) {
    ByteBuilder out = new ByteBuilder(256);
    write(node, out);
    return out.toByteArray();
  }

  /** The member names of an object in canonical order. */
  static List<String> sortedNames(JsonNode object) {
    List<String> names = new ArrayList<>(object.size());
    for (java.util.Map.Entry<String, JsonNode> member : object.properties()) {
      names.add(member.getKey());
    }
    // String.compareTo orders by UTF-16 code unit, which is what RFC 8785 prescribes.
    names.sort(null);
    return names;
  }

  /** Writes {@code "name":value}. */
  static void writeMember(String name, JsonNode value, ByteBuilder out) {
    writeString(name, out);
    out.append((byte) ':');
    write(value, out);
  }

  private static void writeObject(JsonNode node, ByteBuilder out) {
    out.append((byte) '{');
    boolean first = true;
    for (String name : sortedNames(node)) {
      if (!first) {
        out.append((byte) ',');
      }
      first = false;
      writeMember(name, node.get(name), out);
    }
    out.append((byte) '}');
  }

  private static void writeArray(JsonNode node, ByteBuilder out) {
    out.append((byte) '[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append((byte) ',');
      }
      write(node.get(i), out);
    }
    out.append((byte) ']');
  }

  private static void writeNumber(JsonNode node, ByteBuilder out) {
    if (!node.isIntegralNumber()) {
      throw new NotCanonicalException("audit records hold integers only, not " + node);
    }
    out.appendAscii(node.bigIntegerValue().toString());
  }

  static void writeString(String s, ByteBuilder out) {
    out.append((byte) '"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        writeAscii(c, out);
      } else if (c < 0x800) {
        out.append((byte) (0xC0 | (c >> 6))).append((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.append((byte) (0xF0 | (cp >> 18)))
            .append((byte) (0x80 | ((cp >> 12) & 0x3F)))
            .append((byte) (0x80 | ((cp >> 6) & 0x3F)))
            .append((byte) (0x80 | (cp & 0x3F)));
      } else if (Character.isSurrogate(c)) {
        throw new NotCanonicalException("unpaired UTF-16 surrogate in a string");
      } else {
        out.append((byte) (0xE0 | (c >> 12)))
            .append((byte) (0x80 | ((c >> 6) & 0x3F)))
            .append((byte) (0x80 | (c & 0x3F)));
      }
    }
    out.append((byte) '"');
  }

  private static void writeAscii(char c, ByteBuilder out) {
    switch (c) {
      case '"' -> out.append((byte) '\\').append((byte) '"');
      case '\\' -> out.append((byte) '\\').append((byte) '\\');
      case '\b' -> out.append((byte) '\\').append((byte) 'b');
      case '\t' -> out.append((byte) '\\').append((byte) 't');
      case '\n' -> out.append((byte) '\\').append((byte) 'n');
      case '\f' -> out.append((byte) '\\').append((byte) 'f');
      case '\r' -> out.append((byte) '\\').append((byte) 'r');
      default -> {
        if (c < 0x20) {
          out.appendAscii("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        } else {
          out.append((byte) c);
        }
      }
    }
  }
}
