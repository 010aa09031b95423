package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.ErrorDetail;
import dev.gatehouse.sidecar.GatehouseException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns failures into gRPC statuses whose trailers carry an {@link ErrorDetail}. */
final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  /** Trailer key of the error detail; the driver reads the same key. */
  static final Metadata.Key<ErrorDetail> DETAIL_KEY =
      Metadata.Key.of("gatehouse-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

  private Errors() {}

  static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return sre;
    }
    GatehouseException g;
    if (t instanceof GatehouseException ge) {
      g = ge;
    } else {
      // A bug or an unexpected failure: the agent learns that something failed, not our
      // internals; the log keeps the stack.
      log.error("internal error", t);
      g = new GatehouseException("XX000", "internal error in the Gatehouse sidecar; see its log");
    }
    ErrorDetail.Builder d =
        ErrorDetail.newBuilder()
            .setSqlState(g.sqlState())
            .setMessage(g.getMessage() == null ? "" : g.getMessage())
            .setVendorCode(g.vendorCode());
    if (g.rule() != null) {
      d.setRule(g.rule());
    }
    Metadata trailers = new Metadata();
    trailers.put(DETAIL_KEY, d.build());
    return statusFor(g.sqlState()).withDescription(g.getMessage()).asRuntimeException(trailers);
  }

  private static Status statusFor(String sqlState) {
    if (sqlState.equals(GatehouseException.INVALID_AUTHORIZATION)) {
      return Status.UNAUTHENTICATED;
    }
    if (sqlState.equals(GatehouseException.ACCESS_DENIED)) {
      return Status.PERMISSION_DENIED;
    }
    if (sqlState.equals(GatehouseException.TIMEOUT)) {
      return Status.DEADLINE_EXCEEDED;
    }
    if (sqlState.equals(GatehouseException.CANCELLED)) {
      return Status.CANCELLED;
    }
    if (sqlState.startsWith("08")) {
      return Status.FAILED_PRECONDITION;
    }
    return Status.ABORTED;
  }

  /** Runs a unary call's body and answers with its result, or with the failure. */
  static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }
}
