package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detector corpus ({@code mask/detector-corpus.txt}): each line a value and what
 * {@code redact} makes of it, true positives and true negatives for every detector, and the
 * tricks (invisible characters, fullwidth digits, line breaks) a value may hide behind.
 */
class DetectorCorpusTest {
  static List<Corpus.Line> cases() {
    return Corpus.read("detector-corpus.txt", 3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scrubsAsTheCorpusSays(Corpus.Line line) {
    ContentDetectors detectors = ContentDetectors.of(detectorsOf(line.field(0)),
        MaskMethod.REDACT, null);
    String input = line.field(1);
    String expected = line.field(2);
    String scrubbed = detectors.scrub(input);
    if (expected.equals("=")) {
      assertSame(input, scrubbed, () -> "found something in a true negative: " + scrubbed);
      assertFalse(detectors.anyFound(input));
      assertTrue(detectors.find(input).isEmpty());
    } else {
      assertEquals(expected, scrubbed);
      assertTrue(detectors.anyFound(input));
      assertFalse(detectors.find(input).isEmpty());
    }
  }

  static Set<Detector> detectorsOf(String name) {
    return name.equals("all") ? EnumSet.allOf(Detector.class)
        : EnumSet.of(Detector.valueOf(name.toUpperCase(Locale.ROOT)));
  }
}
