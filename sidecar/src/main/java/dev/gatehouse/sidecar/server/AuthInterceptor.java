package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.AuthenticationException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.auth.TokenVerifier;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.function.BiConsumer;

/**
 * Authenticates every call, not only the first (SPEC §2, §6): the bearer token in the call's
 * metadata must verify, or the call ends with 28000 before any handler runs.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Context.Key<Principal> PRINCIPAL = Context.key("gatehouse-principal");
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenVerifier verifier;
  private final BiConsumer<String, String> onFailure;

  /**
   * @param onFailure told (method, reason) about each refused call, for the audit log
   */
  AuthInterceptor(TokenVerifier verifier, BiConsumer<String, String> onFailure) {
    this.verifier = verifier;
    this.onFailure = onFailure;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    String reason;
    if (header == null || header.isBlank()) {
      reason = "no token: send a JWT in the authorization header (the driver takes it from the"
          + " token or token_file URL keys, a JWT password, or GATEHOUSE_TOKEN)";
    } else if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      reason = "the authorization header must be 'Bearer <jwt>'";
    } else {
      try {
        Principal p = verifier.verify(header.substring(7).trim());
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, p), call, headers, next);
      } catch (AuthenticationException e) {
        reason = e.getMessage();
      }
    }
    onFailure.accept(call.getMethodDescriptor().getBareMethodName(), reason);
    StatusRuntimeException s =
        Errors.toStatus(new GatehouseException(GatehouseException.INVALID_AUTHORIZATION,
            "authentication failed: " + reason));
    call.close(s.getStatus(), s.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
