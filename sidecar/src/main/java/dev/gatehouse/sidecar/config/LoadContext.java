package dev.gatehouse.sidecar.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/** What every part of one load shares: where problems go and what relative paths mean. */
final class LoadContext {
  private final Problems problems = new Problems();
  private final Path baseDir;
  private final Substitution substitution;

  /**
   * @param source the configuration file; relative paths in it resolve against its folder (the
   *     working directory when {@code null})
   */
  LoadContext(Path source, Function<String, String> environment) {
    Path absolute = (source == null ? Path.of("") : source).toAbsolutePath().normalize();
    this.baseDir = source == null || absolute.getParent() == null ? absolute : absolute.getParent();
    this.substitution = new Substitution(environment, baseDir);
  }

  Problems problems() {
    return problems;
  }

  Substitution substitution() {
    return substitution;
  }

  /** {@code written} against the configuration's folder; throws for text that is no path. */
  Path resolve(String written) throws InvalidPathException {
    return baseDir.resolve(written).normalize();
  }
}
