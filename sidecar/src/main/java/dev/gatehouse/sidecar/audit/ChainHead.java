package dev.gatehouse.sidecar.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The anchored head of the chain: the seq and hash of the newest record, rewritten in place after
 * every group commit. A hash chain cannot show that its newest records were cut off (data-peek's
 * lesson, docs/ANCHORS); comparing the log's end with the head can, unless the attacker rewrites
 * the head too, which only an external anchor (the stdout sink, shipped elsewhere) catches.
 *
 * <p>The file holds one canonical JSON object padded with spaces to a fixed size, so each update
 * is a single positioned write over the same bytes, never a truncate-then-write.
 */
record ChainHead(String file, long seq, String hash, String ts) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** Reads a head file; {@code null} when it does not exist or is empty. */
  static ChainHead read(Path path) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    }
    return parse(bytes, path);
  }

  static ChainHead parse(byte[] bytes, Path path) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return null;
    }
    JsonNode json;
    try {
      json = RecordLine.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IOException("the head file " + path + " is not valid JSON", e);
    }
    JsonNode seq = json == null ? null : json.get("seq");
    JsonNode hash = json == null ? null : json.get("hash");
    if (seq == null || !seq.isIntegralNumber() || seq.longValue() < 0
        || hash == null || !HASH.matcher(hash.asText()).matches()) {
      throw new IOException("the head file " + path + " has no valid seq and hash");
    }
    return new ChainHead(json.path("file").asText(null), seq.longValue(), hash.asText(),
        json.path("ts").asText(null));
  }

  static ChainHead of(String file, long seq, String hash) {
    return new ChainHead(file, seq, hash, AuditTime.format(Instant.now()));
  }

  /** The bytes to write at offset 0: canonical JSON, spaces, a newline; {@code size} long. */
  byte[] encode(int size) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("file", file).put("hash", hash).put("seq", seq).put("ts", ts);
    byte[] content = CanonicalJson.bytes(json);
    byte[] out = new byte[Math.max(size, content.length + 1)];
    Arrays.fill(out, (byte) ' ');
    System.arraycopy(content, 0, out, 0, content.length);
    out[out.length - 1] = '\n';
    return out;
  }

  /** A fixed size for a log's head file, with room for the file name and any seq. */
  static int sizeFor(String fileName) {
    return 192 + fileName.getBytes(StandardCharsets.UTF_8).length * 6;
  }
}
