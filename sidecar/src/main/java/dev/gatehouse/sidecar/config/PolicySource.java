package dev.gatehouse.sidecar.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the policy comes from: policy files (reloaded when they change), or a block written
 * inline under {@code policy:} in the main configuration. The policy package parses either.
 *
 * @param files policy files, resolved against the configuration file's folder
 * @param inline the inline policy block, or {@code null} when files are used
 */
public record PolicySource(List<Path> files, YamlNode inline) {
  public PolicySource {
    files = List.copyOf(files);
  }
}
