package dev.gatehouse.sidecar.config;

import java.nio.file.Path;

/**
 * Where the sidecar accepts driver connections.
 *
 * @param host TCP host to bind (default {@code 127.0.0.1})
 * @param port TCP port (default 7433; 0 picks a free port, useful in tests)
 * @param socket optional Unix domain socket path, served in addition to TCP
 */
public record ListenConfig(String host, int port, Path socket) {
  public static final int DEFAULT_PORT = 7433;

  public ListenConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
  }

  public static ListenConfig loopback(int port) {
    return new ListenConfig("127.0.0.1", port, null);
  }
}
