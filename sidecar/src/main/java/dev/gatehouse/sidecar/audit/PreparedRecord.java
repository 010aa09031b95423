package dev.gatehouse.sidecar.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event already serialised to canonical JSON, in the three runs of members that sort before
 * {@code prev_hash}, between {@code prev_hash} and {@code seq}, and after {@code seq}. The chain
 * fields are spliced in by the single writer; everything else (the expensive part) is done on
 * the appending thread, so group commit is not limited by one thread's serialisation speed.
 */
final class PreparedRecord {
  private static final byte[] NONE = new byte[0];

  final AuditEvent event;
  final byte[] beforePrevHash;
  final byte[] betweenPrevHashAndSeq;
  final byte[] afterSeq;

  private PreparedRecord(AuditEvent event, byte[] before, byte[] between, byte[] after) {
    this.event = event;
    this.beforePrevHash = before;
    this.betweenPrevHashAndSeq = between;
    this.afterSeq = after;
  }

  static PreparedRecord of(AuditEvent event) {
    ObjectNode json = event.toJson();
    ByteBuilder before = new ByteBuilder(256);
    ByteBuilder between = new ByteBuilder(64);
    ByteBuilder after = new ByteBuilder(256);
    for (String name : CanonicalJson.sortedNames(json)) {
      ByteBuilder run =
          name.compareTo("prev_hash") < 0 ? before : name.compareTo("seq") < 0 ? between : after;
      if (run.length() > 0) {
        run.append((byte) ',');
      }
      CanonicalJson.writeMember(name, json.get(name), run);
    }
    return new PreparedRecord(event, bytes(before), bytes(between), bytes(after));
  }

  private static byte[] bytes(ByteBuilder run) {
    return run.length() == 0 ? NONE : run.toByteArray();
  }
}
