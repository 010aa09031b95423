package dev.gatehouse.sidecar.config;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed access to one mapping of the configuration. Each getter checks what it reads, records a
 * problem naming the key path when the value is wrong, and returns the fallback (or {@code
 * null}) so the load goes on and finds the next problem too.
 */
public final class MappingReader {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

  private final YamlNode.Mapping mapping;
  private final String path;
  private final Location where;
  private final LoadContext context;

  private MappingReader(
      YamlNode.Mapping mapping, String path, Location where, LoadContext context) {
    this.mapping = mapping;
    this.path = path;
    this.where = where;
    this.context = context;
  }

  /**
   * A reader over {@code node}, or {@code null} after recording a problem when it isn't a
   * mapping.
   *
   * @param where the line to blame for keys missing from this mapping: the key that introduces
   *     it, which is where a reader looks
   */
  public static MappingReader of(YamlNode node, String path, Location where, LoadContext context) {
    if (node instanceof YamlNode.Mapping) {
      return new MappingReader((YamlNode.Mapping) node, path, where, context);
    }
    context.problems().error(node.location(), path + ": expected a mapping, got " + describe(node));
    return null;
  }

  /** "a list", "a mapping", "nothing": how a wrong value is named in a message. */
  public static String describe(YamlNode node) {
    if (node instanceof YamlNode.Scalar && ((YamlNode.Scalar) node).text() == null) {
      return "nothing";
    }
    return node.describe();
  }

  public String path() {
    return path;
  }

  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public YamlNode.Mapping node() {
    return mapping;
  }

  public LoadContext context() {
    return context;
  }

  public Problems problems() {
    return context.problems();
  }

  /** Where {@code key} is written, or where this mapping is introduced when it is absent. */
  public Location locationOf(String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    return entry == null ? where : entry.keyLocation();
  }

