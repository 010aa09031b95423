package dev.gatehouse.sidecar.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document into a {@link YamlNode} tree that knows the line and column of every
 * node and key, for configuration and policy files alike.
 *
 * <p>It accepts a deliberately small YAML: one document, text keys written once, no anchors,
 * aliases, merge keys ({@code <<}) or custom tags. Those features let a value written in one
 * place silently change another, which in a security configuration hides what a reviewer
 * needs to see; nothing in Gatehouse needs them. Input is bounded ({@link #MAX_BYTES}, {@link
 * #MAX_DEPTH}) because a policy file can come from less trusted hands than the sidecar itself.
 *
 * <p>Scalars are kept as text; the reader of the tree decides what they mean, so {@code on},
 * {@code yes} and {@code 010} are never silently turned into something else.
 */
public final class YamlReader {
  /** Largest file accepted: far beyond any real configuration, small enough to hold in memory. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** Deepest nesting of mappings and lists accepted. */
  public static final int MAX_DEPTH = 64;

  private static final Set<String> NULL_WORDS = Set.of("~", "null", "Null", "NULL");
  private static final Resolver KEY_TYPES = new Resolver();

  private final Path file;
  private final LocatingParser parser;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private YamlReader(Path file, LocatingParser parser) {
    this.file = file;
    this.parser = parser;
  }

  /**
   * Reads a YAML file.
   *
   * @return the document's root; a null {@link YamlNode.Scalar} at line 1 when the file holds no
   *     document (empty or only comments)
   * @throws ConfigException with every problem found, each with the file and line
   */
  public static YamlNode read(Path file) throws ConfigException {
    return parse(readText(file), file);
  }

  /**
   * Parses YAML text.
   *
   * @param text the YAML
   * @param file the name to print in locations (need not exist), or {@code null} for {@code
   *     <inline>}
   */
  public static YamlNode parse(String text, Path file) throws ConfigException {
    if (text.length() > MAX_BYTES) {
      throw new ConfigException(
          new Location(file, 0, 0), "file is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    try (LocatingParser parser = LocatingParser.over(text)) {
      return new YamlReader(file, parser).readDocument();
    } catch (IOException e) {
      throw new ConfigException(syntaxLocation(e, text, file), syntaxMessage(e));
    }
  }

  private static String readText(Path file) throws ConfigException {
    Location whole = new Location(file, 0, 0);
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException(whole, "is a folder, not a file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new ConfigException(whole, "file is larger than " + MAX_BYTES / 1024 + " KiB");
      }
      return decodeUtf8(Files.readAllBytes(file), whole);
    } catch (NoSuchFileException e) {
      throw new ConfigException(whole, "file not found");
    } catch (AccessDeniedException e) {
      throw new ConfigException(whole, "file is not readable (permission denied)");
    } catch (IOException e) {
      throw new ConfigException(whole, "cannot read file: " + e.getMessage());
    }
  }

  /** Decodes strictly: a file that is not UTF-8 is refused rather than read as mojibake. */
  static String decodeUtf8(byte[] bytes, Location whole) throws ConfigException {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ConfigException(whole, "file is not UTF-8 text");
    }
  }

  private YamlNode readDocument() throws IOException, ConfigException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return new YamlNode.Scalar(null, false, new Location(file, 1, 1));
    }
    YamlNode root = readValue(token, 1);
    JsonToken extra = parser.nextToken();
    if (extra != null) {
      problems.add(
          new ConfigProblem(
              here(),
              "a second YAML document starts here; a file holds exactly one document"
                  + " (remove the extra '---')"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return root;
  }

  private YamlNode readValue(JsonToken token, int depth) throws IOException, ConfigException {
    Location location = here();
    if (depth > MAX_DEPTH) {
      problems.add(
          new ConfigProblem(location, "nesting deeper than " + MAX_DEPTH + " levels is refused"));
      throw new ConfigException(problems);
    }
    if (parser.isCurrentAlias()) {
      problems.add(new ConfigProblem(location, aliasMessage(parser.lastEvent())));
      return new YamlNode.Scalar(null, false, location);
    }
    checkNodeProperties(parser.lastEvent(), location);
    switch (token) {
      case START_OBJECT:
        return readMapping(location, depth);
      case START_ARRAY:
        return readSequence(location, depth);
      default:
        Event event = parser.lastEvent();
        return event instanceof ScalarEvent
            ? scalar((ScalarEvent) event, location)
            : new YamlNode.Scalar(null, false, location);
    }
  }

  private YamlNode.Mapping readMapping(Location location, int depth)
      throws IOException, ConfigException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      Location keyLocation = here();
      ScalarEvent keyEvent = (ScalarEvent) parser.lastEvent();
      String key = keyEvent.getValue();
      checkKey(keyEvent, keyLocation);
      YamlNode value = readValue(parser.nextToken(), depth + 1);
      YamlNode.Entry earlier = entries.get(key);
      if (earlier != null) {
        problems.add(
            new ConfigProblem(
                keyLocation,
                "duplicate key '"
                    + key
                    + "' (first written at line "
                    + earlier.keyLocation().line()
                    + "); a key may appear once in a mapping"));
      } else {
        entries.put(key, new YamlNode.Entry(key, keyLocation, value));
      }
    }
    expectEnd(token, JsonToken.END_OBJECT);
    return new YamlNode.Mapping(entries, location);
  }

  private YamlNode.Sequence readSequence(Location location, int depth)
      throws IOException, ConfigException {
    List<YamlNode> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      items.add(readValue(token, depth + 1));
    }
    expectEnd(token, JsonToken.END_ARRAY);
    return new YamlNode.Sequence(items, location);
  }

  private void expectEnd(JsonToken actual, JsonToken expected) throws ConfigException {
    if (actual != expected) {
      // The parser reports unbalanced input itself; this only guards against a surprise.
      problems.add(new ConfigProblem(here(), "unexpected end of the YAML document"));
      throw new ConfigException(problems);
    }
  }

  private YamlNode.Scalar scalar(ScalarEvent event, Location location) {
    boolean plain = event.isPlain() && event.getTag() == null;
    String text = event.getValue();
    if (plain && (text.isEmpty() || NULL_WORDS.contains(text))) {
      return new YamlNode.Scalar(null, false, location);
    }
    return new YamlNode.Scalar(text, !plain, location);
  }

  /** Keys are text, written plainly or quoted; anything YAML would read as another type is not. */
  private void checkKey(ScalarEvent key, Location location) {
    checkNodeProperties(key, location);
    if (!key.isPlain()) {
      return;
    }
    String text = key.getValue();
    if (text.equals("<<")) {
      problems.add(
          new ConfigProblem(
              location,
              "merge keys ('<<') are not supported: they pull in values written elsewhere,"
                  + " which hides what applies here; write the keys out"));
      return;
    }
    Tag type = KEY_TYPES.resolve(NodeId.scalar, text, true);
    if (!Tag.STR.equals(type)) {
      String shown = text.isEmpty() ? "an empty key" : "key '" + text + "'";
      problems.add(
          new ConfigProblem(
              location,
              shown
                  + " is not text (YAML reads it as "
                  + typeName(type)
                  + "); keys must be text, quote it if you mean the text"));
    }
  }

  /** Refuses anchors ({@code &name}) and tags ({@code !tag}) on any node. */
  private void checkNodeProperties(Event event, Location location) {
    if (event instanceof NodeEvent && ((NodeEvent) event).getAnchor() != null) {
      problems.add(
          new ConfigProblem(
              location,
              "anchors ('&"
                  + ((NodeEvent) event).getAnchor()
                  + "') are not supported: a value reused by reference hides what applies where;"
                  + " write the value out"));
    }
    String tag = tagOf(event);
    if (tag != null && !isHarmlessTag(tag, event)) {
      problems.add(
          new ConfigProblem(
              location, "YAML tags ('" + tag + "') are not supported; quote the value instead"));
    }
  }

  private static String tagOf(Event event) {
    if (event instanceof ScalarEvent) {
      return ((ScalarEvent) event).getTag();
    }
    if (event instanceof org.yaml.snakeyaml.events.CollectionStartEvent) {
      return ((org.yaml.snakeyaml.events.CollectionStartEvent) event).getTag();
    }
    return null;
  }

  /** {@code !!str} (and the non-specific {@code !}) only say "this is text", which it is anyway. */
  private static boolean isHarmlessTag(String tag, Event event) {
    if (event instanceof ScalarEvent) {
      return tag.equals("!") || tag.equals(Tag.STR.getValue());
    }
    return tag.equals(Tag.MAP.getValue()) || tag.equals(Tag.SEQ.getValue());
  }

  private static String aliasMessage(Event event) {
    String name = event instanceof NodeEvent ? ((NodeEvent) event).getAnchor() : "";
    return "aliases ('*"
        + name
        + "') are not supported: a value reused by reference hides what applies where;"
        + " write the value out";
  }

  private static String typeName(Tag type) {
    if (Tag.NULL.equals(type)) {
      return "null";
    }
    if (Tag.BOOL.equals(type)) {
      return "a boolean";
    }
    if (Tag.INT.equals(type) || Tag.FLOAT.equals(type)) {
      return "a number";
    }
    return "a " + type.getValue().replace(Tag.PREFIX, "");
  }

  private Location here() {
    JsonLocation at = parser.currentTokenLocation();
    return new Location(file, at.getLineNr(), at.getColumnNr());
  }

  private static Location syntaxLocation(IOException e, String text, Path file) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException) {
        Mark mark = ((MarkedYAMLException) cause).getProblemMark();
        if (mark != null) {
          return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
        }
      }
      if (cause instanceof ReaderException) {
        return locationOfOffset(text, ((ReaderException) cause).getPosition(), file);
      }
    }
    if (e instanceof JsonProcessingException
        && ((JsonProcessingException) e).getLocation() != null) {
      JsonLocation at = ((JsonProcessingException) e).getLocation();
      return new Location(file, at.getLineNr(), at.getColumnNr());
    }
    return new Location(file, 0, 0);
  }

  private static Location locationOfOffset(String text, int offset, Path file) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(file, line, offset - lineStart + 1);
  }

  private static String syntaxMessage(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException) {
        String problem = ((MarkedYAMLException) cause).getProblem();
        if (problem != null && problem.contains("\\t(TAB)")) {
          return "invalid YAML: a tab character here; YAML indents with spaces only";
        }
        return "invalid YAML: " + problem + contextOf((MarkedYAMLException) cause);
      }
      if (cause instanceof ReaderException) {
        return "invalid YAML: control character U+"
            + String.format("%04X", ((ReaderException) cause).getCodePoint())
            + " is not allowed";
      }
    }
    String message =
        e instanceof JsonProcessingException
            ? ((JsonProcessingException) e).getOriginalMessage()
            : null;
    if (message != null && message.startsWith("Expected a field name")) {
      return "invalid YAML: a key must be text, not a list or a mapping";
    }
    // Jackson's own messages can quote the parser event, value included, and the value may be a
    // password: say where, not what.
    return "invalid YAML: the parser could not read what is written here";
  }

  /** " (while parsing a flow mapping started at line 6)": where the unfinished thing began. */
  private static String contextOf(MarkedYAMLException e) {
    if (e.getContext() == null) {
      return "";
    }
    Mark mark = e.getContextMark();
    String line = mark == null ? "" : " started at line " + (mark.getLine() + 1);
    return " (" + e.getContext() + line + ")";
  }

  /**
   * Jackson's streaming YAML parser, opened up just enough to see the YAML event behind each
   * token: its anchor, tag and quoting, which Jackson's tokens don't carry.
   */
  private static final class LocatingParser extends YAMLParser {
    LocatingParser(
        IOContext context,
        int parserFeatures,
        int yamlFeatures,
        LoaderOptions options,
        ObjectCodec codec,
        Reader reader) {
      super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    static LocatingParser over(String text) throws IOException {
      return (LocatingParser) Factory.INSTANCE.createParser(new StringReader(text));
    }

    Event lastEvent() {
      return _lastEvent;
    }
  }

  /** Makes {@link LocatingParser}s; the reader's own limit backs up {@link #MAX_BYTES}. */
  private static final class Factory extends YAMLFactory {
    private static final long serialVersionUID = 1L;
    static final Factory INSTANCE = new Factory();

    private Factory() {
      super(YAMLFactory.builder().loaderOptions(loaderOptions()));
    }

    private static LoaderOptions loaderOptions() {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(MAX_BYTES + 1);
      return options;
    }

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) {
      return new LocatingParser(
          context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
    }
  }
}
