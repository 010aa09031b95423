package dev.gatehouse.sidecar.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;

/**
 * One thread's hashing state for a {@link MaskingKey}: its own {@link Mac} and buffers, so a
 * hash encodes the text to UTF-8 in fixed chunks (as {@link String#getBytes} would, with
 * {@code ?} for a lone surrogate) without allocating for it, however long the text.
 */
final class KeyedHash {
  static final String PREFIX = "h:";
  /** Bytes of the HMAC shown: 96 bits, so no two values of a table collide in practice. */
  static final int SHOWN_BYTES = 12;
  private static final byte[] BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  private final Mac mac;
  private final byte[] chunk = new byte[512];
  private final byte[] digest = new byte[32];
  private final byte[] shown = new byte[PREFIX.length() + SHOWN_BYTES / 3 * 4];

  KeyedHash(Mac mac) {
    this.mac = mac;
    shown[0] = 'h';
    shown[1] = ':';
  }

  String hash(CharSequence text) {
    // a hash cut short by an exception must not leave bytes in front of the next one
    mac.reset();
    int used = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (used > chunk.length - 4) {
        mac.update(chunk, 0, used);
        used = 0;
      }
      char c = text.charAt(i);
      if (c < 0x80) {
        chunk[used++] = (byte) c;
      } else if (c < 0x800) {
        chunk[used++] = (byte) (0xc0 | c >> 6);
        chunk[used++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        chunk[used++] = (byte) (0xe0 | c >> 12);
        chunk[used++] = (byte) (0x80 | c >> 6 & 0x3f);
        chunk[used++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        chunk[used++] = (byte) (0xf0 | cp >> 18);
        chunk[used++] = (byte) (0x80 | cp >> 12 & 0x3f);
        chunk[used++] = (byte) (0x80 | cp >> 6 & 0x3f);
        chunk[used++] = (byte) (0x80 | cp & 0x3f);
      } else {
        chunk[used++] = '?';
      }
    }
    mac.update(chunk, 0, used);
    try {
      mac.doFinal(digest, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC output buffer too small", e);
    }
    for (int i = 0, o = PREFIX.length(); i < SHOWN_BYTES; i += 3, o += 4) {
      int bits = (digest[i] & 0xff) << 16 | (digest[i + 1] & 0xff) << 8 | digest[i + 2] & 0xff;
      shown[o] = BASE64URL[bits >> 18];
      shown[o + 1] = BASE64URL[bits >> 12 & 0x3f];
      shown[o + 2] = BASE64URL[bits >> 6 & 0x3f];
      shown[o + 3] = BASE64URL[bits & 0x3f];
    }
    return new String(shown, StandardCharsets.ISO_8859_1);
  }
}