  /** Records every key that is not one of {@code known}, suggesting the likely intended one. */
  public void allowOnly(String... known) {
    List<String> knownKeys = Arrays.asList(known);
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!knownKeys.contains(entry.key())) {
        String suggestion = KeySuggestion.closest(entry.key(), knownKeys);
        String hint =
            suggestion != null
                ? "did you mean '" + suggestion + "'?"
                : "expected one of " + String.join(", ", known);
        problems().error(entry.keyLocation(), pathOf(entry.key()) + ": unknown key; " + hint);
      }
    }
  }

  /** Whether {@code key} is written with a value (a key with nothing after it counts as absent). */
  public boolean has(String key) {
    return get(key) != null;
  }

  /** The value under {@code key}, or {@code null} when absent or empty. */
  public YamlNode get(String key) {
    YamlNode node = mapping.get(key);
    if (node instanceof YamlNode.Scalar && ((YamlNode.Scalar) node).text() == null) {
      return null;
    }
    return node;
  }

  /** Records that a required key is missing; returns {@code null} for the caller to pass on. */
  public <T> T missing(String key) {
    if (mapping.entries().containsKey(key)) {
      problems().error(locationOf(key), pathOf(key) + ": needs a value");
    } else {
      String owner = path.isEmpty() ? "the configuration" : path;
      problems().error(where, owner + ": missing required key '" + key + "'");
    }
    return null;
  }

  /** The scalar under {@code key} with {@code ${…}} resolved; {@code null} when absent or bad. */
  public ScalarValue text(String key) {
    YamlNode node = get(key);
    return node == null ? null : scalar(node, pathOf(key));
  }

  public ScalarValue requiredText(String key) {
    return has(key) ? text(key) : missing(key);
  }

  public String string(String key, String fallback) {
    ScalarValue value = text(key);
    return value == null ? fallback : value.text();
  }

  /** Reads one scalar node (a mapping value or a list item) as text. */
  public ScalarValue scalar(YamlNode node, String keyPath) {
    if (!(node instanceof YamlNode.Scalar) || ((YamlNode.Scalar) node).text() == null) {
      problems()
          .error(node.location(), keyPath + ": expected a single value, got " + describe(node));
      return null;
    }
    String written = ((YamlNode.Scalar) node).text();
    if (context.substitution() == null) {
      return new ScalarValue(written, written, false, node.location());
    }
    return context.substitution().resolve(written, node.location(), keyPath, problems());
  }

  /**
   * A duration ({@link DurationSyntax}).
   *
   * @param zeroAllowed whether {@code 0s} makes sense here; negative never does
   */
  public Duration duration(String key, Duration fallback, boolean zeroAllowed) {
    return duration(key, fallback, zeroAllowed, null);
  }

  /** A duration no longer than {@code max} ({@code null}: no upper bound). */
  public Duration duration(String key, Duration fallback, boolean zeroAllowed, Duration max) {
    ScalarValue value = text(key);
    if (value == null) {
      return fallback;
    }
    Duration duration;
    try {
      duration = DurationSyntax.parse(value.text());
    } catch (IllegalArgumentException e) {
      return invalid(value, key, "expected " + e.getMessage() + ", got " + value.shown(), fallback);
    }
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      String bound = zeroAllowed ? "must not be negative" : "must be longer than zero";
      return invalid(value, key, bound + ", got " + value.shown(), fallback);
    }
    if (max != null && duration.compareTo(max) > 0) {
      String bound = "must be at most " + DurationSyntax.format(max);
      return invalid(value, key, bound + ", got " + value.shown(), fallback);
    }
    return duration;
  }

  /** A whole number within {@code [min, max]}. */
  public int integer(String key, int fallback, int min, int max) {
    ScalarValue value = text(key);
    if (value == null) {
      return fallback;
    }
    if (!WHOLE_NUMBER.matcher(value.text()).matches()) {
      return invalid(value, key, "expected a whole number, got " + value.shown(), fallback);
    }
    long number = Long.parseLong(value.text());
    if (number < min || number > max) {
      return invalid(
          value,
          key,
          "must be between " + min + " and " + max + ", got " + value.shown(),
          fallback);
    }
    return (int) number;
  }

  /** {@code true} or {@code false}; YAML 1.1's {@code yes}/{@code on} are refused as ambiguous. */
  public boolean bool(String key, boolean fallback) {
    ScalarValue value = text(key);
    if (value == null) {
      return fallback;
    }
    switch (value.text().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        return invalid(value, key, "expected true or false, got " + value.shown(), fallback);
    }
  }

  /** One of the enum's constants, written in lower case ({@code fsync}, {@code write}). */
  public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
    ScalarValue value = text(key);
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.text())) {
        return constant;
      }
    }
    String names =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    return invalid(value, key, "expected one of " + names + ", got " + value.shown(), fallback);
  }

  /** A path resolved against the configuration's folder; need not exist. */
  public Path path(String key, Path fallback) {
    ScalarValue value = text(key);
    return value == null ? fallback : toPath(value, pathOf(key));
  }

  /** A readable file, resolved against the configuration's folder. */
  public Path existingFile(String key) {
    ScalarValue value = text(key);
    return value == null ? null : existingFile(value, pathOf(key));
  }

  public Path existingFile(ScalarValue value, String keyPath) {
    Path file = toPath(value, keyPath);
    if (file == null) {
      return null;
    }
    String problem =
        !Files.exists(file)
            ? "not found"
            : !Files.isRegularFile(file)
                ? "is not a file"
                : !Files.isReadable(file) ? "is not readable" : null;
    if (problem != null) {
      problems()
          .error(
              value.location(),
              keyPath + ": " + value.shown() + " " + problem + " (looked at " + file + ")");
      return null;
    }
    return file;
  }

  private Path toPath(ScalarValue value, String keyPath) {
    try {
      return context.resolve(value.text());
    } catch (InvalidPathException e) {
      problems().error(value.location(), keyPath + ": " + value.shown() + " is not a valid path");
      return null;
    }
  }

  /** An absolute {@code http} or {@code https} URL. */
  public URI url(String key) {
    ScalarValue value = text(key);
    return value == null ? null : url(value, pathOf(key));
  }

  public URI url(ScalarValue value, String keyPath) {
    try {
      URI uri = new URI(value.text());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (Set.of("http", "https").contains(scheme) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, in the same words as any other non-URL
    }
    problems()
        .error(value.location(), keyPath + ": expected an http or https URL, got " + value.shown());
    return null;
  }

  /** The list under {@code key}, or {@code null} (absent, or recorded as not a list). */
  public YamlNode.Sequence list(String key) {
    YamlNode node = get(key);
    if (node == null) {
      return null;
    }
    if (!(node instanceof YamlNode.Sequence)) {
      problems().error(node.location(), pathOf(key) + ": expected a list, got " + describe(node));
      return null;
    }
    return (YamlNode.Sequence) node;
  }

  /** A list of single values; bad items are recorded and left out. */
  public List<ScalarValue> textList(String key) {
    YamlNode.Sequence list = list(key);
    return list == null ? new ArrayList<>() : textItems(list, pathOf(key));
  }

  /** The items of {@code list} as single values; bad items are recorded and left out. */
  public List<ScalarValue> textItems(YamlNode.Sequence list, String keyPath) {
    List<ScalarValue> values = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      ScalarValue value = scalar(list.items().get(i), keyPath + "[" + i + "]");
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  /** The mapping under {@code key} as a reader, or {@code null} when absent or not a mapping. */
  public MappingReader mapping(String key) {
    YamlNode node = get(key);
    return node == null ? null : of(node, pathOf(key), locationOf(key), context);
  }

  /** Records {@code message} against {@code key}'s value and hands back the fallback. */
  public <T> T invalid(ScalarValue value, String key, String message, T fallback) {
    problems().error(value.location(), pathOf(key) + ": " + message);
    return fallback;
  }
}
