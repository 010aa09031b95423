package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Events, configs and file surgery shared by the audit tests. */
final class AuditFixtures {
  static final AuditPrincipal AGENT =
      new AuditPrincipal("agent-7", "https://idp.example.com/", List.of("agents"));

  private AuditFixtures() {}

  static AuditConfig config(Path path) {
    return config(path, AuditConfig.Durability.WRITE, 0);
  }

  static AuditConfig config(Path path, AuditConfig.Durability durability, long maxFileBytes) {
    return new AuditConfig(path, durability, true, 20, maxFileBytes, false);
  }

  /** A statement event numbered {@code n}, as the pipeline would record it. */
  static AuditEvent statement(int n) {
    return AuditEvent.builder(AuditEvent.Type.STATEMENT)
        .ts(Instant.parse("2025-06-01T10:00:00Z").plusMillis(n))
        .session("s-1")
        .principal(AGENT)
        .datasource("orders")
        .sql("SELECT name, card_number FROM customers WHERE id = ?")
        .fingerprint("fp-" + (n % 7))
        .decision("allow")
        .rules(List.of("agents-read"))
        .tables(List.of("public.customers"))
        .maskedColumns(List.of("public.customers.card_number"))
        .rows(1)
        .durationMs(n % 13)
        .field("n", n)
        .build();
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void writeLines(Path file, List<String> lines) throws IOException {
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code count} statements to a new log at {@code path} and closes it. */
  static void writeLog(Path path, int count) {
    try (AuditLog log = AuditLog.open(config(path))) {
      for (int i = 1; i <= count; i++) {
        log.append(statement(i));
      }
    }
  }

  /** A record line for {@code event} as if it followed {@code prevHash} at {@code seq - 1}. */
  static String forge(AuditEvent event, long seq, String prevHash) {
    ByteBuilder out = new ByteBuilder(512);
    new HashChain(seq - 1, prevHash).seal(PreparedRecord.of(event), out);
    return new String(out.array(), 0, out.length() - 1, StandardCharsets.UTF_8);
  }

  /** Re-seals {@code lines} from index {@code from} on so they chain again after a forgery. */
  static void rechain(List<String> lines, int from) throws Exception {
    for (int i = from; i < lines.size(); i++) {
      var previous = RecordLine.MAPPER.readTree(lines.get(i - 1));
      AuditEvent event = AuditEvent.fromJson(RecordLine.MAPPER.readTree(lines.get(i)));
      lines.set(i, forge(event, previous.get("seq").longValue() + 1,
          previous.get("hash").textValue()));
    }
  }

  static String field(String line, String name) throws IOException {
    return RecordLine.MAPPER.readTree(line).get(name).asText();
  }

  /** Rewrites the head file to name the last record of {@code lines}. */
  static void rewriteHead(Path head, List<String> lines) throws IOException {
    String last = lines.get(lines.size() - 1);
    ChainHead forged = ChainHead.of("gatehouse.jsonl", Long.parseLong(field(last, "seq")),
        field(last, "hash"));
    Files.write(head, forged.encode(ChainHead.sizeFor("gatehouse.jsonl")));
  }
}
