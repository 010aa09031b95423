package dev.gatehouse.bench;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 1b: what one round trip between two threads of this JVM costs on this machine before
 * Gatehouse does any work. Each figure is an echo of a 200-byte payload, timed like a point query
 * (p50, p99, CPU and thread wake-ups per round trip), and each is the floor of one way a point
 * query could travel:
 *
 * <ul>
 *   <li>{@code floor-tcp}: a blocking socket, a thread on each end. The floor of any protocol
 *       where the waiting thread reads its own answer (Avatica's HTTP/1.1, PostgreSQL's).
 *   <li>{@code floor-grpc-unary} and {@code floor-grpc-stream}: an empty gRPC call set up as the
 *       driver and the sidecar set theirs up (NIO client with a direct executor; a default
 *       {@link NettyServerBuilder} whose handlers run on its executor), unary and
 *       server-streaming with one message, the shape of {@code Execute}. The floor of the
 *       product's transport as it is.
 *   <li>{@code floor-grpc-loop}: the same unary call with the handler on the server's event loop.
 *       What running statements on the event loop would give.
 *   <li>{@code floor-grpc-bidi}: one message each way on a bidi stream kept open. What a session
 *       carried on one long-lived call would give.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/gatehouse-benchmarks.jar dev.gatehouse.bench.TransportFloor [ROUNDS]
 * </pre>
 */
final class TransportFloor {
  private static final int PAYLOAD = 200;

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<byte[], byte[]> UNARY =
      method("Unary", MethodDescriptor.MethodType.UNARY);
  private static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
      method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<byte[], byte[]> BIDI =
      method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);

  private final int warmup;
  private final int rounds;
  private final byte[] payload = new byte[PAYLOAD];

  TransportFloor(int warmup, int rounds) {
    this.warmup = warmup;
    this.rounds = rounds;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Results results = new Results();
    new TransportFloor(rounds / 3, rounds).measure(results);
    System.out.println(results.text());
  }

  /** Adds {@code point/floor-…/p50}, {@code /p99}, {@code /cpu} and {@code /switches} samples. */
  void measure(Results results) {
    try {
      tcp(results);
      Server onExecutor = server(false);
      Server onLoop = server(true);
      EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      ManagedChannel toExecutor = channel(onExecutor, loops);
      ManagedChannel toLoop = channel(onLoop, loops);
      try {
        time("floor-grpc-unary", results,
            () -> ClientCalls.blockingUnaryCall(toExecutor, UNARY, CallOptions.DEFAULT, payload));
        time("floor-grpc-stream", results, () -> {
          Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(
              toExecutor, SERVER_STREAM, CallOptions.DEFAULT, payload);
          while (replies.hasNext()) {
            replies.next();
          }
        });
        time("floor-grpc-loop", results,
            () -> ClientCalls.blockingUnaryCall(toLoop, UNARY, CallOptions.DEFAULT, payload));
        try (BidiPinger bidi = new BidiPinger(toExecutor)) {
          time("floor-grpc-bidi", results, bidi::ping);
        }
      } finally {
        toExecutor.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        toLoop.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        onExecutor.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        onLoop.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      results.error("transport floor: " + e);
    }
  }

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("floor.Floor", name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** As the driver's channel: NIO (its shaded jar has no native transport), direct executor. */
  private static ManagedChannel channel(Server server, EventLoopGroup loops) {
    return NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .eventLoopGroup(loops)
        .channelType(NioSocketChannel.class)
        .usePlaintext()
        .directExecutor()
        .build();
  }

  /** As the sidecar's server (default transport and executor), or with handlers on the loop. */
  private static Server server(boolean onEventLoop) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("floor.Floor")
        .addMethod(UNARY, ServerCalls.asyncUnaryCall(TransportFloor::echo))
        .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(TransportFloor::echo))
        .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
          @Override
          public void onNext(byte[] value) {
            out.onNext(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .build();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service);
    if (onEventLoop) {
      builder.directExecutor();
    }
    return builder.build().start();
  }

  private static void echo(byte[] request, StreamObserver<byte[]> out) {
    out.onNext(request);
    out.onCompleted();
  }

  /** One bidi call kept open; each ping sends a message and waits for its echo. */
  private final class BidiPinger implements AutoCloseable {
    private final ClientCall<byte[], byte[]> call;
    private final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();

    BidiPinger(ManagedChannel channel) {
      call = channel.newCall(BIDI, CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          replies.add(message);
          call.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {}
      }, new Metadata());
      call.request(1);
    }

    void ping() throws InterruptedException {
      call.sendMessage(payload);
      replies.take();
    }

    @Override
    public void close() {
      call.halfClose();
    }
  }

  private void tcp(Results results) throws Exception {
    ExecutorService echo = Executors.newSingleThreadExecutor();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      echo.submit(() -> {
        try (Socket s = listener.accept()) {
          s.setTcpNoDelay(true);
          DataInputStream in = new DataInputStream(s.getInputStream());
          OutputStream out = s.getOutputStream();
          byte[] buffer = new byte[PAYLOAD];
          while (true) {
            in.readFully(buffer);
            out.write(buffer);
          }
        } catch (IOException e) {
          return null; // the client hung up
        }
      });
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        s.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        byte[] buffer = new byte[PAYLOAD];
        time("floor-tcp", results, () -> {
          out.write(payload);
          in.readFully(buffer);
        });
      }
    } finally {
      echo.shutdownNow();
    }
  }

  private void time(String name, Results results, PointQueries.Round round) throws Exception {
    PointQueries.time(name, warmup, rounds, round, results);
  }
}
