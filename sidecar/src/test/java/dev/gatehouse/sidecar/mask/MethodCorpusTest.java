package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The method corpus ({@code mask/method-corpus.txt}): what each method shows for a value. */
class MethodCorpusTest {
  static List<Corpus.Line> cases() {
    return Corpus.read("method-corpus.txt", 3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void showsWhatTheCorpusSays(Corpus.Line line) {
    Masker masker = Masker.of(MaskMethod.valueOf(line.field(0).toUpperCase(Locale.ROOT)), null);
    assertEquals(line.field(2), masker.mask(line.field(1)));
  }
}
