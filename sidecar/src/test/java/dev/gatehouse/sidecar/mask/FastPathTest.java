package dev.gatehouse.sidecar.mask;

import static dev.gatehouse.sidecar.mask.DetectorPropertyTest.ROUNDS;
import static dev.gatehouse.sidecar.mask.DetectorPropertyTest.SEED;
import static dev.gatehouse.sidecar.mask.DetectorPropertyTest.escaped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.sidecar.mask.ContentDetectors.Finding;
import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fast paths on the streaming hot path render and find exactly what the general code does:
 * the lighter pre-scan used when only the card, SSN and email detectors are on
 * ({@link TextFeatures#digitsAndAt}), and {@link Last4}'s ASCII rendering. A fast path that lets
 * a value through unmasked would be a leak, so each is checked against the general path over
 * random and adversarial input (zero-width characters, soft hyphens, fullwidth and Arabic-Indic
 * digits, surrogate pairs, unusual address characters).
 */
class FastPathTest {
  static final Set<Detector> CARD_AND_EMAIL = EnumSet.of(Detector.CREDIT_CARD, Detector.EMAIL);
  static final ContentDetectors CARDS_AND_EMAILS =
      ContentDetectors.of(CARD_AND_EMAIL, MaskMethod.REDACT, null);

  /** Random text, or a disguised card or address in words, or a random run of any chars. */
  static String adversarial(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return DetectorPropertyTest.words(random) + " "
            + spaced(random, DetectorPropertyTest.card(random))
            + " " + DetectorPropertyTest.words(random);
      case 1: {
        StringBuilder any = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
          any.appendCodePoint(random.nextInt(8) == 0 ? 0x10000 + random.nextInt(0x20000)
              : random.nextInt(0x3100));
        }
        return any.toString();
      }
      case 2:
        return DetectorPropertyTest.words(random) + " " + address(random) + " "
            + DetectorPropertyTest.words(random);
      default:
        return DetectorPropertyTest.randomText(random);
    }
  }

  /**
   * A card number regrouped in fours with a separator the card detector reads (space, tab,
   * hyphen, line break) picked for each gap, some digits written as Arabic-Indic ones, and
   * invisible characters or fullwidth digits sprinkled in ({@link DetectorPropertyTest#disguise}).
   */
  static String spaced(Random random, String card) {
    String digits = card.replaceAll("[^0-9]", "");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && i % 4 == 0 && digits.length() - i >= 3) {
        out.append(DetectorPropertyTest.pick(random, " ", "-", "\t", "\n", "\r\n", ""));
      }
      out.append(digits.charAt(i));
    }
    StringBuilder disguised = new StringBuilder();
    for (char c : DetectorPropertyTest.disguise(random, out.toString()).toCharArray()) {
      disguised.append(c >= '0' && c <= '9' && random.nextInt(5) == 0 ? (char) (c - '0' + 0x0660) : c);
    }
    return disguised.toString();
  }

  static String address(Random random) {
    String local = DetectorPropertyTest.randomOf(random, "abcXYZ019._%+-'!#$&*/=?^`{|}~üé",
        1 + random.nextInt(16));
    String domain = DetectorPropertyTest.pick(random, "example.com", "sub-domain.example.co.uk",
        "xn--bcher-kva.example", "exämple.de", "例え.テスト", "4111111111111111.com", "a.b");
    return local + DetectorPropertyTest.pick(random, "@", "＠", "\u200B@") + domain;
  }

  /** What the card and email finders find with no pre-scan at all (the text always folded). */
  static List<Finding> ungated(String value) {
    return DetectorPropertyTest.ungated(value, CARD_AND_EMAIL);
  }

  @Test
  void theLighterPreScanAgreesWithTheFullOne() {
    Random random = new Random(SEED + 11);
    for (int round = 0; round < ROUNDS; round++) {
      String value = adversarial(random);
      assertEquals(TextFeatures.of(value) & TextFeatures.DIGITS_AND_AT,
          TextFeatures.digitsAndAt(value), () -> "for " + escaped(value));
    }
    for (int c = 0; c < 0x10000; c++) {
      String value = "4111 1111 1111 111" + (char) c + "1 a" + (char) c + "@example.com";
      assertEquals(TextFeatures.of(value) & TextFeatures.DIGITS_AND_AT,
          TextFeatures.digitsAndAt(value), () -> "for " + escaped(value));
    }
  }

  @Test
  void cardAndEmailDetectorsFindWhatTheUngatedFindersFind() {
    Random random = new Random(SEED + 12);
    for (int round = 0; round < ROUNDS; round++) {
      String value = adversarial(random);
      assertEquals(ungated(value), CARDS_AND_EMAILS.find(value), () -> "for " + escaped(value));
    }
  }

  @Test
  void disguisedCardsNeverSurviveTheCardAndEmailRule() {
    Random random = new Random(SEED + 13);
    for (int round = 0; round < ROUNDS / 4; round++) {
      String card = spaced(random, DetectorPropertyTest.card(random));
      String value = DetectorPropertyTest.words(random)
          + DetectorPropertyTest.pick(random, " ", ": ", " (", "\n", "=") + card
          + DetectorPropertyTest.pick(random, " ", ", ", ").", "\n", "")
          + DetectorPropertyTest.words(random);
      String scrubbed = CARDS_AND_EMAILS.scrub(value);
      assertFalse(scrubbed.codePoints().anyMatch(Character::isDigit),
          () -> escaped(value) + " → " + escaped(scrubbed));
    }
  }

  @Test
  void unusualAddressesAreFoundAsBefore() {
    String[] addresses = {"o'brien+tag@example.co.uk", "a%b@ex.com", "first.last@sub-domain.example.museum",
        "user@xn--bcher-kva.example", "ünïcødé@exämple.de", "x@y.io", "user＠example.com",
        "us\u200Ber@exa\u00ADmple.com", "ＵＳＥＲ@example.com", "user@例え.テスト"};
    for (String address : addresses) {
      String value = "write to " + address + ", please";
      List<Finding> expected = ungated(value);
      assertEquals(expected, CARDS_AND_EMAILS.find(value), () -> "for " + escaped(value));
      assertEquals(expected.isEmpty(), CARDS_AND_EMAILS.scrub(value) == value);
    }
    assertFalse(ungated("write to o'brien+tag@example.co.uk").isEmpty());
  }

  @Test
  void last4RendersAsciiAsTheGeneralPathDoes() {
    Random random = new Random(SEED + 14);
    String alphabet = "0123456789 -./()+abcXYZ*_\t~é４😀\u200B";
    for (int round = 0; round < ROUNDS; round++) {
      String value = random.nextBoolean()
          ? DetectorPropertyTest.randomOf(random, alphabet.substring(0, 25), random.nextInt(30))
          : adversarial(random);
      assertEquals(Last4.maskCodePoints(value), Last4.mask(value), () -> "for " + escaped(value));
    }
    for (int c = 0; c < 128; c++) {
      String value = "4111 1111 1111 1" + (char) c + "11";
      assertEquals(Last4.maskCodePoints(value), Last4.mask(value), () -> "for " + escaped(value));
    }
  }
}
