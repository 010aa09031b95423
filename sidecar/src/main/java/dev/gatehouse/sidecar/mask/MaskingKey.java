package dev.gatehouse.sidecar.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the {@code hash} masking method (SPEC §5): HMAC-SHA256, one per datasource, built
 * once (at configuration load) and shared by every thread.
 *
 * <p>The same key and value always give the same hash, so an agent can still join and group on
 * a hashed column across results; without the key a hash can't be reversed or recomputed, not
 * even for a guessed value (a card number has too few unknown digits for an unkeyed hash to
 * protect it). Two keys give unrelated hashes, so values of two datasources can't be linked.
 * A {@link #random()} key lives as long as the process: hashes change on restart.
 *
 * <p>Hashing is cheap and thread-safe: each thread hashes with its own clone of one initialised
 * {@link Mac} and its own buffers, so a value costs no {@code Mac.getInstance}, no key
 * schedule and no allocation but the returned string (and the 32-byte digest the JDK's
 * HMAC allocates internally).
 *
 * <p>{@link #toString()} shows a fingerprint, never the key.
 */
public final class MaskingKey {
  /** The shortest key {@link #of} accepts, in bytes. */
  public static final int MIN_KEY_BYTES = 16;
  /** The shortest secret {@link #derive} accepts, in characters. */
  public static final int MIN_SECRET_LENGTH = 16;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DERIVATION_LABEL =
      "gatehouse/masking-key/v1\0".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FINGERPRINT_LABEL =
      "gatehouse/masking-key/fingerprint".getBytes(StandardCharsets.UTF_8);

  private final Mac prototype;
  private final String fingerprint;
  private final ThreadLocal<KeyedHash> hashes;

  private MaskingKey(byte[] key) {
    this.prototype = initialisedMac(key);
    this.fingerprint = fingerprintOf(prototype);
    this.hashes = ThreadLocal.withInitial(() -> new KeyedHash(copyOf(prototype)));
  }

  /**
   * A key from raw bytes (copied), at least {@value #MIN_KEY_BYTES} of them; 32 random bytes
   * are what {@link #random()} uses and what a configured key should hold.
   *
   * @throws IllegalArgumentException when the key is shorter
   */
  public static MaskingKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a masking key needs at least " + MIN_KEY_BYTES
          + " bytes; this one has " + key.length);
    }
    return new MaskingKey(key.clone());
  }

  /**
   * The key of one datasource derived from a configured secret: HMAC-SHA256 keyed with the
   * secret over a fixed label and {@code datasource}. One secret can serve every datasource and
   * each still gets its own key; pass the same {@code datasource} to share a key on purpose.
   *
   * @param secret at least {@value #MIN_SECRET_LENGTH} characters: a short secret could be
   *     guessed from one known value and its hash
   * @param datasource the datasource name (any string, empty allowed)
   * @throws IllegalArgumentException when the secret is shorter
   */
  public static MaskingKey derive(String secret, String datasource) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(datasource, "datasource");
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("a masking secret needs at least " + MIN_SECRET_LENGTH
          + " characters; this one has " + secret.length());
    }
    Mac mac = initialisedMac(secret.getBytes(StandardCharsets.UTF_8));
    mac.update(DERIVATION_LABEL);
    byte[] key = mac.doFinal(datasource.getBytes(StandardCharsets.UTF_8));
    try {
      return new MaskingKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** A fresh random 32-byte key: hashes are stable for the life of this process only. */
  public static MaskingKey random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      return new MaskingKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The keyed hash of {@code text} (its UTF-8 bytes): {@code h:} and 16 base64url chars. */
  String hash(CharSequence text) {
    return hashes.get().hash(text);
  }

  /** A fingerprint of the key (eight hex digits of a keyed hash), safe to log. */
  @Override
  public String toString() {
    return "MaskingKey[" + fingerprint + "]";
  }

  private static Mac initialisedMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
    }
  }

  /** A clone of the initialised prototype: no provider lookup, no key schedule. */
  private static Mac copyOf(Mac prototype) {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(ALGORITHM + " of this JVM cannot be cloned", e);
    }
  }

  private static String fingerprintOf(Mac prototype) {
    byte[] digest = copyOf(prototype).doFinal(FINGERPRINT_LABEL);
    StringBuilder hex = new StringBuilder(8);
    for (int i = 0; i < 4; i++) {
      hex.append(Character.forDigit(digest[i] >> 4 & 0xf, 16))
          .append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return hex.toString();
  }
}
