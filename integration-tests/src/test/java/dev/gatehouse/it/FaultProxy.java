package dev.gatehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between the sidecar and a real database that a test can break: {@link #refuse}
 * (nothing listens, new connections are refused), {@link #cut} (every live connection is reset,
 * mid-query or mid-stream) and {@link #restore} (listening again on the same port). The real
 * database server is never touched, so other tests using it at the same time see nothing.
 *
 * <p>Plain blocking sockets: one accept thread, two pump threads per connection. A cut closes
 * both sockets of each pair with SO_LINGER 0, so each side gets a reset (as when a database host
 * dies or a firewall drops the flow), not an orderly close it could mistake for a finished reply.
 */
final class FaultProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private volatile int port;
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port, forwarding to {@code host:port}. */
  static FaultProxy to(String host, int port) throws IOException {
    FaultProxy proxy = new FaultProxy(host, port);
    proxy.listen(0);
    return proxy;
  }

  int port() {
    return port;
  }

  /** Number of client connections currently forwarded. */
  int liveConnections() {
    return live.size() / 2;
  }

  private synchronized void listen(int wanted) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
    server = s;
    port = s.getLocalPort();
    Thread acceptor = new Thread(() -> accept(s), "fault-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException stopped) {
        return; // refuse() or close() closed the listening socket
      }
      if (s.isClosed()) {
        reset(client); // refused while this one was being accepted
        return;
      }
      Socket backend = new Socket();
      try {
        // database protocols are chatty request/response: Nagle's delay would add ~40 ms a turn
        client.setTcpNoDelay(true);
        backend.setTcpNoDelay(true);
        backend.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      } catch (IOException e) {
        reset(client);
        reset(backend);
        continue;
      }
      live.add(client);
      live.add(backend);
      pump(client, backend);
      pump(backend, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // a cut, or one side went away: the other side learns it from its own socket
      } finally {
        reset(from);
        reset(to);
      }
    }, "fault-proxy-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  /** Stops listening: new connections to {@link #port()} are refused. Live ones go on. */
  synchronized void refuse() throws IOException {
    ServerSocket s = server;
    if (s != null) {
      s.close();
      server = null;
    }
  }

  /** Resets every live connection in both directions; the proxy keeps listening if it was. */
  void cut() {
    for (Socket s : live) {
      reset(s);
    }
  }

  /** The database is gone: refuse new connections and reset the live ones. */
  synchronized void down() throws IOException {
    refuse();
    cut();
  }

  /**
   * Listens again on the same port. The port can stay busy for a moment after a cut (sockets
   * still closing), so binding is retried for a few seconds.
   */
  synchronized void restore() throws IOException, InterruptedException {
    if (server != null || closed) {
      return;
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        listen(port);
        return;
      } catch (BindException busy) {
        if (System.nanoTime() > end) {
          throw busy;
        }
        Thread.sleep(50);
      }
    }
  }

  private void reset(Socket s) {
    live.remove(s);
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
      }
    } catch (SocketException ignored) {
      // already closed under us
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    refuse();
    cut();
  }
}
