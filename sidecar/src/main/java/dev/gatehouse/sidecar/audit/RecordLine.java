package dev.gatehouse.sidecar.audit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One line of a log file read back and checked on its own: that it is a record, that its hash
 * matches its content, and that its bytes are exactly the canonical form the writer produces.
 * Whether it fits the chain (seq, prev_hash) is the reader's business.
 */
final class RecordLine {
  /**
   * Strict on purpose: a duplicated key or trailing bytes could make two readers see different
   * records in the same line, and fractions have no canonical form.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** The line is not a record at all (not JSON, or missing or malformed chain fields). */
  static final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
      super(message);
    }
  }

  final ObjectNode json;
  final long seq;
  final String prevHash;
  final String hash;
  /** The stored hash equals SHA-256(prev_hash ‖ canonical form without hash). */
  final boolean hashMatches;
  /** The line's bytes are exactly the canonical form with {@code hash} last. */
  final boolean canonical;

  private RecordLine(
      ObjectNode json, long seq, String prevHash, String hash, boolean hashMatches,
      boolean canonical) {
    this.json = json;
    this.seq = seq;
    this.prevHash = prevHash;
    this.hash = hash;
    this.hashMatches = hashMatches;
    this.canonical = canonical;
  }

  /** Parses and checks {@code line} (without its {@code '\n'}), using {@code chain} to hash. */
  static RecordLine check(byte[] line, HashChain chain) throws MalformedRecordException {
    ObjectNode json = parseObject(line);
    long seq = seqOf(json);
    String prevHash = hashField(json, "prev_hash");
    String hash = hashField(json, "hash");
    if (!json.path("type").isTextual()) {
      throw new MalformedRecordException("the record has no type");
    }
    ObjectNode body = json.deepCopy();
    body.remove("hash");
    byte[] canonicalBody;
    try {
      canonicalBody = CanonicalJson.bytes(body);
    } catch (CanonicalJson.NotCanonicalException e) {
      throw new MalformedRecordException("the record holds a value with no canonical form: "
          + e.getMessage());
    }
    String computed = chain.hash(prevHash, canonicalBody, 0, canonicalBody.length);
    return new RecordLine(
        json, seq, prevHash, hash, computed.equals(hash),
        isCanonicalLine(line, canonicalBody, hash));
  }

  /** The event this record holds; throws {@link IllegalArgumentException} if malformed. */
  AuditRecord toRecord() {
    return new AuditRecord(seq, prevHash, hash, AuditEvent.fromJson(json));
  }

  String type() {
    return json.path("type").asText();
  }

  private static ObjectNode parseObject(byte[] line) throws MalformedRecordException {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new MalformedRecordException("not a JSON record");
    }
    if (node == null || !node.isObject()) {
      throw new MalformedRecordException("not a JSON object");
    }
    return (ObjectNode) node;
  }

  private static long seqOf(ObjectNode json) throws MalformedRecordException {
    JsonNode seq = json.get("seq");
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
      throw new MalformedRecordException("the record has no valid seq");
    }
    return seq.longValue();
  }

  private static String hashField(ObjectNode json, String name) throws MalformedRecordException {
    JsonNode value = json.get(name);
    if (value == null || !value.isTextual() || !HASH.matcher(value.textValue()).matches()) {
      throw new MalformedRecordException("the record has no valid " + name);
    }
    return value.textValue();
  }

  private static boolean isCanonicalLine(byte[] line, byte[] body, String hash) {
    byte[] suffix = (",\"hash\":\"" + hash + "\"}").getBytes(StandardCharsets.US_ASCII);
    int prefix = body.length - 1;
    if (line.length != prefix + suffix.length) {
      return false;
    }
    return Arrays.equals(line, 0, prefix, body, 0, prefix)
        && Arrays.equals(line, prefix, line.length, suffix, 0, suffix.length);
  }
}
