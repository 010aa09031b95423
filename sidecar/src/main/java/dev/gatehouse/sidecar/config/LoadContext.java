package dev.gatehouse.sidecar.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/** What every part of one load shares: where problems go and what relative paths mean. */
public final class LoadContext {
  private final Problems problems = new Problems();
  private final Path baseDir;
  private final Substitution substitution;

  /**
   * @param source the configuration file; relative paths in it resolve against its folder (the
   *     working directory when {@code null})
   */
  LoadContext(Path source, Function<String, String> environment) {
    this.baseDir = baseDirOf(source);
    this.substitution = new Substitution(environment, baseDir);
  }

  private LoadContext(Path source) {
    this.baseDir = baseDirOf(source);
    this.substitution = null;
  }

  /**
   * A context for policy files: policy is code, reviewed like code, so {@code ${…}} is not
   * substituted there (a row filter's text stays exactly as written).
   */
  public static LoadContext withoutSubstitution(Path source) {
    return new LoadContext(source);
  }

  private static Path baseDirOf(Path source) {
    Path absolute = (source == null ? Path.of("") : source).toAbsolutePath().normalize();
    return source == null || absolute.getParent() == null ? absolute : absolute.getParent();
  }

  public Problems problems() {
    return problems;
  }

  Substitution substitution() {
    return substitution;
  }

  /** {@code written} against the configuration's folder; throws for text that is no path. */
  public Path resolve(String written) throws InvalidPathException {
    return baseDir.resolve(written).normalize();
  }
}
