package dev.gatehouse.driver;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.UnixDomainSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per sidecar address for the whole JVM, shared by all connections to it and
 * shut down when the last of them closes. A channel is an HTTP/2 connection with its own threads;
 * a pool of 50 JDBC connections needs one, not 50.
 */
final class SidecarChannels {
    static final SidecarChannels SHARED = new SidecarChannels();

    /** Row batches can be several MB; the sidecar should keep them well under this. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final Map<SidecarAddress, SharedChannel> channels = new HashMap<>();

    /** A connection's hold on the shared channel; closing it twice is harmless. */
    final class Lease implements AutoCloseable {
        private final SharedChannel shared;
        private boolean closed;

        private Lease(SharedChannel shared) {
            this.shared = shared;
        }

        ManagedChannel channel() {
            return shared.channel;
        }

        @Override
        public void close() {
            synchronized (SidecarChannels.this) {
                if (closed) {
                    return;
                }
                closed = true;
                release(shared);
            }
        }
    }

    private static final class SharedChannel {
        final SidecarAddress address;
        final ManagedChannel channel;
        final EventLoopGroup eventLoops;
        int references;

        SharedChannel(SidecarAddress address, ManagedChannel channel, EventLoopGroup eventLoops) {
            this.address = address;
            this.channel = channel;
            this.eventLoops = eventLoops;
        }
    }

    synchronized Lease acquire(SidecarAddress address) {
        SharedChannel shared = channels.get(address);
        if (shared == null) {
            shared = open(address);
            channels.put(address, shared);
        }
        shared.references++;
        return new Lease(shared);
    }

    /** How many channels are open; for tests of sharing and release. */
    synchronized int openChannels() {
        return channels.size();
    }

    private void release(SharedChannel shared) {
        shared.references--;
        if (shared.references > 0) {
            return;
        }
        channels.remove(shared.address);
        shared.channel.shutdown();
        if (shared.eventLoops != null) {
            shared.eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private static SharedChannel open(SidecarAddress address) {
        if (!address.isUnixSocket()) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port());
            return new SharedChannel(address, configure(builder).build(), null);
        }
        // The NIO transport speaks Unix domain sockets on Java 16+; the native epoll transport
        // is not in the shaded jar (its .so files are stripped), so it must not be touched.
        EventLoopGroup eventLoops = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("gatehouse-uds", true), NioIoHandler.newFactory());
        NettyChannelBuilder builder = NettyChannelBuilder
                .forAddress(UnixDomainSocketAddress.of(address.socketPath()))
                .eventLoopGroup(eventLoops)
                .channelType(NioDomainSocketChannel.class, UnixDomainSocketAddress.class)
                // gRPC asks for TCP keep-alive on every channel; a Unix socket has none, and Netty
                // would log a warning for each connection. null removes the option.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                // The default authority would be the socket path, which strict HTTP/2 servers refuse.
                .overrideAuthority("localhost");
        return new SharedChannel(address, configure(builder).build(), eventLoops);
    }

    private static NettyChannelBuilder configure(NettyChannelBuilder builder) {
        return builder
                .usePlaintext()
                // Listeners run on the transport's thread: they only queue what arrived (ResultStream,
                // UnaryCall) and never block, so a hop through an executor would only add a thread
                // wake-up to every message a reader waits for.
                .directExecutor()
                // A retried or hedged Execute would run a statement twice; failures go to the
                // application, which knows whether a retry is safe.
                .disableRetry()
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .userAgent("gatehouse-jdbc/" + DriverVersion.TEXT);
    }
}
