package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.sql.SQLException;

/**
 * Turns the end of a failed gRPC call into the SQLException the application sees (SPEC §6).
 *
 * <p>The sidecar's own verdict travels as an {@link ErrorDetail} in the trailers and wins; the
 * gRPC status code only speaks when there is none, which means the failure happened in the
 * transport, not in the sidecar's judgement.
 */
final class StatusTranslator {
    static final Metadata.Key<ErrorDetail> ERROR_DETAIL =
            Metadata.Key.of("gatehouse-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

    /** What the driver was doing when the call failed; it changes what a status means. */
    enum Situation {
        /** Opening the session: a transport failure means the sidecar cannot be reached (08001). */
        CONNECTING,
        /** Any later call: a transport failure means the connection broke (08006). */
        IN_SESSION,
        /** The application cancelled (Statement.cancel): a cancelled status is 57014. */
        CANCELLED_BY_APPLICATION,
        /** The connection was closed or aborted under the call: a cancelled status is 08003. */
        CONNECTION_CLOSED
    }

    private StatusTranslator() {}

    /**
     * @param deadline what the call's deadline stood for, e.g. "the query timeout of 5 s (+ 5 s
     *     grace)"; used when the deadline passed
     */
    static SQLException translate(
            Status status, Metadata trailers, Situation situation, SidecarAddress address, String deadline) {
        ErrorDetail detail = detail(trailers);
        Exception cause = status.asRuntimeException();
        if (detail != null && !detail.getSqlState().isEmpty()) {
            return SqlExceptions.of(detail.getSqlState(), messageOf(detail), detail.getVendorCode(), cause);
        }
        String description = status.getDescription() == null ? "" : ": " + status.getDescription();
        String where = address.describe();
        switch (status.getCode()) {
            case UNAVAILABLE:
                return situation == Situation.CONNECTING
                        ? SqlExceptions.of(SqlExceptions.UNABLE_TO_CONNECT,
                                "cannot reach the Gatehouse sidecar at " + where + description, status.getCause())
                        : SqlExceptions.of(SqlExceptions.CONNECTION_FAILURE,
                                "lost the connection to the Gatehouse sidecar at " + where + description, cause);
            case DEADLINE_EXCEEDED:
                return situation == Situation.CONNECTING
                        ? SqlExceptions.of(SqlExceptions.UNABLE_TO_CONNECT, "cannot reach the Gatehouse sidecar at "
                                + where + ": no answer within " + deadline, cause)
                        : SqlExceptions.of(SqlExceptions.TIMEOUT,
                                "the Gatehouse sidecar at " + where + " did not answer within " + deadline, cause);
            case CANCELLED:
                if (situation == Situation.CANCELLED_BY_APPLICATION) {
                    return SqlExceptions.of(SqlExceptions.CANCELLED, "the statement was cancelled", cause);
                }
                if (situation == Situation.CONNECTION_CLOSED) {
                    return SqlExceptions.of(SqlExceptions.CONNECTION_DOES_NOT_EXIST,
                            "the connection was closed while this call was running", cause);
                }
                // Not the application's doing: the sidecar (or something between) reset the call.
                return situation == Situation.CONNECTING
                        ? SqlExceptions.of(SqlExceptions.UNABLE_TO_CONNECT, "cannot reach the Gatehouse sidecar at "
                                + where + ": the call was cancelled" + description, cause)
                        : SqlExceptions.of(SqlExceptions.CONNECTION_FAILURE, "lost the connection to the Gatehouse "
                                + "sidecar at " + where + ": the call was cancelled" + description, cause);
            case UNAUTHENTICATED:
                return SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION,
                        "the Gatehouse sidecar refused the token" + description, cause);
            case PERMISSION_DENIED:
                return SqlExceptions.of("42501", "the Gatehouse sidecar denied the request" + description, cause);
            case UNIMPLEMENTED:
                return SqlExceptions.of(SqlExceptions.FEATURE_NOT_SUPPORTED, "the Gatehouse sidecar at " + where
                        + " does not implement this call (is it older than the driver?)" + description, cause);
            case RESOURCE_EXHAUSTED:
                return SqlExceptions.of("54000", "a limit was exceeded between the driver and the Gatehouse "
                        + "sidecar" + description, cause);
            case INTERNAL:
            case UNKNOWN:
            case DATA_LOSS:
                return SqlExceptions.of(SqlExceptions.INTERNAL_ERROR,
                        "the Gatehouse sidecar failed without saying why (" + status.getCode() + ")" + description, cause);
            default:
                return SqlExceptions.of("HY000",
                        "the call to the Gatehouse sidecar failed with " + status.getCode() + description, cause);
        }
    }

    private static ErrorDetail detail(Metadata trailers) {
        if (trailers == null) {
            return null;
        }
        try {
            return trailers.get(ERROR_DETAIL);
        } catch (RuntimeException unreadable) {
            // A malformed detail must not hide the status; the status is translated instead.
            return null;
        }
    }

    /** The sidecar's message, naming the deciding rule when the message does not already. */
    private static String messageOf(ErrorDetail detail) {
        String message = detail.getMessage().isEmpty()
                ? "the Gatehouse sidecar refused the request" : detail.getMessage();
        String rule = detail.getRule();
        if (!rule.isEmpty() && !message.contains(rule)) {
            message += " (rule: " + rule + ")";
        }
        return message;
    }
}
