package dev.gatehouse.sidecar.config;

/**
 * A scalar read from the configuration, after {@code ${…}} substitution.
 *
 * @param text the value to use
 * @param written the value as written in the file, references unresolved
 * @param referenced whether any {@code ${env:…}} or {@code ${file:…}} was resolved into {@code
 *     text}; such a value may be a secret and is shown in messages as {@code written}
 * @param location where it was written
 */
public record ScalarValue(String text, String written, boolean referenced, YamlNode.Location location) {

  /** The value as a message may show it: quoted, and never what a reference resolved to. */
  public String shown() {
    return "'" + (referenced ? written : text) + "'";
  }
}
