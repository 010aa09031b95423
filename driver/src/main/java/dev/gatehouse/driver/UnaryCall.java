package dev.gatehouse.driver;

import dev.gatehouse.driver.SidecarCall.Cause;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;

/**
 * One request, one response. Waiting happens on the caller's thread; {@link #cancel} may come
 * from any thread (Statement.cancel, Connection.abort).
 */
final class UnaryCall<Q, R> implements SidecarCall {
    private final SidecarClient client;
    private final ClientCall<Q, R> call;
    private final String deadline;
    private final CountDownLatch done = new CountDownLatch(1);
    private final StatusTranslator.Situation situation;
    private volatile Cause cancelCause;
    private R response;
    private Status status;
    private Metadata trailers;

    UnaryCall(SidecarClient client, ClientCall<Q, R> call, StatusTranslator.Situation situation, String deadline) {
        this.client = client;
        this.call = call;
        this.situation = situation;
        this.deadline = deadline;
    }

    void start(Q request) {
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(R message) {
                response = message;
            }

            @Override
            public void onClose(Status closeStatus, Metadata closeTrailers) {
                status = closeStatus;
                trailers = closeTrailers;
                client.forget(UnaryCall.this);
                done.countDown();
            }
        }, new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(2);
    }

    R await() throws SQLException {
        try {
            done.await();
        } catch (InterruptedException e) {
            cancel(Cause.GAVE_UP);
            Thread.currentThread().interrupt();
            throw SqlExceptions.of(SqlExceptions.CANCELLED, "interrupted while waiting for the Gatehouse sidecar", e);
        }
        if (!status.isOk()) {
            Cause cause = cancelCause;
            throw client.failure(status, trailers, cause == null ? situation : SidecarCall.situation(cause), deadline);
        }
        if (response == null) {
            throw SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION, "the Gatehouse sidecar ended the call without an answer");
        }
        return response;
    }

    @Override
    public void cancel(Cause cause) {
        if (cancelCause == null) {
            cancelCause = cause;
        }
        call.cancel("cancelled by the driver: " + cause, null);
    }
}
