package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ExecuteResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connection's way to the sidecar: the shared channel, the token put on every call, deadlines,
 * and the translation of failures into SQLExceptions. It knows nothing of JDBC semantics.
 */
final class SidecarClient implements AutoCloseable {
    private final SidecarChannels.Lease lease;
    private final Channel channel;
    private final TokenSource tokens;
    private final SidecarAddress address;
    /**
     * How long wakeUp waits for the channel to leave its failed state; the attempt itself is bounded by the call.
     * The channel stays in TRANSIENT_FAILURE until a new connection is READY (gRPC's sticky TRANSIENT_FAILURE), and a
     * call made meanwhile fails at once with the old error. Reconnecting to a restarted sidecar on loopback took
     * 0.7-0.8 s on a loaded 2-core machine, so 1 s made new connections after a restart fail intermittently
     * (SidecarCrashTest); the price is that a connect to a sidecar still down fails after this long, not at once.
     */
    private static final long WAKE_UP_MILLIS = 3_000;
    /** Calls not yet ended, so that close and abort can stop them. */
    private final Set<SidecarCall> live = ConcurrentHashMap.newKeySet();

    SidecarClient(SidecarAddress address, TokenSource tokens) {
        this.address = address;
        this.tokens = tokens;
        this.lease = SidecarChannels.SHARED.acquire(address);
        this.channel = ClientInterceptors.intercept(lease.channel(), BearerAuth.INSTANCE);
    }

    SidecarAddress address() {
        return address;
    }

    /**
     * Before opening a session: if the shared channel is waiting out gRPC's reconnect backoff
     * (up to two minutes) after the sidecar went away, reconnect now. A sidecar that restarted
     * is then found by the next connect, instead of the connect failing until the backoff ends.
     */
    void wakeUp(long timeoutMillis) {
        ManagedChannel shared = lease.channel();
        ConnectivityState state = shared.getState(true);
        if (state != ConnectivityState.TRANSIENT_FAILURE) {
            return;
        }
        CountDownLatch changed = new CountDownLatch(1);
        shared.notifyWhenStateChanged(state, changed::countDown);
        shared.resetConnectBackoff();
        try {
            changed.await(timeoutMillis > 0 ? Math.min(timeoutMillis, WAKE_UP_MILLIS) : WAKE_UP_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A unary call, waited for.
     *
     * @param timeoutMillis the call's deadline; 0 for none
     * @param deadline what that deadline stands for, in words, for the timeout message
     */
    <Q, R> R call(MethodDescriptor<Q, R> method, Q request, long timeoutMillis, String deadline,
            StatusTranslator.Situation situation) throws SQLException {
        return start(method, request, timeoutMillis, deadline, situation).await();
    }

    /** A unary call started now and waited for later, so another thread can cancel it. */
    <Q, R> UnaryCall<Q, R> start(MethodDescriptor<Q, R> method, Q request, long timeoutMillis, String deadline,
            StatusTranslator.Situation situation) throws SQLException {
        return start(method, request, timeoutMillis, deadline, situation, call -> { });
    }

    /**
     * As {@link #start(MethodDescriptor, Object, long, String, StatusTranslator.Situation)};
     * {@code beforeStart} is handed the call before its request leaves, so that a canceller on
     * another thread can find it as soon as the sidecar may be running it.
     */
    <Q, R> UnaryCall<Q, R> start(MethodDescriptor<Q, R> method, Q request, long timeoutMillis, String deadline,
            StatusTranslator.Situation situation, Consumer<SidecarCall> beforeStart) throws SQLException {
        ClientCall<Q, R> call = channel.newCall(method, options(timeoutMillis));
        UnaryCall<Q, R> unary = new UnaryCall<>(this, call, situation, deadline);
        live.add(unary);
        beforeStart.accept(unary);
        unary.start(request);
        return unary;
    }

    /**
     * A server-streaming call (Execute, GetMetadata) read one message at a time.
     *
     * @param timeoutMillis deadline of the whole call (query timeout plus grace); 0 for none
     * @param waitMillis longest wait for any one message (network timeout); 0 for none
     */
    <Q> ResultStream stream(MethodDescriptor<Q, ExecuteResponse> method, Q request, long timeoutMillis,
            String deadline, long waitMillis) throws SQLException {
        return stream(method, request, timeoutMillis, deadline, waitMillis, call -> { });
    }

    /**
     * As {@link #stream(MethodDescriptor, Object, long, String, long)}; {@code beforeStart} is
     * handed the call before its request leaves (see {@link #start}).
     */
    <Q> ResultStream stream(MethodDescriptor<Q, ExecuteResponse> method, Q request, long timeoutMillis,
            String deadline, long waitMillis, Consumer<SidecarCall> beforeStart) throws SQLException {
        ClientCall<Q, ExecuteResponse> call = channel.newCall(method, options(timeoutMillis));
        ResultStream stream = new ResultStream(this, call, deadline, waitMillis);
        live.add(stream);
        beforeStart.accept(stream);
        call.start(stream.listener(), new Metadata());
        call.sendMessage(request);
        call.halfClose();
        // One message at a time; ResultStream asks for the next as the reader takes one.
        call.request(1);
        return stream;
    }

    private CallOptions options(long timeoutMillis) throws SQLException {
        CallOptions options = CallOptions.DEFAULT.withOption(BearerAuth.TOKEN, tokens.token());
        return timeoutMillis > 0 ? options.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS) : options;
    }

    /** Translates a failed call; a refused token makes the token source look again next time. */
    SQLException failure(Status status, Metadata trailers, StatusTranslator.Situation situation, String deadline) {
        SQLException failure = StatusTranslator.translate(status, trailers, situation, address, deadline);
        if (failure.getSQLState() != null && failure.getSQLState().startsWith("28")) {
            tokens.refused();
        }
        return failure;
    }

    void forget(SidecarCall call) {
        live.remove(call);
    }

    /** Stops every call still running (Connection.close, abort). */
    void cancelAll() {
        for (SidecarCall call : live.toArray(new SidecarCall[0])) {
            call.cancel(SidecarCall.Cause.CONNECTION_CLOSED);
        }
    }

    /** Cancels what still runs and gives the shared channel back. */
    @Override
    public void close() {
        cancelAll();
        lease.close();
    }
}
