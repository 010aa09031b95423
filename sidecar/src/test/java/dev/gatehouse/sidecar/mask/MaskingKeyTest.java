package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MaskingKeyTest {
  static final byte[] BYTES = new byte[32];

  static {
    for (int i = 0; i < BYTES.length; i++) {
      BYTES[i] = (byte) i;
    }
  }

  static final MaskingKey KEY = MaskingKey.of(BYTES);

  /** The reference: HMAC-SHA256 of the UTF-8 text, first 12 bytes, base64url, "h:" in front. */
  static String reference(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    return "h:" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Arrays.copyOf(digest, 12));
  }

  @Test
  void hashIsShortBase64UrlBehindAPrefix() {
    for (String value : List.of("", "x", "4111111111111111", "alice@example.com")) {
      assertTrue(KEY.hash(value).matches("h:[A-Za-z0-9_-]{16}"), KEY.hash(value));
    }
  }

  @Test
  void hashIsHmacSha256OfTheUtf8Text() throws Exception {
    List<String> values = new ArrayList<>(List.of("", "a", "é", "日本語", "😀", "a\uD800b",
        "\uDC00", "\uD83D", "tail\uD83D", "x".repeat(511) + "😀" + "y".repeat(600),
        "é".repeat(700), "日".repeat(1000)));
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      char[] chars = new char[random.nextInt(1500)];
      for (int c = 0; c < chars.length; c++) {
        int kind = random.nextInt(4);
        chars[c] = (char) (kind == 0 ? random.nextInt(128)
            : kind == 1 ? 0x80 + random.nextInt(0x780)
            : kind == 2 ? 0xd800 + random.nextInt(0x800) : random.nextInt(0x10000));
      }
      values.add(new String(chars));
    }
    for (String value : values) {
      assertEquals(reference(BYTES, value), KEY.hash(value));
    }
  }

  @Test
  void sameKeyAndValueGiveTheSameHash() {
    assertEquals(KEY.hash("4111111111111111"), MaskingKey.of(BYTES).hash("4111111111111111"));
    assertEquals(KEY.hash("4111111111111111"), KEY.hash("4111111111111111"));
    assertEquals(MaskingKey.derive("a configured secret value", "orders").hash("x"),
        MaskingKey.derive("a configured secret value", "orders").hash("x"));
  }

  @Test
  void differentKeysGiveDifferentHashes() {
    byte[] other = BYTES.clone();
    other[31] ^= 1;
    String value = "4111111111111111";
    assertNotEquals(KEY.hash(value), MaskingKey.of(other).hash(value));
    assertNotEquals(MaskingKey.random().hash(value), MaskingKey.random().hash(value));
    String secret = "a configured secret value";
    assertNotEquals(MaskingKey.derive(secret, "orders").hash(value),
        MaskingKey.derive(secret, "billing").hash(value));
    assertNotEquals(MaskingKey.derive(secret, "orders").hash(value),
        MaskingKey.derive(secret + "!", "orders").hash(value));
    assertNotEquals(KEY.hash("4111111111111111"), KEY.hash("4111111111111112"));
  }

  @Test
  void derivationIsHmacOfALabelAndTheDatasource() throws Exception {
    String secret = "a configured secret value";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] derived = mac.doFinal("gatehouse/masking-key/v1\0orders"
        .getBytes(StandardCharsets.UTF_8));
    // pinned: changing the derivation would change every hash an agent has seen
    assertEquals(reference(derived, "x"), MaskingKey.derive(secret, "orders").hash("x"));
  }

  @Test
  void keyBytesAreCopied() {
    byte[] bytes = BYTES.clone();
    MaskingKey key = MaskingKey.of(bytes);
    Arrays.fill(bytes, (byte) 0);
    assertEquals(KEY.hash("value"), key.hash("value"));
  }

  @Test
  void refusesShortKeysAndSecretsWithoutEchoingThem() {
    assertThrows(IllegalArgumentException.class, () -> MaskingKey.of(new byte[15]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MaskingKey.derive("hunter2hunter2", "orders"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertThrows(NullPointerException.class, () -> MaskingKey.derive(null, "orders"));
  }

  @Test
  void toStringShowsAFingerprintNotTheKey() {
    assertTrue(KEY.toString().matches("MaskingKey\\[[0-9a-f]{8}\\]"), KEY.toString());
    assertFalse(KEY.toString().contains(HexFormat.of().formatHex(BYTES, 0, 4)));
    assertEquals(KEY.toString(), MaskingKey.of(BYTES).toString());
    assertNotEquals(KEY.toString(), MaskingKey.random().toString());
  }

  @Test
  void threadsHashAlike() throws Exception {
    List<String> values = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String value = "value-" + i + "-" + "é".repeat(i % 700);
      values.add(value);
      expected.add(reference(BYTES, value));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          List<String> hashes = new ArrayList<>();
          for (String value : values) {
            hashes.add(KEY.hash(value));
          }
          return hashes;
        }));
      }
      for (Future<List<String>> result : results) {
        assertEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void maskerHashesWithTheKeyAndNeedsOne() throws Exception {
    assertEquals(reference(BYTES, "4111111111111111"),
        Masker.of(MaskMethod.HASH, KEY).mask("4111111111111111"));
    assertEquals(null, Masker.of(MaskMethod.HASH, KEY).mask(null));
    assertThrows(IllegalArgumentException.class, () -> Masker.of(MaskMethod.HASH, null));
    assertEquals("[redacted]", Masker.of(MaskMethod.REDACT, null).mask("x"));
  }
}
