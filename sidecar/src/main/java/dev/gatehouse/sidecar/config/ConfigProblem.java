package dev.gatehouse.sidecar.config;

import java.util.Objects;

/**
 * One thing wrong (or, as a warning, worth a second look) in a configuration or policy file,
 * pinned to where it was written. Prints as {@code file:line: message}, the shape editors and
 * CI logs turn into links.
 *
 * <p>Messages are written for people and never contain a secret: a value that came from {@code
 * ${env:…}} or {@code ${file:…}} is shown as the reference, not as what it resolved to.
 *
 * @param location where the problem is; a line of 0 or less means the file as a whole
 * @param message a plain sentence, usually starting with the key path, e.g. {@code
 *     audit.durability: expected one of fsync, write, got 'sometimes'}
 */
public record ConfigProblem(YamlNode.Location location, String message) {

  public ConfigProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    if (location.line() <= 0) {
      return (location.file() == null ? "<inline>" : location.file().toString()) + ": " + message;
    }
    return location + ": " + message;
  }
}
