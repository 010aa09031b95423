package dev.gatehouse.sidecar.audit;

import dev.gatehouse.sidecar.config.AuditConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link AuditCrashTest}: appends from several threads as fast as it can and
 * prints {@code ack SEQ} for every append that returned, each line in one write so a kill cannot
 * split it. It never stops on its own; the test kills it with SIGKILL.
 *
 * <p>Arguments: log path, durability (FSYNC or WRITE), threads, max file bytes.
 */
public final class AuditBurstMain {
  private AuditBurstMain() {}

  public static void main(String[] args) throws Exception {
    AuditConfig config = new AuditConfig(Path.of(args[0]),
        AuditConfig.Durability.valueOf(args[1]), true, 20, Long.parseLong(args[3]), false);
    int threads = Integer.parseInt(args[2]);
    AuditLog log = AuditLog.open(config);
    FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        for (int i = 0; ; i++) {
          AuditEvent event = AuditFixtures.statement(i).toBuilder().field("thread", thread).build();
          long seq = log.append(event);
          byte[] ack = ("ack " + seq + "\n").getBytes(StandardCharsets.US_ASCII);
          try {
            synchronized (out) {
              out.write(ack);
            }
          } catch (IOException e) {
            return;
          }
        }
      });
      worker.start();
    }
  }
}
