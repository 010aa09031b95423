package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.Objects;

/**
 * Turns an original value into what the agent is shown, by one masking method (SPEC §5,
 * {@code masking:}). Built once per rule and datasource, immutable, safe to share across
 * threads. Values arrive as text: the caller renders numbers, dates and the like first, and a
 * column masked by anything but {@code null} is shown as text.
 *
 * <table>
 *   <caption>What each method shows</caption>
 *   <tr><th>method</th><th>original</th><th>shown</th></tr>
 *   <tr><td>{@code redact}</td><td>any</td><td>{@value #REDACTED}: the same for every value,
 *       so not even the length leaks (the empty string too)</td></tr>
 *   <tr><td>{@code null}</td><td>any</td><td>SQL NULL ({@code null})</td></tr>
 *   <tr><td>{@code last4}</td><td>{@code 4111-1111-1111-1111}</td>
 *       <td>{@code ****-****-****-1111}: length and ASCII separators kept; every character
 *       hidden when fewer than eight letters and digits are there ({@code 1234} →
 *       {@code ****})</td></tr>
 *   <tr><td>{@code hash}</td><td>{@code alice@example.com}</td><td>{@code h:} and 16 base64url
 *       characters (the first 96 bits of HMAC-SHA256 of the UTF-8 text under the datasource's
 *       {@link MaskingKey}); stable per key, exactly as given (no trimming, no case folding)</td>
 *       </tr>
 *   <tr><td>{@code email}</td><td>{@code alice@example.com}</td><td>{@code ***@example.com}:
 *       the local part hidden behind a fixed {@code ***}, the domain kept as written; a value
 *       that is not one address (surrounding whitespace aside) shows {@value #REDACTED}</td></tr>
 * </table>
 * A NULL original stays NULL under every method: whether a value is missing is not masked (an
 * agent may test {@code IS NULL} on a masked column anyway).
 */
public final class Masker {
  /** What {@code redact} shows, and {@code email} for a value that is not an address. */
  public static final String REDACTED = "[redacted]";
  /** What {@code email} shows in place of the local part. */
  public static final String HIDDEN_LOCAL_PART = "***";

  private final MaskMethod method;
  private final MaskingKey key;

  private Masker(MaskMethod method, MaskingKey key) {
    this.method = method;
    this.key = key;
  }

  /**
   * The masker of one method.
   *
   * @param key the datasource's key; required for {@code hash}, ignored otherwise
   * @throws IllegalArgumentException when the method is {@code hash} and there is no key
   */
  public static Masker of(MaskMethod method, MaskingKey key) {
    Objects.requireNonNull(method, "method");
    if (method == MaskMethod.HASH && key == null) {
      throw new IllegalArgumentException("the hash masking method needs a masking key");
    }
    return new Masker(method, method == MaskMethod.HASH ? key : null);
  }

  public MaskMethod method() {
    return method;
  }

  /** What the agent is shown for {@code original}; {@code null} stays {@code null}. */
  public String mask(String original) {
    if (original == null) {
      return null;
    }
    switch (method) {
      case REDACT:
        return REDACTED;
      case NULL:
        return null;
      case LAST4:
        return Last4.mask(original);
      case HASH:
        return key.hash(original);
      case EMAIL:
        return email(original.strip());
      default:
        throw new AssertionError(method);
    }
  }

  private static String email(String value) {
    int at = EmailAddresses.wholeAddressAt(value);
    return at < 0 ? REDACTED : HIDDEN_LOCAL_PART + value.substring(at);
  }

  @Override
  public String toString() {
    return "Masker[" + method.name().toLowerCase(java.util.Locale.ROOT)
        + (key == null ? "" : ", " + key) + "]";
  }
}
