package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlReaderTest {
  private static final Path FILE = Path.of("gatehouse.yaml");

  private static YamlNode parse(String yaml) throws ConfigException {
    return YamlReader.parse(yaml, FILE);
  }

  private static String problemsOf(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void remembersLineAndColumnOfEveryKeyAndValue() throws ConfigException {
    YamlNode.Mapping root =
        (YamlNode.Mapping) parse("# comment\nlisten:\n  address: 127.0.0.1:7433\nlist: [a, b]\n");

    YamlNode.Entry listen = root.entries().get("listen");
    assertEquals(new YamlNode.Location(FILE, 2, 1), listen.keyLocation());
    YamlNode.Entry address = ((YamlNode.Mapping) listen.value()).entries().get("address");
    assertEquals(new YamlNode.Location(FILE, 3, 3), address.keyLocation());
    assertEquals(new YamlNode.Location(FILE, 3, 12), address.value().location());
    YamlNode.Sequence list = (YamlNode.Sequence) root.get("list");
    assertEquals(new YamlNode.Location(FILE, 4, 11), list.items().get(1).location());
    assertEquals("gatehouse.yaml:3", address.value().location().toString());
  }

  @Test
  void keepsKeysInWrittenOrder() throws ConfigException {
    YamlNode.Mapping root = (YamlNode.Mapping) parse("b: 1\na: 2\nc: 3\n");

    assertEquals("[b, a, c]", root.entries().keySet().toString());
  }

  @Test
  void keepsScalarsAsTextAndTellsQuotedFromPlain() throws ConfigException {
    YamlNode.Mapping root =
        (YamlNode.Mapping) parse("a: yes\nb: \"yes\"\nc: 010\nd: |\n  line\ne: !!str 5\n");

    assertEquals(new YamlNode.Scalar("yes", false, loc(1, 4)), root.get("a"));
    assertEquals(new YamlNode.Scalar("yes", true, loc(2, 4)), root.get("b"));
    assertEquals("010", ((YamlNode.Scalar) root.get("c")).text());
    assertEquals(new YamlNode.Scalar("line\n", true, loc(4, 4)), root.get("d"));
    assertEquals(new YamlNode.Scalar("5", true, loc(6, 4)), root.get("e"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"a: ~", "a: null", "a: NULL", "a:", "a: # nothing"})
  void readsYamlNullAsScalarWithoutText(String yaml) throws ConfigException {
    YamlNode.Scalar value = (YamlNode.Scalar) ((YamlNode.Mapping) parse(yaml)).get("a");

    assertNull(value.text());
  }

  @Test
  void readsQuotedNullAsText() throws ConfigException {
    YamlNode.Scalar value = (YamlNode.Scalar) ((YamlNode.Mapping) parse("a: 'null'")).get("a");

    assertEquals("null", value.text());
  }

  @Test
  void readsAnEmptyFileAsNull() throws ConfigException {
    YamlNode root = parse("# only a comment\n");

    assertEquals(new YamlNode.Scalar(null, false, loc(1, 1)), root);
  }

  @Test
  void refusesDuplicateKeysNamingBothLines() {
    assertEquals(
        "gatehouse.yaml:4: duplicate key 'a' (first written at line 2); a key may appear once in"
            + " a mapping",
        problemsOf("x:\n  a: 1\n  b: 2\n  a: 3\n"));
  }

  @Test
  void refusesDuplicateKeysEvenWhenOneIsQuoted() {
    assertEquals(
        "gatehouse.yaml:2: duplicate key 'a' (first written at line 1); a key may appear once in"
            + " a mapping",
        problemsOf("a: 1\n\"a\": 2\n"));
  }

  @Test
  void refusesAnchorsAndAliasesSayingWhy() {
    String problems = problemsOf("base: &b {x: 1}\nother: *b\n");

    assertEquals(
        "gatehouse.yaml:1: anchors ('&b') are not supported: a value reused by reference hides"
            + " what applies where; write the value out\n"
            + "gatehouse.yaml:2: aliases ('*b') are not supported: a value reused by reference"
            + " hides what applies where; write the value out",
        problems);
  }

  @Test
  void refusesAnchorOnAKey() {
    assertTrue(problemsOf("&k a: 1\n").startsWith("gatehouse.yaml:1: anchors ('&k')"));
  }

  @Test
  void refusesMergeKeys() {
    assertEquals(
        "gatehouse.yaml:2: merge keys ('<<') are not supported: they pull in values written"
            + " elsewhere, which hides what applies here; write the keys out",
        problemsOf("a:\n  <<: {x: 1}\n  y: 2\n"));
  }

  @Test
  void acceptsAQuotedDoubleLessThanAsAnOrdinaryKey() throws ConfigException {
    YamlNode.Mapping root = (YamlNode.Mapping) parse("\"<<\": 1\n");

    assertEquals("1", ((YamlNode.Scalar) root.get("<<")).text());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1: x|key '1' is not text (YAML reads it as a number); keys must be text, quote it if you"
            + " mean the text",
        "on: x|key 'on' is not text (YAML reads it as a boolean); keys must be text, quote it if"
            + " you mean the text",
        "~: x|key '~' is not text (YAML reads it as null); keys must be text, quote it if you mean"
            + " the text",
      })
  void refusesKeysThatAreNotText(String yaml, String message) {
    assertEquals("gatehouse.yaml:1: " + message, problemsOf(yaml));
  }

  @Test
  void refusesAListAsAKey() {
    assertEquals(
        "gatehouse.yaml:1: invalid YAML: a key must be text, not a list or a mapping",
        problemsOf("? [a, b]\n: 1\n"));
  }

  @Test
  void refusesCustomTags() {
    assertEquals(
        "gatehouse.yaml:1: YAML tags ('!secret') are not supported; quote the value instead",
        problemsOf("password: !secret abc\n"));
  }

  @Test
  void refusesASecondDocument() {
    assertEquals(
        "gatehouse.yaml:3: a second YAML document starts here; a file holds exactly one document"
            + " (remove the extra '---')",
        problemsOf("a: 1\n---\nb: 2\n"));
  }

  @Test
  void acceptsOneDocumentWithExplicitMarkers() throws ConfigException {
    YamlNode.Mapping root = (YamlNode.Mapping) parse("---\na: 1\n...\n");

    assertEquals(2, root.entries().get("a").keyLocation().line());
  }

  @Test
  void reportsTabIndentationOnItsLine() {
    assertEquals(
        "gatehouse.yaml:2: invalid YAML: a tab character here; YAML indents with spaces only",
        problemsOf("a:\n\tb: 1\n"));
  }

  @Test
  void reportsBadIndentationOnItsLine() {
    assertEquals(
        "gatehouse.yaml:2: invalid YAML: mapping values are not allowed here",
        problemsOf("a: 1\n  b: 2\n"));
  }

  @Test
  void reportsAnUnclosedQuoteWithWhereItStarted() {
    assertEquals(
        "gatehouse.yaml:2: invalid YAML: found unexpected end of stream (while scanning a quoted"
            + " scalar started at line 1)",
        problemsOf("a: \"x\n"));
  }

  @Test
  void reportsControlCharactersWithTheirLine() {
    assertEquals(
        "gatehouse.yaml:2: invalid YAML: control character U+0001 is not allowed",
        problemsOf("a: 1\nb: x\u0001y\n"));
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "[".repeat(YamlReader.MAX_DEPTH + 1) + "]".repeat(YamlReader.MAX_DEPTH + 1);

    assertEquals(
        "gatehouse.yaml:1: nesting deeper than 64 levels is refused", problemsOf("a: " + deep));
  }

  @Test
  void acceptsNestingUpToTheLimit() throws ConfigException {
    String deep = "[".repeat(YamlReader.MAX_DEPTH) + "]".repeat(YamlReader.MAX_DEPTH);

    assertInstanceOf(YamlNode.Sequence.class, parse(deep));
  }

  @Test
  void refusesTextLargerThanTheLimit() {
    String big = "a: \"" + "x".repeat(YamlReader.MAX_BYTES) + "\"\n";

    assertEquals("gatehouse.yaml: file is larger than 1024 KiB", problemsOf(big));
  }

  @Test
  void refusesAFileLargerThanTheLimitWithoutReadingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.yaml");
    Files.write(file, new byte[YamlReader.MAX_BYTES + 1]);

    ConfigException thrown = assertThrows(ConfigException.class, () -> YamlReader.read(file));

    assertEquals(file + ": file is larger than 1024 KiB", thrown.getMessage());
  }

  @Test
  void reportsAMissingFileWithoutALine(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");

    ConfigException thrown = assertThrows(ConfigException.class, () -> YamlReader.read(file));

    assertEquals(file + ": file not found", thrown.getMessage());
  }

  @Test
  void refusesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "a: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    ConfigException thrown = assertThrows(ConfigException.class, () -> YamlReader.read(file));

    assertEquals(file + ": file is not UTF-8 text", thrown.getMessage());
  }

  @Test
  void readsAFileWithAByteOrderMark(@TempDir Path dir) throws IOException, ConfigException {
    Path file = dir.resolve("bom.yaml");
    Files.write(file, "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_8));

    YamlNode.Mapping root = (YamlNode.Mapping) YamlReader.read(file);

    assertEquals(file, root.location().file());
    assertEquals("1", ((YamlNode.Scalar) root.get("a")).text());
  }

  @Test
  void collectsSeveralStructuralProblemsInOneRun() {
    String problems = problemsOf("a: 1\na: 2\nb: &x 3\nc: *x\n");

    assertEquals(3, problems.lines().count());
    assertFalse(problems.contains("invalid YAML"));
  }

  private static YamlNode.Location loc(int line, int column) {
    return new YamlNode.Location(FILE, line, column);
  }
}
