package dev.gatehouse.sidecar.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The canonical form is a contract with third-party verifiers (docs/AUDIT.md): these are the
 * bytes Python's {@code json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)}
 * and RFC 8785 produce for the same values.
 */
class CanonicalJsonTest {
  private static String canonical(String json) throws Exception {
    JsonNode node = RecordLine.MAPPER.readTree(json);
    return new String(CanonicalJson.bytes(node), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{ \"b\" : 1, \"a\" : [true, false, null] }`|`{\"a\":[true,false,null],\"b\":1}`",
        "`{\"z\":{\"y\":1,\"x\":2},\"_\":0,\"A\":0}`|`{\"A\":0,\"_\":0,\"z\":{\"x\":2,\"y\":1}}`",
        "`\"quote \\\" backslash \\\\ slash \\/\"`|`\"quote \\\" backslash \\\\ slash /\"`",
        "`\"\\b\\t\\n\\f\\r\"`|`\"\\b\\t\\n\\f\\r\"`",
        "`\"\\u0000 \\u001F \\u000b\"`|`\"\\u0000 \\u001f \\u000b\"`",
        "`\"\\u007f \\u00e9 \\u2028 \\ud83d\\ude00\"`|`\"\u007f é \u2028 😀\"`",
        "`[-0, 0, 12, -9007199254740993, 123456789012345678901234567890]`|"
            + "`[0,0,12,-9007199254740993,123456789012345678901234567890]`",
      })
  void writesTheCanonicalForm(String input, String expected) throws Exception {
    assertEquals(expected, canonical(input));
  }

  @Test
  void sortsKeysByUtf16CodeUnitsAsRfc8785Does() throws Exception {
    // U+FF61 sorts after U+1F600 by code point, before it by UTF-16 code unit (0xD83D)
    assertEquals("{\"😀\":1,\"｡\":2}", canonical("{\"｡\":2,\"😀\":1}"));
  }

  @Test
  void fractionsHaveNoCanonicalForm() {
    JsonNode fraction = JsonNodeFactory.instance.numberNode(new BigDecimal("1.5"));
    assertThrows(CanonicalJson.NotCanonicalException.class, () -> CanonicalJson.bytes(fraction));
  }

  @Test
  void unpairedSurrogatesHaveNoCanonicalForm() {
    JsonNode lone = JsonNodeFactory.instance.textNode("a\uD800b");
    assertThrows(CanonicalJson.NotCanonicalException.class, () -> CanonicalJson.bytes(lone));
  }

  @Test
  void encodesUtf8ByHand() throws Exception {
    String text = "ä€😀\u0800\u07ff";
    byte[] bytes = CanonicalJson.bytes(JsonNodeFactory.instance.textNode(text));
    assertEquals("\"" + text + "\"", new String(bytes, StandardCharsets.UTF_8));
  }
}
