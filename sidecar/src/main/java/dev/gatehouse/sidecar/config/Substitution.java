package dev.gatehouse.sidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} in configuration values at load time, so
 * that credentials need not be written into the file (SPEC §4). {@code $${} writes a literal
 * {@code ${}.
 *
 * <p>Messages name the variable or the file, never the value it held or any part of the text
 * around the reference (which may be a password written in clear).
 */
final class Substitution {
  /** A secret file bigger than this is almost certainly the wrong file. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String FORMS =
      "a reference must be ${env:NAME} or ${file:PATH} (write $${ for a literal '${')";

  private final Function<String, String> environment;
  private final Path baseDir;

  Substitution(Function<String, String> environment, Path baseDir) {
    this.environment = environment;
    this.baseDir = baseDir;
  }

  /** The scalar with its references resolved, or {@code null} after recording why not. */
  ScalarValue resolve(String written, YamlNode.Location location, String key, Problems problems) {
    if (!written.contains("${")) {
      return new ScalarValue(written, written, false, location);
    }
    StringBuilder text = new StringBuilder();
    boolean referenced = false;
    boolean failed = false;
    int i = 0;
    while (i < written.length()) {
      if (written.startsWith("$${", i)) {
        text.append("${");
        i += 3;
      } else if (written.startsWith("${", i)) {
        int close = written.indexOf('}', i + 2);
        if (close < 0) {
          problems.error(location, key + ": unclosed '${'; " + FORMS);
          return null;
        }
        String resolved =
            resolveReference(written.substring(i + 2, close), location, key, problems);
        failed |= resolved == null;
        text.append(resolved == null ? "" : resolved);
        referenced = true;
        i = close + 1;
      } else {
        text.append(written.charAt(i));
        i++;
      }
    }
    return failed ? null : new ScalarValue(text.toString(), written, referenced, location);
  }

  private String resolveReference(
      String reference, YamlNode.Location location, String key, Problems problems) {
    if (reference.startsWith("env:")) {
      return fromEnvironment(reference.substring(4), location, key, problems);
    }
    if (reference.startsWith("file:") && reference.length() > 5) {
      return fromFile(reference.substring(5), location, key, problems);
    }
    problems.error(location, key + ": " + FORMS);
    return null;
  }

  private String fromEnvironment(
      String name, YamlNode.Location location, String key, Problems problems) {
    if (!ENV_NAME.matcher(name).matches()) {
      problems.error(
          location,
          key
              + ": ${env:…} needs a variable name of letters, digits and '_' (not starting with"
              + " a digit)");
      return null;
    }
    String value = environment.apply(name);
    if (value == null) {
      problems.error(location, key + ": environment variable " + name + " is not set");
    }
    return value;
  }

  private String fromFile(
      String written, YamlNode.Location location, String key, Problems problems) {
    String prefix = key + ": ${file:" + written + "}: ";
    Path file;
    try {
      file = baseDir.resolve(written).normalize();
    } catch (InvalidPathException e) {
      problems.error(location, prefix + "not a valid path");
      return null;
    }
    try {
      if (!Files.isRegularFile(file)) {
        problems.error(location, prefix + "file " + file + " not found");
        return null;
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.error(location, prefix + "file " + file + " is larger than 64 KiB");
        return null;
      }
      String content = YamlReader.decodeUtf8(Files.readAllBytes(file), location);
      return withoutTrailingNewline(content);
    } catch (ConfigException e) {
      problems.error(location, prefix + "file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      problems.error(location, prefix + "file " + file + " cannot be read (" + reason(e) + ")");
    }
    return null;
  }

  /** Secret files usually end with the newline an editor or {@code echo} added; it isn't part. */
  private static String withoutTrailingNewline(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException
        ? "permission denied"
        : e.getClass().getSimpleName();
  }
}
