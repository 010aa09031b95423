package dev.gatehouse.sidecar.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a log file line by line as bytes (records are hashed as bytes, so they are never decoded
 * and re-encoded on the way). Knows whether the final line ended with a newline.
 */
final class LogLines implements Closeable {
  /** A line longer than this is not something the writer produced. */
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private final ByteBuilder line = new ByteBuilder(4096);
  private long number;
  private boolean terminated;

  LogLines(Path file) throws IOException {
    this.in = Files.newInputStream(file);
  }

  /** The next line without its newline, or {@code null} at the end of the file. */
  byte[] next() throws IOException {
    line.clear();
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      line.append(buffer, start, position - start);
      if (line.length() > MAX_LINE_BYTES) {
        throw new IOException("line " + (number + 1) + " is longer than " + MAX_LINE_BYTES
            + " bytes; this is not an audit log");
      }
      if (position < limit) {
        position++; // the newline
        number++;
        terminated = true;
        return line.toByteArray();
      }
    }
    if (line.length() == 0) {
      return null;
    }
    number++;
    terminated = false;
    return line.toByteArray();
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  /** The 1-based number of the line {@link #next} returned last. */
  long number() {
    return number;
  }

  /** Whether the line {@link #next} returned last ended with a newline. */
  boolean terminated() {
    return terminated;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
