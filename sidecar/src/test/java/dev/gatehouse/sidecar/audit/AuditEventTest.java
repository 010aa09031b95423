package dev.gatehouse.sidecar.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  private static AuditEvent full() {
    return AuditEvent.builder(AuditEvent.Type.STATEMENT)
        .ts(Instant.parse("2025-06-01T10:00:01.234567Z"))
        .session("s-1")
        .principal("agent-7", "https://idp.example.com/", Set.of("b", "a"))
        .datasource("orders")
        .sql("UPDATE t SET x = ? WHERE id = ?")
        .params(Arrays.asList("1", null))
        .fingerprint("fp")
        .decision("allow")
        .rules(List.of("r1", "r2"))
        .tables(List.of("public.t"))
        .maskedColumns(List.of("public.t.x"))
        .rows(3)
        .updateCount(1)
        .durationMs(12)
        .error("40001", "serialization failure")
        .shownRows(List.of(Arrays.asList("a", null)))
        .statementSeq(7)
        .field("client", Map.of("app", "bot", "pid", 42))
        .field("truncated", true)
        .build();
  }

  @Test
  void roundTripsThroughJson() {
    AuditEvent event = full();
    AuditEvent back = AuditEvent.fromJson(event.toJson());
    assertEquals(event, back);
    assertEquals(List.of("a", "b"), back.principal().groups(), "groups are sorted");
    assertEquals(Instant.parse("2025-06-01T10:00:01.234Z"), back.ts(), "millisecond precision");
    assertEquals("2025-06-01T10:00:01.234Z", event.toJson().get("ts").asText());
    assertEquals("{\"app\":\"bot\",\"pid\":42}",
        new String(CanonicalJson.bytes(back.extension("client")), StandardCharsets.UTF_8));
  }

  @Test
  void omitsWhatIsAbsent() {
    AuditEvent event = AuditEvent.builder(AuditEvent.Type.AUTH_FAILURE)
        .ts(Instant.EPOCH).field("reason", "expired token").build();
    assertEquals("{\"type\":\"auth_failure\",\"ts\":\"1970-01-01T00:00:00.000Z\","
        + "\"reason\":\"expired token\"}", event.toJson().toString());
  }

  @Test
  void rejectsExtensionsThatWouldShadowOrBreakTheRecord() {
    AuditEvent.Builder b = AuditEvent.builder(AuditEvent.Type.STATEMENT);
    assertThrows(IllegalArgumentException.class, () -> b.field("hash", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.field("seq", 1));
    assertThrows(IllegalArgumentException.class, () -> b.field("decision", "allow"));
    assertThrows(IllegalArgumentException.class, () -> b.field("Not-Snake", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.field("ratio", 0.5));
    assertThrows(IllegalArgumentException.class, () -> b.field("when", Instant.EPOCH));
  }

  @Test
  void replacesUnpairedSurrogatesSoEveryRecordHasUtf8Bytes() {
    AuditEvent event =
        AuditEvent.builder(AuditEvent.Type.STATEMENT).sql("SELECT '\uD800' || '😀'").build();
    assertEquals("SELECT '\uFFFD' || '😀'", event.sql());
  }

  @Test
  void enforcingRedactionDropsParametersAndMarksThem() {
    AuditEvent redacted = full().enforce(true, 20);
    assertNull(redacted.params());
    assertTrue(redacted.paramsRedacted());
    AuditEvent kept = full().enforce(false, 20);
    assertEquals(Arrays.asList("1", null), kept.params());
    assertFalse(kept.paramsRedacted());
  }

  @Test
  void enforcingRecordRowsCutsShownRows() {
    assertNull(full().enforce(false, 0).shownRows());
    AuditEvent unchanged = full().enforce(false, 1);
    assertEquals(1, unchanged.shownRows().size());
    AuditEvent same = AuditEvent.builder(AuditEvent.Type.SESSION_OPEN).build();
    assertSame(same, same.enforce(true, 20));
  }

  @Test
  void readingAnUnknownTypeFails() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> AuditEvent.fromJson(
        RecordLine.MAPPER.readTree("{\"type\":\"coffee_break\",\"ts\":\"2025-06-01T10:00:00Z\"}")));
  }
}
