package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * The active log file, its locked head and the running end of the chain: everything one group
 * commit does to the disk. Not thread-safe; {@link AuditWriter} lets one leader at a time in.
 *
 * <p>Failure model: any error while writing a batch fails the whole batch with {@link
 * AuditUnavailableException}, rolls the chain back and closes the file. The next batch first
 * reopens the same file (it must still be the same inode: a removed or replaced log is never
 * silently restarted), removes any torn fragment the failed write left, records a {@code
 * log_recovered} event, and carries on. Records of a failed batch that did reach the disk stay
 * there; the log may hold a record of a statement whose caller was told it failed, never the
 * reverse.
 *
 * <p>The channels are used by whichever appending thread leads a batch. An interrupt that reaches
 * that thread during a channel operation closes the channel ({@code ClosedByInterruptException})
 * and, for the head, drops its lock. {@link AuditWriter} clears the flag before a batch, so this
 * is rare, but it is survivable: the batch fails as above and the next one reopens both files and
 * takes the head lock again, or fails closed if another writer got it in between.
 */
final class AuditFile {
  private final LogFiles files;
  private final boolean fsync;
  private final long maxFileBytes;
  private final PrintStream stdout;
  private final HashChain chain;
  private final int headSize;
  private final ByteBuilder batchBytes = new ByteBuilder(64 * 1024);
  private FileChannel headChannel;
  private FileLock headLock;
  private FileChannel channel; // null after a failed batch, until reopened
  private Object fileKey;
  private long size;
  private long seqBeforeActiveFile; // the chain's seq when the active file was empty, else -1
  private boolean stdoutBroken;

  private AuditFile(AuditConfig config, PrintStream stdout, LogFiles files,
      FileChannel headChannel, FileLock headLock) {
    this.files = files;
    this.fsync = config.durability() != AuditConfig.Durability.WRITE;
    this.maxFileBytes = config.maxFileBytes();
    this.stdout = stdout;
    this.headChannel = headChannel;
    this.headLock = headLock;
    this.headSize = ChainHead.sizeFor(files.activeName());
    this.chain = HashChain.genesis();
  }

  /**
   * Opens (or creates) the log at {@code config.path()} and continues the chain of the files
   * already there; {@code stdout} is the second sink, or {@code null}.
   */
  static AuditFile open(AuditConfig config, PrintStream stdout) {
    Objects.requireNonNull(config.path(), "audit.path");
    LogFiles files = new LogFiles(config.path());
    FileChannel headChannel = null;
    try {
      Files.createDirectories(files.directory);
      headChannel = openHead(files);
      FileLock lock = lockOrFail(headChannel, files);
      ChainHead head = readHead(headChannel, files.head);
      AuditFile file = new AuditFile(config, stdout, files, headChannel, lock);
      try {
        file.start(head);
      } catch (IOException | RuntimeException e) {
        closeQuietly(file.channel);
        throw e;
      }
      return file;
    } catch (IOException | RuntimeException e) {
      closeQuietly(headChannel);
      if (e instanceof AuditUnavailableException unavailable) {
        throw unavailable;
      }
      throw new AuditUnavailableException(
          "cannot open the audit log " + files.active + ": " + describe(e), e);
    }
  }

  Path path() {
    return files.active;
  }

  /**
   * Seals {@code records} into the chain in their order, writes them with one write, forces them
   * (fsync mode), updates the head and copies them to the stdout sink. They get consecutive seqs.
   *
   * @return the seq of the first record
   * @throws AuditUnavailableException if the batch could not be written; none of it counts
   */
  long append(List<PreparedRecord> records) {
    long seqBefore = chain.lastSeq();
    String hashBefore = chain.lastHash();
    try {
      ensureWritable();
      batchBytes.clear();
      for (PreparedRecord record : records) {
        chain.seal(record, batchBytes);
      }
      writeAndForce();
      writeHead();
    } catch (IOException | RuntimeException e) {
      chain.reset(seqBefore, hashBefore);
      closeQuietly(channel);
      channel = null;
      throw e instanceof AuditUnavailableException u ? u
          : new AuditUnavailableException(
              "cannot write the audit log " + files.active + ": " + describe(e), e);
    }
    copyToStdout();
    return chain.lastSeq() - records.size() + 1;
  }

  /** Forces what was written, updates the head and releases both files. */
  void close() throws IOException {
    try {
      if (channel != null) {
        channel.force(true);
        writeHead();
      }
    } finally {
      abandon();
    }
  }

  /** Releases both files without writing anything more (after an Error). */
  void abandon() {
    closeQuietly(channel);
    channel = null;
    if (headLock != null) {
      try {
        headLock.release();
      } catch (IOException | RuntimeException ignored) {
        // closing the channel releases the lock as well
      }
    }
    closeQuietly(headChannel);
  }

  /** For tests: the channels an interrupt could close. */
  FileChannel dataChannelForTest() {
    return channel;
  }

  FileChannel headChannelForTest() {
    return headChannel;
  }

  // ---- start: continue the chain of the files already there ----

