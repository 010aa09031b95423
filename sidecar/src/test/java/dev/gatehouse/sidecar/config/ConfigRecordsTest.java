package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invariants the records keep however they are built (loader, demo, tests). */
class ConfigRecordsTest {

  @Test
  void issuerRefusesSharedSecretAlgorithmsEvenWhenBuiltInCode() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new IssuerConfig("https://i/", List.of("a"), null, null, "groups", List.of("HS256")));
  }

  @Test
  void issuerRefusesBothKeySources() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new IssuerConfig(
                "https://i/",
                List.of("a"),
                URI.create("https://i/jwks"),
                Path.of("jwks.json"),
                "groups",
                IssuerConfig.DEFAULT_ALGORITHMS));
  }

  @Test
  void issuerRefusesNoAudience() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new IssuerConfig(
                "https://i/", List.of(), null, null, "groups", IssuerConfig.DEFAULT_ALGORITHMS));
  }

  @Test
  void listenRefusesAPortOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new ListenConfig("127.0.0.1", 65536, null));
    assertThrows(IllegalArgumentException.class, () -> new AdminConfig("127.0.0.1", -1));
  }

  @Test
  void configBuiltInCodeHasNoWarnings() {
    GatehouseConfig config =
        new GatehouseConfig(
            null,
            ListenConfig.loopback(0),
            null,
            new IdentityConfig(List.of(), Duration.ofMinutes(5), Duration.ZERO),
            Map.of(),
            new AuditConfig(Path.of("a.jsonl"), AuditConfig.Durability.FSYNC, true, 0, 1024, false),
            ApprovalsConfig.DEFAULT,
            new PolicySource(List.of(Path.of("p.yaml")), null));

    assertEquals(List.of(), config.warnings());
  }

  @Test
  void secretHidesItsValue() {
    assertEquals("Secret[redacted]", Secret.of("hunter2").toString());
  }

  @Test
  void exceptionListsProblemsInFileAndLineOrder() {
    Path file = Path.of("g.yaml");
    ConfigException thrown =
        new ConfigException(
            List.of(
                new ConfigProblem(new YamlNode.Location(file, 9, 1), "late"),
                new ConfigProblem(new YamlNode.Location(file, 2, 5), "early, second on its line"),
                new ConfigProblem(new YamlNode.Location(file, 2, 1), "early"),
                new ConfigProblem(new YamlNode.Location(file, 0, 0), "whole file")));

    assertEquals(
        "g.yaml: whole file\ng.yaml:2: early\ng.yaml:2: early, second on its line\ng.yaml:9: late",
        thrown.getMessage());
    assertEquals(4, thrown.problems().size());
  }
}
