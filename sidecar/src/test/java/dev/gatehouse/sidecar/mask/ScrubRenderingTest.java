package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.mask.ContentDetectors.Finding;
import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a found span becomes under each method, and the contract of scrub, anyFound, find. */
class ScrubRenderingTest {
  static final Set<Detector> ALL = EnumSet.allOf(Detector.class);
  static final MaskingKey KEY = MaskingKeyTest.KEY;

  static ContentDetectors all(MaskMethod method) {
    return ContentDetectors.of(ALL, method, method == MaskMethod.HASH ? KEY : null);
  }

  @Test
  void redactNamesWhatWasFound() {
    assertEquals("[redacted credit_card] [redacted email] [redacted us_ssn] [redacted iban] "
            + "[redacted secret]",
        all(MaskMethod.REDACT).scrub("4111111111111111 a@example.com 123-45-6789 "
            + "DE89370400440532013000 AKIAIOSFODNN7EXAMPLE"));
  }

  @Test
  void last4KeepsTheLastFourAndTheSeparators() {
    ContentDetectors last4 = all(MaskMethod.LAST4);
    assertEquals("Card ****-****-****-1111 ok", last4.scrub("Card 4111-1111-1111-1111 ok"));
    assertEquals("SSN ***-**-6789", last4.scrub("SSN 123-45-6789"));
    assertEquals("IBAN **** **** **** **** **30 00.",
        last4.scrub("IBAN DE89 3704 0044 0532 0130 00."));
    assertEquals("mail *****@******e.com", last4.scrub("mail alice@example.com"));
  }

  @Test
  void last4RendersFromTheFoldedDigits() {
    assertEquals("************1111", all(MaskMethod.LAST4).scrub("４１１１１１１１１１１１１１１１"));
    assertEquals("************1111",
        all(MaskMethod.LAST4).scrub("4111\u200B1111\u200B1111\u200B1111"));
  }

  @Test
  void last4NeverShowsPartOfASecret() {
    assertEquals("password=[redacted secret]", all(MaskMethod.LAST4).scrub("password=hunter2"));
    assertEquals("[redacted secret]", all(MaskMethod.LAST4).scrub("AKIAIOSFODNN7EXAMPLE"));
  }

  @Test
  void hashUsesTheCanonicalFormSoFormattingDoesNotMatter() {
    ContentDetectors hash = all(MaskMethod.HASH);
    String card = KEY.hash("4111111111111111");
    assertEquals("a " + card + " b", hash.scrub("a 4111 1111 1111 1111 b"));
    assertEquals("a " + card + " b", hash.scrub("a 4111-1111-1111-1111 b"));
    assertEquals("a " + card + " b", hash.scrub("a ４１１１１１１１１１１１１１１１ b"));
    assertEquals(card, Masker.of(MaskMethod.HASH, KEY).mask("4111111111111111"),
        "a canonical column value joins with what the detector shows");
    assertEquals(KEY.hash("alice@example.com"), hash.scrub("Alice@Example.COM"));
    assertEquals(KEY.hash("GB82WEST12345698765432"), hash.scrub("gb82 west 1234 5698 7654 32"));
    assertEquals(KEY.hash("123456789"), hash.scrub("123-45-6789"));
    assertEquals("password=" + KEY.hash("Hunter2"), hash.scrub("password=Hunter2"));
  }

  @Test
  void emailMethodKeepsTheDomainOfAddressesOnly() {
    ContentDetectors email = all(MaskMethod.EMAIL);
    assertEquals("mail ***@Example.com and card [redacted credit_card]",
        email.scrub("mail Alice@Example.com and card 4111111111111111"));
    assertEquals("password=[redacted secret]", email.scrub("password=jane@example.com"),
        "an address that is a password's value is a secret: no domain shown");
    assertEquals("x ***@example.com", email.scrub("x al\u200Bice@exa\u200Bmple.com"));
  }

  @Test
  void nullMethodNullsTheWholeValue() {
    ContentDetectors nulls = all(MaskMethod.NULL);
    assertNull(nulls.scrub("card 4111111111111111"));
    String clean = "Jane Doe";
    assertSame(clean, nulls.scrub(clean));
  }

  @Test
  void nothingFoundGivesTheSameInstanceUnderEveryMethod() {
    for (MaskMethod method : MaskMethod.values()) {
      for (String value : List.of("", "Jane Doe", "Order 4716 2388 1234 5678 shipped",
          "10:30 at https://example.com/x?page=2", "日本語のテキスト")) {
        assertSame(value, all(method).scrub(value), method + ": " + value);
      }
    }
  }

  @Test
  void nullValuesPassThrough() {
    ContentDetectors redact = all(MaskMethod.REDACT);
    assertNull(redact.scrub(null));
    assertFalse(redact.anyFound(null));
    assertTrue(redact.find(null).isEmpty());
  }

  @Test
  void noDetectorsFindNothing() {
    ContentDetectors none = ContentDetectors.of(Set.of(), MaskMethod.REDACT, null);
    String card = "4111111111111111";
    assertSame(card, none.scrub(card));
    assertFalse(none.anyFound(card));
  }

  @Test
  void onlyTheChosenDetectorsRun() {
    ContentDetectors cards = ContentDetectors.of(Set.of(Detector.CREDIT_CARD),
        MaskMethod.REDACT, null);
    assertEquals("[redacted credit_card] a@example.com",
        cards.scrub("4111111111111111 a@example.com"));
    assertEquals(EnumSet.of(Detector.CREDIT_CARD), cards.detectors());
  }

  @Test
  void hashNeedsAKey() {
    assertThrows(IllegalArgumentException.class,
        () -> ContentDetectors.of(ALL, MaskMethod.HASH, null));
  }

  @Test
  void findingsAreInTheOriginalsIndices() {
    String value = "x 4111\u200B1111\u200B1111\u200B1111 y a@example.com";
    List<Finding> findings = all(MaskMethod.REDACT).find(value);
    assertEquals(List.of(new Finding(Detector.CREDIT_CARD, 2, 21),
        new Finding(Detector.EMAIL, 24, 37)), findings);
    assertEquals("4111\u200B1111\u200B1111\u200B1111", value.substring(2, 21));
  }

  @Test
  void overlappingSpansMergeAsTheMostRevealingKind() {
    assertEquals(List.of(new Finding(Detector.SECRET, 9, 25)),
        all(MaskMethod.REDACT).find("password=jane@example.com"));
  }

  @Test
  void scrubsBackendErrorMessages() {
    String message = "ERROR: new row for relation \"payments\" violates check constraint\n"
        + "  Detail: Failing row contains (7, 4111 1111 1111 1111, alice@example.com, "
        + "postgres://app:hunter2@db/x).";
    assertEquals("ERROR: new row for relation \"payments\" violates check constraint\n"
            + "  Detail: Failing row contains (7, [redacted credit_card], [redacted email], "
            + "postgres://app:[redacted secret]@db/x).",
        all(MaskMethod.REDACT).scrub(message));
  }
}
