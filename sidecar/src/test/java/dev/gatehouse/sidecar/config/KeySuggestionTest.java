package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionTest {
  private static final List<String> ISSUER_KEYS =
      List.of("issuer", "audiences", "jwks_uri", "jwks_file", "groups_claim", "algorithms");

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "audience, audiences",
        "jwks_url, jwks_uri",
        "jwks-file, jwks_file",
        "Issuer, issuer",
        "algorihtms, algorithms",
        "groupsclaim, groups_claim",
        "colour, -",
        "x, -",
        "tenant, -",
      })
  void suggestsOnlyCloseKeys(String typed, String suggested) {
    assertEquals(suggested, KeySuggestion.closest(typed, ISSUER_KEYS));
  }

  @ParameterizedTest
  @CsvSource({"abc, abc, 0", "ab, ba, 1", "kitten, sitting, 3", "'', abc, 3"})
  void countsEditsWithSwapsAsOne(String a, String b, int distance) {
    assertEquals(distance, KeySuggestion.distance(a, b));
  }
}
