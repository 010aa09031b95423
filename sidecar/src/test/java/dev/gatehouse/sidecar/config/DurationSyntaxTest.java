package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSyntaxTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "1m30s, PT1M30S",
    "1h30m, PT1H30M",
    "1d2h3m4s5ms, PT26H3M4.005S",
    "0s, PT0S",
    "-30s, PT-30S",
  })
  void readsDurations(String text, Duration expected) {
    assertEquals(expected, DurationSyntax.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "30",
        "30 s",
        "30sec",
        "5M",
        "1.5h",
        "30s1m",
        "1m1m",
        "s",
        "-",
        "+5s",
        "1w",
        "9999999999s"
      })
  void refusesWhatIsNotADuration(String text) {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> DurationSyntax.parse(text));

    assertEquals("a duration like 500ms, 30s, 5m, 2h or 1d (or 1m30s)", thrown.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "500ms", "30s", "1m30s", "26h3m4s5ms", "-5m"})
  void formatsWhatItReads(String text) {
    String canonical = text.equals("26h3m4s5ms") ? "1d2h3m4s5ms" : text;

    assertEquals(canonical, DurationSyntax.format(DurationSyntax.parse(canonical)));
  }
}
