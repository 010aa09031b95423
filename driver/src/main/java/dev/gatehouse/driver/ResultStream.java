package dev.gatehouse.driver;

import dev.gatehouse.driver.SidecarCall.Cause;
import dev.gatehouse.proto.v1.Bundle;
import dev.gatehouse.proto.v1.ExecuteResponse;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The messages of one Execute or GetMetadata call, pulled by the reader one at a time.
 *
 * <p>Flow control is manual: the driver asks gRPC for one message, and for the next only when the
 * reader takes one. So at most one message waits here while the reader decodes another, HTTP/2
 * flow control holds the sidecar back, and the sidecar in turn reads from the database only as
 * fast as the application reads rows: memory stays bounded for a result of any size.
 *
 * <p>A bundle (several messages sent as one, protocol version 2) is unpacked here, so the reader
 * sees the same sequence of messages either way.
 *
 * <p>{@link #next} runs on the connection's thread; {@link #cancel} may come from any thread.
 */
final class ResultStream implements SidecarCall {
    private final SidecarClient client;
    private final ClientCall<?, ExecuteResponse> call;
    private final String deadline;
    private final long waitMillis;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    /** The parts of the last bundle not yet read. */
    private final ArrayDeque<ExecuteResponse> unpacked = new ArrayDeque<>();
    /**
     * The next message was not asked for yet because the last one ended with done: the call's end
     * needs no request and usually arrives with it, and asking would wake the transport thread
     * once more per statement. If the end is not there when the reader looks, it is asked for
     * then, so a message after done is still read (and refused), never waited for forever.
     */
    private boolean owed;
    private volatile Cause cancelCause;
    private boolean finished;

    /** The call's end, queued behind its messages. */
    private record Closed(Status status, Metadata trailers) {}

    ResultStream(SidecarClient client, ClientCall<?, ExecuteResponse> call, String deadline, long waitMillis) {
        this.client = client;
        this.call = call;
        this.deadline = deadline;
        this.waitMillis = waitMillis;
    }

    /** Receives the call's messages on gRPC's threads and queues them for the reader. */
    ClientCall.Listener<ExecuteResponse> listener() {
        return new ClientCall.Listener<>() {
            @Override
            public void onMessage(ExecuteResponse message) {
                arrivals.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                arrivals.add(new Closed(status, trailers));
            }
        };
    }

    /**
     * The next message, or null once the call ended successfully.
     *
     * @throws SQLException the call's failure, translated (the sidecar's ErrorDetail, a timeout,
     *     a broken connection)
     */
    ExecuteResponse next() throws SQLException {
        ExecuteResponse part = unpacked.poll();
        if (part != null) {
            return part;
        }
        if (finished) {
            return null;
        }
        if (owed) {
            owed = false;
            if (arrivals.isEmpty()) {
                request(); // the end has not arrived yet, or something past done is coming
            }
        }
        Object arrival = take();
        if (arrival instanceof ExecuteResponse message) {
            if (endsWithDone(message)) {
                owed = true;
            } else {
                request();
            }
            return message.getPayloadCase() == ExecuteResponse.PayloadCase.BUNDLE
                    ? unpack(message.getBundle())
                    : message;
        }
        finished = true;
        client.forget(this);
        Closed closed = (Closed) arrival;
        if (closed.status().isOk()) {
            return null;
        }
        Cause cause = cancelCause;
        throw client.failure(closed.status(), closed.trailers(),
                cause == null ? StatusTranslator.Situation.IN_SESSION : SidecarCall.situation(cause), deadline);
    }

    private void request() {
        synchronized (this) {
            call.request(1);
        }
    }

    private static boolean endsWithDone(ExecuteResponse message) {
        if (message.getPayloadCase() == ExecuteResponse.PayloadCase.BUNDLE) {
            int parts = message.getBundle().getPartsCount();
            return parts > 0 && message.getBundle().getParts(parts - 1).hasDone();
        }
        return message.hasDone();
    }

    /**
     * The bundle's first part; the rest wait in {@link #unpacked}. An empty or nested bundle is a
     * protocol violation, never "no more results": reading it as the end could drop a result.
     */
    private ExecuteResponse unpack(Bundle bundle) throws SQLException {
        for (ExecuteResponse part : bundle.getPartsList()) {
            if (part.getPayloadCase() == ExecuteResponse.PayloadCase.BUNDLE) {
                throw violation("a bundle inside a bundle");
            }
        }
        if (bundle.getPartsCount() == 0) {
            throw violation("an empty bundle");
        }
        unpacked.addAll(bundle.getPartsList());
        return unpacked.poll();
    }

    private SQLException violation(String what) {
        cancel(Cause.GAVE_UP);
        finished = true;
        return SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION,
                "the Gatehouse sidecar at " + client.address().describe() + " sent " + what);
    }

    private Object take() throws SQLException {
        try {
            if (waitMillis <= 0) {
                return arrivals.take();
            }
            Object arrival = arrivals.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (arrival == null) {
                cancel(Cause.GAVE_UP);
                finished = true;
                throw SqlExceptions.of(SqlExceptions.CONNECTION_FAILURE, "no message from the Gatehouse sidecar at "
                        + client.address().describe() + " within the network timeout of " + waitMillis + " ms");
            }
            return arrival;
        } catch (InterruptedException e) {
            cancel(Cause.GAVE_UP);
            finished = true;
            Thread.currentThread().interrupt();
            throw SqlExceptions.of(SqlExceptions.CANCELLED, "interrupted while waiting for the Gatehouse sidecar", e);
        }
    }

    /** True once the call's end has been read. */
    boolean isFinished() {
        return finished;
    }

    /** Stops the call; the sidecar sees the cancellation and stops the backend query. */
    @Override
    public void cancel(Cause cause) {
        if (cancelCause == null) {
            cancelCause = cause;
        }
        synchronized (this) {
            call.cancel("cancelled by the driver: " + cause, null);
        }
        client.forget(this);
    }
}