  private void start(ChainHead head) throws IOException {
    boolean activeHasContent = Files.exists(files.active) && Files.size(files.active) > 0;
    if (activeHasContent) {
      channel = FileChannel.open(files.active, StandardOpenOption.READ, StandardOpenOption.WRITE);
      LogTail tail = LogTail.read(channel, chain);
      if (tail.last != null) {
        chain.reset(tail.last.seq, tail.last.hash);
      } else if (tail.lastProblem != null) {
        throw lastRecordDoesNotVerify(files.active, tail.lastProblem);
      } else {
        continueFromRotatedFiles();
      }
      checkAgainstHead(head, files.active);
      adoptActiveFile();
      if (tail.isTorn()) {
        recoverTornTail(tail);
      }
    } else {
      continueFromRotatedFiles();
      checkAgainstHead(head, files.active);
      channel = FileChannel.open(files.active, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      if (fsync) {
        files.forceDirectory();
      }
      adoptActiveFile();
    }
  }

  /** The active file is missing or empty: the chain goes on from the newest rotated file. */
  private void continueFromRotatedFiles() throws IOException {
    List<Path> rotated = files.rotatedFiles();
    if (rotated.isEmpty()) {
      return; // a new log: genesis
    }
    Path newest = rotated.get(rotated.size() - 1);
    try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.READ)) {
      LogTail tail = LogTail.read(ch, chain);
      if (tail.last == null || tail.isTorn()) {
        throw lastRecordDoesNotVerify(
            newest, tail.isTorn() ? "it ends in a torn line" : tail.lastProblem);
      }
      chain.reset(tail.last.seq, tail.last.hash);
    }
  }

  /**
   * A head ahead of the log means records were cut off the end (or lost to a power failure with
   * {@code durability: write}); continuing would hide that, so we refuse and let a person decide.
   */
  private void checkAgainstHead(ChainHead head, Path file) {
    if (head == null) {
      return;
    }
    if (head.seq() > chain.lastSeq()) {
      throw new AuditUnavailableException(String.format(
          "audit log %s ends at seq %d but its head %s records seq %d: the newest records were "
              + "deleted or lost. Run 'audit verify'; to start anyway, move the head file aside.",
          file, chain.lastSeq(), files.head, head.seq()));
    }
    if (head.seq() == chain.lastSeq() && !head.hash().equals(chain.lastHash())) {
      throw new AuditUnavailableException(String.format(
          "audit log %s ends at seq %d with a hash other than the one its head %s records: the "
              + "log was altered. Run 'audit verify'.",
          file, chain.lastSeq(), files.head));
    }
  }

  private static AuditUnavailableException lastRecordDoesNotVerify(Path file, String why) {
    return new AuditUnavailableException(String.format(
        "cannot continue the audit log %s: its last complete line is not a valid record (%s). "
            + "Run 'audit verify %s'; move the file aside to start a new log.",
        file, why, file));
  }

  private void adoptActiveFile() throws IOException {
    size = channel.size();
    seqBeforeActiveFile = size == 0 ? chain.lastSeq() : -1;
    channel.position(size);
    fileKey = Files.readAttributes(files.active, BasicFileAttributes.class).fileKey();
  }

  /**
   * Removes the torn fragment a crash left after the last complete line and records that it did,
   * so the damage is visible in the chain instead of silently papered over. The fragment was
   * never acknowledged: an append returns only after its whole line is written.
   */
  private void recoverTornTail(LogTail tail) throws IOException {
    long line = tail.tornLineNumber(channel);
    AuditEvent recovered = AuditEvent.builder(AuditEvent.Type.LOG_RECOVERED)
        .field("file", files.activeName())
        .field("torn_line", line)
        .field("torn_bytes", (long) tail.torn.length)
        .field("torn_sha256", tail.tornSha256())
        .field("reason", "removed a torn final line left by a crash or a failed write")
        .build();
    channel.truncate(tail.cleanLength);
    size = tail.cleanLength;
    if (size == 0) {
      seqBeforeActiveFile = chain.lastSeq();
    }
    channel.position(size);
    batchBytes.clear();
    chain.seal(PreparedRecord.of(recovered), batchBytes);
    writeAndForce();
    writeHead();
    copyToStdout(); // the shipped copy must hold every link of the chain
  }

  // ---- one batch ----

  /** Reopens after a failure, checks the file is still ours, rotates when it is full. */
  private void ensureWritable() throws IOException {
    if (headLock == null || !headLock.isValid()) {
      relockHead();
    }
    if (channel == null) {
      reopen();
    }
    Object key;
    try {
      key = Files.readAttributes(files.active, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      throw removedOrReplaced(e);
    }
    if (fileKey != null && !fileKey.equals(key)) {
      throw removedOrReplaced(null);
    }
    long actual = channel.size();
    if (actual != size) {
      // someone else wrote to (or cut) our file; writing on would bury or clobber that
      throw new AuditUnavailableException(String.format(
          "the audit log %s is %d bytes but this writer wrote %d: another process changed it",
          files.active, actual, size));
    }
    if (maxFileBytes > 0 && size >= maxFileBytes) {
      rotate();
    }
  }

  /**
   * The head channel was closed (an interrupt during its write) and its lock went with it. Without
   * the lock another writer may have run, so we take it again or fail closed, and we reopen the
   * log too, so that {@link #reopen} checks it still ends where we left it.
   */
  private void relockHead() throws IOException {
    closeQuietly(headChannel);
    headChannel = null;
    headLock = null;
    closeQuietly(channel);
    channel = null;
    FileChannel ch = openHead(files);
    try {
      headLock = lockOrFail(ch, files);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
    headChannel = ch;
  }

  private AuditUnavailableException removedOrReplaced(Exception cause) {
    return new AuditUnavailableException(
        "the audit log " + files.active + " was removed or replaced while the sidecar was "
            + "running; refusing to write elsewhere. Restore it, or restart the sidecar.",
        cause);
  }

  /** After a failed batch: the same file, continued from what is really on disk. */
  private void reopen() throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(files.active, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw removedOrReplaced(e);
    }
    try {
      Object key = Files.readAttributes(files.active, BasicFileAttributes.class).fileKey();
      if (fileKey != null && !fileKey.equals(key)) {
        throw removedOrReplaced(null);
      }
      LogTail tail = LogTail.read(ch, chain);
      checkContinues(tail);
      if (tail.last != null) {
        chain.reset(tail.last.seq, tail.last.hash);
      }
      channel = ch;
      size = ch.size();
      ch.position(size);
      if (tail.isTorn()) {
        recoverTornTail(tail);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      channel = null;
      throw e;
    }
  }

  /**
   * The file on disk must end where this writer left it, or later: records of the failed batch
   * may have landed. Ending earlier, or on a different record, means someone else changed it.
   */
  private void checkContinues(LogTail tail) {
    RecordLine last = tail.last;
    boolean continues;
    if (last != null) {
      continues = last.seq > chain.lastSeq()
          || (last.seq == chain.lastSeq() && last.hash.equals(chain.lastHash()));
    } else {
      continues = tail.lastProblem == null && seqBeforeActiveFile == chain.lastSeq();
    }
    if (!continues) {
      throw new AuditUnavailableException("the audit log " + files.active
          + " no longer ends where this writer left it (seq " + chain.lastSeq()
          + "); run 'audit verify'");
    }
  }

  /**
   * Closes the full file under its rotated name and starts a new one. The chain simply goes on:
   * the new file's first record has the old file's last hash as prev_hash. A crash between the
   * rename and the first write leaves no active file (or an empty one), and start-up continues
   * from the newest rotated file.
   */
  private void rotate() throws IOException {
    channel.close();
    channel = null;
    long number = files.nextRotationNumber();
    Path target = files.rotated(number);
    while (Files.exists(target)) {
      target = files.rotated(++number);
    }
    Files.move(files.active, target, StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(files.active, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (fsync) {
      files.forceDirectory();
    }
    adoptActiveFile();
  }

  private void writeAndForce() throws IOException {
    ByteBuffer buffer = batchBytes.asBuffer();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += batchBytes.length();
    if (fsync) {
      channel.force(false);
    }
  }

  /**
   * Written after the batch is forced, so in fsync mode the head never names a record that is
   * not on disk. Not forced itself: a stale head after a power loss only means less is anchored.
   */
  private void writeHead() throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(
        ChainHead.of(files.activeName(), chain.lastSeq(), chain.lastHash()).encode(headSize));
    long position = 0;
    while (buffer.hasRemaining()) {
      position += headChannel.write(buffer, position);
    }
  }

  /**
   * The second sink, for log shippers: the same lines, hash included, so the shipper's copy is an
   * external anchor. Best effort: the file is the record; a broken stdout is reported once.
   */
  private void copyToStdout() {
    if (stdout == null) {
      return;
    }
    stdout.write(batchBytes.array(), 0, batchBytes.length());
    stdout.flush();
    if (!stdoutBroken && stdout.checkError()) {
      stdoutBroken = true;
      System.err.println("gatehouse: audit events can no longer be written to standard output; "
          + "the audit file " + files.active + " still receives them");
    }
  }

  // ---- helpers ----

  private static FileChannel openHead(LogFiles files) throws IOException {
    return FileChannel.open(files.head, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  private static FileLock lockOrFail(FileChannel headChannel, LogFiles files) throws IOException {
    FileLock lock;
    try {
      lock = headChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new AuditUnavailableException(
          "another writer holds the audit log " + files.active + " (lock on " + files.head + ")");
    }
    return lock;
  }

  /** Read through the locked channel: closing another descriptor would drop the POSIX lock. */
  private static ChainHead readHead(FileChannel headChannel, Path path) throws IOException {
    long length = headChannel.size();
    if (length > 64 * 1024) {
      throw new IOException("the head file " + path + " is too large to be a head");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    while (buffer.hasRemaining() && headChannel.read(buffer, buffer.position()) >= 0) {
      // read until full
    }
    return ChainHead.parse(buffer.array(), path);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing or closing; the first error is the one reported
      }
    }
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + message;
  }
}
