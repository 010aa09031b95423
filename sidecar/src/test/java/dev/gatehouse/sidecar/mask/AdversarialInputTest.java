package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values built to make a scanner slow or to slip past it. Every detector is linear, so each of
 * these 10 MB values is scrubbed completely; the tests assert what comes out, not how fast
 * (MaskThroughputMain measures that). A quadratic regression shows as a suite that hangs here.
 */
class AdversarialInputTest {
  static final int TEN_MB = 10 << 20;
  static final ContentDetectors ALL =
      ContentDetectors.of(EnumSet.allOf(Detector.class), MaskMethod.REDACT, null);

  static String repeat(String unit) {
    return unit.repeat(TEN_MB / unit.length());
  }

  static void assertNothingFound(String value) {
    String scrubbed = ALL.scrub(value);
    // not assertSame: its message would hold 10 MB
    assertTrue(scrubbed == value, () -> "found " + ALL.find(value).subList(0, 1) + " in "
        + value.substring(0, 40) + "…");
  }

  @Test
  void tenMillionDigitsAreNoCard() {
    assertNothingFound("7".repeat(TEN_MB));
    assertNothingFound(repeat("4111111111111111"));
  }

  @Test
  void digitsWithSeparatorsEverywhere() {
    String value = repeat("4111 1111 1111 1111 ");
    String scrubbed = ALL.scrub(value);
    assertFalse(scrubbed.chars().anyMatch(Character::isDigit), "a card digit survived");
    assertNothingFound(repeat("1 "));
    assertNothingFound(repeat("12-"));
  }

  @Test
  void manyCardsInText() {
    int count = TEN_MB / 24;
    String scrubbed = ALL.scrub("card 4111111111111111; ".repeat(count));
    assertEquals("card [redacted credit_card]; ".repeat(count), scrubbed);
  }

  @Test
  void invisibleCharactersAndFullwidthDigitsAtScale() {
    assertNothingFound(repeat("4111\u200B"));
    assertNothingFound("４".repeat(TEN_MB));
    String zeroWidthCards = repeat("4111\u200B1111\u200B1111\u200B1111 and ");
    assertFalse(ALL.scrub(zeroWidthCards).contains("1111"));
  }

  @Test
  void addressLikeFloods() {
    assertNothingFound(repeat("a@"));
    assertNothingFound(repeat("@a."));
    assertNothingFound("@".repeat(TEN_MB));
    assertNothingFound("a".repeat(TEN_MB) + "@");
    String scrubbed = ALL.scrub(repeat("x@example.com "));
    assertFalse(scrubbed.contains("@"));
    String longLocal = "a".repeat(TEN_MB) + "@example.com";
    assertEquals("[redacted email]", ALL.scrub(longLocal));
    String longDomain = "a@" + "b.".repeat(TEN_MB / 2) + "com";
    assertEquals("[redacted email]", ALL.scrub(longDomain));
  }

  @Test
  void privateKeyArmourFloods() {
    assertNothingFound(repeat("-----BEGIN "));
    assertNothingFound(repeat("-----BEGIN CERTIFICATE-----\n"));
    assertNothingFound("-".repeat(TEN_MB));
    assertEquals("[redacted secret]", ALL.scrub(repeat("-----BEGIN PRIVATE KEY-----\n")));
    assertEquals("x [redacted secret]",
        ALL.scrub("x -----BEGIN RSA PRIVATE KEY-----\n" + "A".repeat(TEN_MB)));
  }

  @Test
  void tokenFloods() {
    assertNothingFound("a".repeat(TEN_MB));
    assertNothingFound(repeat("eyJ"));
    assertFalse(ALL.scrub(repeat("eyJhbGciOiJ.")).contains("eyJ"), "header.payload.sig…");
    assertNothingFound(repeat("eyJhbGciOiJ "));
    assertNothingFound(repeat("ghp_"));
    assertNothingFound(repeat("AKIA"));
    assertEquals("[redacted secret]", ALL.scrub(repeat("sk-")), "sk- and 32+ token chars");
    assertEquals("[redacted secret]", ALL.scrub("github_pat_" + "a".repeat(TEN_MB)));
    assertFalse(ALL.scrub(repeat("eyJhbGciOiJIUzI1NiJ9.e30.sig ")).contains("eyJ"));
  }

  @Test
  void assignmentFloods() {
    assertNothingFound(":".repeat(TEN_MB));
    assertNothingFound("=".repeat(TEN_MB));
    assertEquals("password=[redacted secret]", ALL.scrub(repeat("password=")));
    assertNothingFound(repeat("://"));
    assertNothingFound(repeat("a://b:"));
    assertTrue(ALL.scrub(repeat("password='")).startsWith("password='[redacted secret]"));
  }

  @Test
  void ibanFloods() {
    assertNothingFound(repeat("DE89 "));
    assertNothingFound(repeat("DE89"));
    assertNothingFound(repeat("GB82 WEST "));
  }

  @Test
  void ssnFloods() {
    assertNothingFound(repeat("000-00-0000 "));
    assertNothingFound(repeat("SSN 000000000 "));
    assertFalse(ALL.scrub(repeat("123-45-6789 ")).contains("6789"));
  }

  @Test
  void randomNoiseIsScrubbedCompletely() {
    Random random = new Random(7);
    String alphabet = "0123456789 -\n@._:=/'\"AKISeyJghpxoDEGB\u200B４";
    char[] chars = new char[TEN_MB];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    String value = new String(chars);
    String scrubbed = ALL.scrub(value);
    assertTrue(scrubbed.length() > 0);
    assertEquals(ALL.find(value).isEmpty(), scrubbed == value);
  }

  @Test
  void aValueThatIsExactlyACard() {
    assertEquals("[redacted credit_card]", ALL.scrub("4111111111111111"));
    assertEquals("[redacted credit_card]", ALL.scrub("4111\n1111\n1111\n1111"));
  }
}
