package dev.gatehouse.sidecar.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The running end of the hash chain: the last seq and hash, and the sealing of the next record.
 * Not thread-safe; owned by the single writer.
 *
 * <p>{@code hash = lowercase-hex(SHA-256(ASCII(prev_hash) ‖ canonical record without hash))}; the
 * record's line is that canonical form with {@code ,"hash":"…"} added as its last member.
 */
final class HashChain {
  /** The prev_hash of the first record of a log. */
  static final String GENESIS = "0".repeat(64);

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha256 = newDigest();
  private long lastSeq;
  private String lastHash;

  HashChain(long lastSeq, String lastHash) {
    reset(lastSeq, lastHash);
  }

  static HashChain genesis() {
    return new HashChain(0, GENESIS);
  }

  long lastSeq() {
    return lastSeq;
  }

  String lastHash() {
    return lastHash;
  }

  void reset(long seq, String hash) {
    this.lastSeq = seq;
    this.lastHash = hash;
  }

  /** Appends the next record's line, {@code '\n'} included, to {@code out}; returns its seq. */
  long seal(PreparedRecord record, ByteBuilder out) {
    long seq = lastSeq + 1;
    int start = out.length();
    out.append((byte) '{');
    if (record.beforePrevHash.length > 0) {
      out.append(record.beforePrevHash).append((byte) ',');
    }
    out.appendAscii("\"prev_hash\":\"").appendAscii(lastHash).append((byte) '"');
    if (record.betweenPrevHashAndSeq.length > 0) {
      out.append((byte) ',').append(record.betweenPrevHashAndSeq);
    }
    out.appendAscii(",\"seq\":").appendAscii(Long.toString(seq));
    if (record.afterSeq.length > 0) {
      out.append((byte) ',').append(record.afterSeq);
    }
    out.append((byte) '}');
    String hash = hash(lastHash, out.array(), start, out.length() - start);
    out.setLength(out.length() - 1);
    out.appendAscii(",\"hash\":\"").appendAscii(hash).appendAscii("\"}\n");
    lastSeq = seq;
    lastHash = hash;
    return seq;
  }

  /** The hash of a record whose canonical form (without hash) is {@code body[offset…]}. */
  String hash(String prevHash, byte[] body, int offset, int length) {
    sha256.reset();
    sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
    sha256.update(body, offset, length);
    return hex(sha256.digest());
  }

  static String hex(byte[] digest) {
    byte[] out = new byte[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out, StandardCharsets.US_ASCII);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
