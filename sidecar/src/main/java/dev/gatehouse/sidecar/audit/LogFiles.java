package dev.gatehouse.sidecar.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a log's files live. The active file is the configured path ({@code gatehouse.jsonl});
 * rotated files get a six-digit number before the extension ({@code gatehouse.000001.jsonl}), so
 * a shell glob {@code gatehouse*.jsonl} lists them oldest first and the active file last, which
 * is the order {@code audit verify} wants. The head sits beside the active file ({@code
 * gatehouse.jsonl.head}) and is never renamed.
 */
final class LogFiles {
  final Path active;
  final Path head;
  final Path directory;
  private final String stem;
  private final String extension;
  private final Pattern rotatedName;

  LogFiles(Path active) {
    this.active = active.toAbsolutePath().normalize();
    this.directory = this.active.getParent();
    String name = this.active.getFileName().toString();
    this.head = directory.resolve(name + ".head");
    int dot = name.lastIndexOf('.');
    this.stem = dot > 0 ? name.substring(0, dot) : name;
    this.extension = dot > 0 ? name.substring(dot) : "";
    this.rotatedName =
        Pattern.compile(Pattern.quote(stem) + "\\.(\\d{6,})" + Pattern.quote(extension));
  }

  /** The head file that belongs beside a log file named {@code file}. */
  static Path headOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".head");
  }

  String activeName() {
    return active.getFileName().toString();
  }

  Path rotated(long number) {
    return directory.resolve(String.format("%s.%06d%s", stem, number, extension));
  }

  /** Rotated files, oldest first. */
  List<Path> rotatedFiles() throws IOException {
    return new ArrayList<>(numberedRotatedFiles().values());
  }

  long nextRotationNumber() throws IOException {
    TreeMap<Long, Path> numbered = numberedRotatedFiles();
    return numbered.isEmpty() ? 1 : numbered.lastKey() + 1;
  }

  private TreeMap<Long, Path> numberedRotatedFiles() throws IOException {
    TreeMap<Long, Path> numbered = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return numbered;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        Matcher m = rotatedName.matcher(entry.getFileName().toString());
        if (m.matches() && m.group(1).length() <= 18) {
          numbered.put(Long.parseLong(m.group(1)), entry);
        }
      }
    }
    return numbered;
  }

  /** All files of the log in chain order: rotated files, then the active one if it exists. */
  List<Path> allInOrder() throws IOException {
    List<Path> all = rotatedFiles();
    if (Files.exists(active)) {
      all.add(active);
    }
    return all;
  }

  /** Makes a new or renamed directory entry durable (fsync mode). */
  void forceDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
