package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The content detectors of one {@code masking:} rule ({@code detect: […]}, SPEC §5): the second
 * line that scans every string value leaving the sidecar, and backend error messages, for card
 * numbers, email addresses, US social security numbers, IBANs and secrets, and replaces what it
 * finds. Built once per rule (and datasource, for {@code hash}), immutable, thread-safe.
 *
 * <p>What a found span becomes, by the rule's method:
 * <ul>
 *   <li>{@code redact}: {@code [redacted credit_card]}, {@code [redacted email]},
 *       {@code [redacted us_ssn]}, {@code [redacted iban]}, {@code [redacted secret]};
 *   <li>{@code null}: the whole value becomes SQL NULL ({@link #scrub} returns {@code null});
 *       for an error message the caller should drop the message, not the error;
 *   <li>{@code last4}: the span with all but its last four letters and digits hidden and its
 *       separators kept ({@code ****-****-****-1111}, {@code ***-**-6789}); secrets are
 *       redacted instead: four characters of a key are still part of the key;
 *   <li>{@code hash}: the keyed hash ({@code h:…}, see {@link MaskingKey}) of the span's
 *       canonical form, so {@code 4111 1111 1111 1111} and {@code 4111-1111-1111-1111} hash
 *       alike: digits only for cards and SSNs, upper case without spaces for IBANs, lower case
 *       for addresses, the text itself for secrets;
 *   <li>{@code email}: addresses become {@code ***@domain}; other kinds are redacted.
 * </ul>
 * Spans that overlap are merged and reported as the kind that hides most (a secret over a
 * card over an SSN over an IBAN over an address), so the {@code email} method never shows the
 * "domain" of a password. Replacements are rendered from the folded span (ASCII digits, see
 * below); the text around them is kept exactly.
 *
 * <p><b>What is read as a reader would.</b> Invisible characters inside a number (zero-width
 * spaces, soft hyphens, bidi controls, combining marks) do not hide it, and digits of other
 * scripts or fullwidth forms count as digits: detection runs on a folded copy of the value and
 * the replacement covers the invisible characters too ({@link FoldedText}).
 *
 * <p><b>Fast.</b> One pass over the characters tells which detectors can match at all (13
 * digits for a card, an {@code @} for an address, two letters and two digits for an IBAN, a
 * run of 16 token68 characters for an API key, a colon or {@code =} for a named secret…); the
 * common value (a name, a code, a sentence without digits or colons) costs that pass and
 * nothing else. Each detector is a hand-written scanner,
 * linear in the length of the value whatever it holds; nothing is skipped or truncated, so a
 * 10 MB value is scrubbed completely.
 *
 * <p>Detection is a safety net for accidents (a card number typed into a notes field, a key in
 * an error message), not a barrier against an agent that transforms values on purpose
 * ({@code reverse(card)}): column lineage is that barrier.
 */
public final class ContentDetectors {
  private static final Finder[] NO_FINDERS = {};

  private final Set<Detector> detectors;
  private final MaskMethod method;
  private final MaskingKey key;
  private final Finder[] finders;
  private final int gates;
  /** Every finder is gated on digits or {@code @}: the lighter pre-scan tells all it needs. */
  private final boolean digitsAndAtOnly;

  /**
   * A span found in a value: what it is and where, in the value as given.
   *
   * @param detector what was found
   * @param start first index in the original value
   * @param end index after the last (invisible characters inside are included)
   */
  public record Finding(Detector detector, int start, int end) {}

  private ContentDetectors(Set<Detector> detectors, MaskMethod method, MaskingKey key) {
    this.detectors = detectors;
    this.method = method;
    this.key = key;
    List<Finder> list = new ArrayList<>();
    for (Detector detector : detectors) {
      list.addAll(findersOf(detector));
    }
    this.finders = list.toArray(NO_FINDERS);
    int g = 0;
    for (Finder finder : finders) {
      g |= finder.gate();
    }
    this.gates = g;
    this.digitsAndAtOnly = (g & ~TextFeatures.DIGITS_AND_AT) == 0;
  }

  /**
   * The detectors of one rule.
   *
   * @param detectors what to look for (empty: nothing is ever found)
   * @param method how a found span is shown
   * @param key the datasource's key; required for {@code hash}, ignored otherwise
   * @throws IllegalArgumentException when the method is {@code hash} and there is no key
   */
  public static ContentDetectors of(Set<Detector> detectors, MaskMethod method, MaskingKey key) {
    Objects.requireNonNull(method, "method");
    if (method == MaskMethod.HASH && key == null) {
      throw new IllegalArgumentException("the hash masking method needs a masking key");
    }
    Set<Detector> copy = detectors.isEmpty()
        ? EnumSet.noneOf(Detector.class) : EnumSet.copyOf(detectors);
    return new ContentDetectors(Collections.unmodifiableSet(copy), method, method == MaskMethod.HASH ? key : null);
  }

  /** The finders of one detector; package-private for the gate-soundness property test. */
  static List<Finder> findersOf(Detector detector) {
    switch (detector) {
      case CREDIT_CARD:
        return List.of(new CardNumbers());
      case EMAIL:
        return List.of(new EmailAddresses());
      case US_SSN:
        return List.of(new SocialSecurityNumbers());
      case IBAN:
        return List.of(new Ibans());
      case SECRET:
        return List.of(new PrivateKeyBlocks(), new TokenSecrets(), new SecretAssignments());
      default:
        throw new AssertionError(detector);
    }
  }

  public Set<Detector> detectors() {
    return detectors;
  }

  public MaskMethod method() {
    return method;
  }

  /**
   * {@code value} with every detected span replaced as the method says; the same instance when
   * nothing is found (compare with {@code ==} to know cheaply), {@code null} when something is
   * found and the method is {@code null}, and {@code null} for {@code null}. Works on any text:
   * column values and backend error messages alike.
   */
  public String scrub(String value) {
    Detection detection = detect(value);
    if (detection == null) {
      return value;
    }
    return method == MaskMethod.NULL ? null : detection.render(value, this::replacement);
  }

  /** Whether anything is detected in {@code value} ({@code false} for {@code null}). */
  public boolean anyFound(String value) {
    return detect(value) != null;
  }

  /** What is detected in {@code value} and where, in order; for the audit log and tests. */
  public List<Finding> find(String value) {
    Detection detection = detect(value);
    return detection == null ? List.of() : detection.findings();
  }

  private Detection detect(String value) {
    if (value == null || finders.length == 0) {
      return null;
    }
    int features = digitsAndAtOnly ? TextFeatures.digitsAndAt(value) : TextFeatures.of(value);
    if ((features & gates) == 0) {
      return null;
    }
    FoldedText folded = (features & TextFeatures.FOLD) != 0 ? FoldedText.of(value) : null;
    String subject = folded == null ? value : folded.text();
    Spans spans = new Spans();
    for (Finder finder : finders) {
      if ((features & finder.gate()) != 0) {
        finder.find(subject, spans);
      }
    }
    if (spans.isEmpty()) {
      return null;
    }
    spans.normalize();
    return new Detection(subject, folded, spans);
  }

  /** What a span of {@code subject} (folded text) is shown as. */
  private String replacement(Detector detector, String subject, int start, int end) {
    switch (method) {
      case LAST4:
        return detector == Detector.SECRET ? redacted(detector)
            : Last4.mask(subject.substring(start, end));
      case HASH:
        return key.hash(canonical(detector, subject, start, end));
      case EMAIL:
        return detector == Detector.EMAIL ? hiddenLocalPart(subject, start, end)
            : redacted(detector);
      default:
        return redacted(detector);
    }
  }

  /** What {@code redact} shows for a span: {@code [redacted credit_card]} and so on. */
  static String redacted(Detector detector) {
    return REDACTED[detector.ordinal()];
  }

  private static final String[] REDACTED = new String[Detector.values().length];

  static {
    for (Detector detector : Detector.values()) {
      REDACTED[detector.ordinal()] = "[redacted " + detector.name().toLowerCase(Locale.ROOT) + "]";
    }
  }

  private static String hiddenLocalPart(String subject, int start, int end) {
    int at = subject.lastIndexOf('@', end - 1);
    return at < start ? redacted(Detector.EMAIL)
        : Masker.HIDDEN_LOCAL_PART + subject.substring(at, end);
  }

  /** The form a span is hashed in, so equal values written differently hash alike. */
  static String canonical(Detector detector, String subject, int start, int end) {
    switch (detector) {
      case CREDIT_CARD:
      case US_SSN:
      case IBAN: {
        StringBuilder kept = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
          char c = subject.charAt(i);
          if (Chars.isAlnum(c)) {
            kept.append(Chars.upper(c));
          }
        }
        return kept.toString();
      }
      case EMAIL:
        return subject.substring(start, end).toLowerCase(Locale.ROOT);
      default:
        return subject.substring(start, end);
    }
  }

  @Override
  public String toString() {
    return "ContentDetectors" + detectors + " → " + method.name().toLowerCase(Locale.ROOT);
  }
}
