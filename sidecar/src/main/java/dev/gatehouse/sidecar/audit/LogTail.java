package dev.gatehouse.sidecar.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * The end of a log file as the writer finds it when it starts (or restarts after a failed
 * write): the last complete record, and any torn final fragment after the last newline.
 *
 * <p>Only bytes after the last newline count as torn: each group commit writes whole lines in one
 * write, so a crash or a full disk can leave at most a prefix of a line behind. A complete last
 * line that does not verify is not crash damage but corruption or tampering, and the writer
 * refuses to continue from it.
 */
final class LogTail {
  /** Bytes we scan back for a line end before giving up; far above any record we write. */
  private static final long MAX_LINE_BYTES = 64L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  /** Offset just past the last newline: where complete records end. */
  final long cleanLength;
  /** The last complete line's record, or {@code null} if the file has no complete line. */
  final RecordLine last;
  /** Why the last complete line is not a valid record; {@code null} if it is (or there is none). */
  final String lastProblem;
  /** The bytes after the last newline; empty if the file ends cleanly. */
  final byte[] torn;

  private LogTail(long cleanLength, RecordLine last, String lastProblem, byte[] torn) {
    this.cleanLength = cleanLength;
    this.last = last;
    this.lastProblem = lastProblem;
    this.torn = torn;
  }

  boolean isTorn() {
    return torn.length > 0;
  }

  static LogTail read(FileChannel channel, HashChain hasher) throws IOException {
    long size = channel.size();
    long lastNewline = lastNewlineBefore(channel, size);
    long cleanLength = lastNewline + 1;
    if (size - cleanLength > MAX_LINE_BYTES) {
      throw new IOException("the final " + (size - cleanLength) + " bytes hold no line end");
    }
    byte[] torn = readRange(channel, cleanLength, size);
    if (lastNewline < 0) {
      return new LogTail(0, null, null, torn);
    }
    long lineStart = lastNewlineBefore(channel, lastNewline) + 1;
    byte[] line = readRange(channel, lineStart, lastNewline);
    try {
      RecordLine record = RecordLine.check(line, hasher);
      String problem =
          !record.hashMatches ? "its hash does not match its content"
              : !record.canonical ? "it is not in canonical form" : null;
      return new LogTail(cleanLength, problem == null ? record : null, problem, torn);
    } catch (RecordLine.MalformedRecordException e) {
      return new LogTail(cleanLength, null, e.getMessage(), torn);
    }
  }

  /** The 1-based line number the torn fragment starts on: complete lines before it, plus one. */
  long tornLineNumber(FileChannel channel) throws IOException {
    long lines = 0;
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long position = 0;
    while (position < cleanLength) {
      buffer.clear();
      buffer.limit((int) Math.min(CHUNK, cleanLength - position));
      int n = channel.read(buffer, position);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) == '\n') {
          lines++;
        }
      }
      position += n;
    }
    return lines + 1;
  }

  String tornSha256() {
    MessageDigest sha = HashChain.newDigest();
    return HashChain.hex(sha.digest(torn));
  }

  /** The offset of the last {@code '\n'} before {@code end}, or -1. */
  private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long position = end;
    long limit = Math.max(0, end - MAX_LINE_BYTES);
    while (position > limit) {
      int length = (int) Math.min(CHUNK, position - limit);
      long from = position - length;
      buffer.clear();
      buffer.limit(length);
      readFully(channel, buffer, from);
      for (int i = length - 1; i >= 0; i--) {
        if (buffer.get(i) == '\n') {
          return from + i;
        }
      }
      position = from;
    }
    if (limit > 0) {
      throw new IOException("no line end in the last " + MAX_LINE_BYTES + " bytes");
    }
    return -1;
  }

  private static byte[] readRange(FileChannel channel, long from, long to) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
    readFully(channel, buffer, from);
    return buffer.array();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("the file shrank while it was read");
      }
      at += n;
    }
  }
}
