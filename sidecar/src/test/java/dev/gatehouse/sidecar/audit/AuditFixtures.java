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
}
