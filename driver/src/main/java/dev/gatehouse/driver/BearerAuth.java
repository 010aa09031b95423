package dev.gatehouse.driver;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Puts {@code authorization: Bearer <token>} on every call. The token travels in the call
 * options: it is read from the connection's {@link TokenSource} before the call is made, where a
 * failure can still become an SQLException, and the shared channel itself holds no token.
 */
final class BearerAuth implements ClientInterceptor {
    static final BearerAuth INSTANCE = new BearerAuth();
    static final CallOptions.Key<String> TOKEN = CallOptions.Key.create("gatehouse-token");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private BearerAuth() {}

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
            MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        String token = options.getOption(TOKEN);
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (token != null) {
                    headers.put(AUTHORIZATION, "Bearer " + token);
                }
                super.start(listener, headers);
            }
        };
    }
}
