package dev.gatehouse.driver;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.CancelRequest;
import dev.gatehouse.proto.v1.CancelResponse;
import dev.gatehouse.proto.v1.CloseSessionRequest;
import dev.gatehouse.proto.v1.CloseSessionResponse;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.DatabaseInfo;
import dev.gatehouse.proto.v1.EndTransactionRequest;
import dev.gatehouse.proto.v1.EndTransactionResponse;
import dev.gatehouse.proto.v1.ErrorDetail;
import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteDone;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.GatehouseGrpc;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.proto.v1.OpenSessionResponse;
import dev.gatehouse.proto.v1.PingRequest;
import dev.gatehouse.proto.v1.PingResponse;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.SessionState;
import dev.gatehouse.proto.v1.SetSessionStateRequest;
import dev.gatehouse.proto.v1.SetSessionStateResponse;
import dev.gatehouse.proto.v1.UpdateResult;
import dev.gatehouse.proto.v1.WireType;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A sidecar stand-in for protocol tests: a real grpc-java server on loopback (or a Unix socket)
 * that answers with canned responses and records what the driver sent. Each RPC's behaviour is a
 * field a test may replace.
 */
final class FakeSidecar extends GatehouseGrpc.GatehouseImplBase implements AutoCloseable {
    /** A JWT-shaped token (not signed; the fake does not check it). */
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    final List<Object> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final Map<String, String> databaseProperties = new ConcurrentHashMap<>();
    volatile SessionState initialState = SessionState.newBuilder()
            .setAutoCommit(true).setTransactionIsolation(2).setSchema("public").build();
    volatile Function<OpenSessionRequest, OpenSessionResponse> openSession = request -> OpenSessionResponse.newBuilder()
            .setSessionId("session-1")
            .setProtocolVersion(1)
            .setServerVersion("fake-1")
            .setPrincipal("alice")
            .setDatabase(DatabaseInfo.newBuilder().putAllProperties(databaseProperties))
            .setState(initialState)
            .build();
    volatile BiConsumer<ExecuteRequest, StreamObserver<ExecuteResponse>> execute =
            (request, responses) -> {
                responses.onNext(done());
                responses.onCompleted();
            };
    volatile Function<ExecuteBatchRequest, ExecuteBatchResponse> executeBatch = request -> {
        ExecuteBatchResponse.Builder response = ExecuteBatchResponse.newBuilder();
        int count = request.getSqlsCount() > 0 ? request.getSqlsCount() : request.getParameterSetsCount();
        for (int i = 0; i < count; i++) {
            response.addUpdateCounts(1);
        }
        return response.build();
    };
    volatile BiConsumer<GetMetadataRequest, StreamObserver<ExecuteResponse>> getMetadata =
            (request, responses) -> {
                responses.onNext(header(column("TABLE_NAME", Types.VARCHAR, WireType.STRING)));
                responses.onNext(batch(1, strings("orders")));
                responses.onNext(done());
                responses.onCompleted();
            };
    volatile Function<SetSessionStateRequest, SessionState> setSessionState = request -> {
        SessionState.Builder state = initialState.toBuilder();
        if (request.hasAutoCommit()) {
            state.setAutoCommit(request.getAutoCommit());
        }
        if (request.hasReadOnly()) {
            state.setReadOnly(request.getReadOnly());
        }
        if (request.hasTransactionIsolation()) {
            state.setTransactionIsolation(request.getTransactionIsolation());
        }
        if (request.hasCatalog()) {
            state.setCatalog(request.getCatalog());
        }
        if (request.hasSchema()) {
            state.setSchema(request.getSchema());
        }
        initialState = state.build();
        return initialState;
    };
    volatile boolean pingValid = true;
    volatile boolean cancelAnswer = true;

    private final Server server;
    private final SocketAddress address;

    private FakeSidecar(NettyServerBuilder builder, SocketAddress address) throws IOException {
        this.address = address;
        this.server = builder
                .addService(ServerInterceptors.intercept(this, new RecordAuthorization()))
                .build()
                .start();
    }

    /** On a free loopback port. */
    static FakeSidecar start() throws IOException {
        return new FakeSidecar(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), null);
    }

    /** Over a given builder, e.g. one bound to a Unix domain socket. */
    static FakeSidecar start(NettyServerBuilder builder, SocketAddress address) throws IOException {
        return new FakeSidecar(builder, address);
    }

    int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    SocketAddress address() {
        return address;
    }

    /** A URL for this server with the fake token. */
    String url() {
        return url("");
    }

    String url(String extraQuery) {
        return "jdbc:gatehouse://127.0.0.1:" + port() + "/demo?token=" + TOKEN + extraQuery;
    }

    <T> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> T lastRequest(Class<T> type) {
        List<T> matching = requests(type);
        if (matching.isEmpty()) {
            throw new AssertionError("no " + type.getSimpleName() + " was received");
        }
        return matching.get(matching.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ the service

    @Override
    public void openSession(OpenSessionRequest request, StreamObserver<OpenSessionResponse> responses) {
        requests.add(request);
        answer(responses, () -> openSession.apply(request));
    }

    @Override
    public void closeSession(CloseSessionRequest request, StreamObserver<CloseSessionResponse> responses) {
        requests.add(request);
        answer(responses, CloseSessionResponse::getDefaultInstance);
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> responses) {
        requests.add(request);
        execute.accept(request, responses);
    }

    @Override
    public void executeBatch(ExecuteBatchRequest request, StreamObserver<ExecuteBatchResponse> responses) {
        requests.add(request);
        answer(responses, () -> executeBatch.apply(request));
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> responses) {
        requests.add(request);
        answer(responses, () -> CancelResponse.newBuilder().setCancelled(cancelAnswer).build());
    }

    @Override
    public void setSessionState(SetSessionStateRequest request, StreamObserver<SetSessionStateResponse> responses) {
        requests.add(request);
        answer(responses, () -> SetSessionStateResponse.newBuilder().setState(setSessionState.apply(request)).build());
    }

    @Override
    public void endTransaction(EndTransactionRequest request, StreamObserver<EndTransactionResponse> responses) {
        requests.add(request);
        answer(responses, EndTransactionResponse::getDefaultInstance);
    }

    @Override
    public void getMetadata(GetMetadataRequest request, StreamObserver<ExecuteResponse> responses) {
        requests.add(request);
        getMetadata.accept(request, responses);
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PingResponse> responses) {
        requests.add(request);
        answer(responses, () -> PingResponse.newBuilder().setValid(pingValid).build());
    }

    /** A canned answer, or the SidecarFailure the behaviour threw, as the real sidecar would send it. */
    private static <T> void answer(StreamObserver<T> responses, java.util.function.Supplier<T> answer) {
        T response;
        try {
            response = answer.get();
        } catch (SidecarFailure failure) {
            responses.onError(failure.toStatus());
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    private final class RecordAuthorization implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String authorization = headers.get(BearerAuth.AUTHORIZATION);
            authorizations.add(authorization == null ? "<none>" : authorization);
            return next.startCall(call, headers);
        }
    }

    // ------------------------------------------------------------------ building responses

    /** Thrown by a behaviour to end the call with an ErrorDetail in the trailers. */
    static final class SidecarFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Status.Code code;
        final ErrorDetail detail;

        SidecarFailure(Status.Code code, String sqlState, String message, String rule) {
            super(message);
            this.code = code;
            this.detail = ErrorDetail.newBuilder().setSqlState(sqlState).setMessage(message).setRule(rule).build();
        }

        io.grpc.StatusRuntimeException toStatus() {
            return error(code, detail);
        }
    }

    static io.grpc.StatusRuntimeException error(Status.Code code, ErrorDetail detail) {
        Metadata trailers = new Metadata();
        trailers.put(StatusTranslator.ERROR_DETAIL, detail);
        return Status.fromCode(code).withDescription(detail.getMessage()).asRuntimeException(trailers);
    }

    static io.grpc.StatusRuntimeException error(String sqlState, String message) {
        return error(Status.Code.FAILED_PRECONDITION, ErrorDetail.newBuilder().setSqlState(sqlState).setMessage(message).build());
    }

    static ColumnMeta column(String name, int jdbcType, WireType wireType) {
        return ColumnMeta.newBuilder().setName(name).setLabel(name).setJdbcType(jdbcType)
                .setTypeName(java.sql.JDBCType.valueOf(jdbcType).getName()).setWireType(wireType).setNullable(1).build();
    }

    static ExecuteResponse header(ColumnMeta... columns) {
        return ExecuteResponse.newBuilder().setHeader(ResultHeader.newBuilder().addAllColumns(List.of(columns))).build();
    }

    static ExecuteResponse batch(int rows, ColumnVector... columns) {
        return ExecuteResponse.newBuilder().setBatch(rowBatch(rows, columns)).build();
    }

    static RowBatch rowBatch(int rows, ColumnVector... columns) {
        return RowBatch.newBuilder().setRowCount(rows).addAllColumns(List.of(columns)).build();
    }

    static ExecuteResponse update(long count) {
        return ExecuteResponse.newBuilder().setUpdate(UpdateResult.newBuilder().setUpdateCount(count)).build();
    }

    /** Several messages as one (protocol version 2). */
    static ExecuteResponse bundle(ExecuteResponse... parts) {
        return ExecuteResponse.newBuilder()
                .setBundle(dev.gatehouse.proto.v1.Bundle.newBuilder().addAllParts(List.of(parts))).build();
    }

    static ExecuteResponse done(String... warnings) {
        return ExecuteResponse.newBuilder().setDone(ExecuteDone.newBuilder().addAllWarnings(List.of(warnings))).build();
    }

    static ColumnVector longs(long... values) {
        ColumnVector.Builder vector = ColumnVector.newBuilder();
        for (long value : values) {
            vector.addLongs(value);
        }
        return vector.build();
    }

    static ColumnVector strings(String... values) {
        return ColumnVector.newBuilder().addAllStrings(List.of(values)).build();
    }

    static ColumnVector doubles(double... values) {
        ColumnVector.Builder vector = ColumnVector.newBuilder();
        for (double value : values) {
            vector.addDoubles(value);
        }
        return vector.build();
    }

    static ColumnVector bools(boolean... values) {
        ColumnVector.Builder vector = ColumnVector.newBuilder();
        for (boolean value : values) {
            vector.addBools(value);
        }
        return vector.build();
    }

    static ColumnVector blobs(byte[]... values) {
        ColumnVector.Builder vector = ColumnVector.newBuilder();
        for (byte[] value : values) {
            vector.addBlobs(ByteString.copyFrom(value));
        }
        return vector.build();
    }

    /** A null bitmap with the given rows set, laid out as the proto says. */
    static ByteString nulls(int rows, int... nullRows) {
        byte[] bits = new byte[(rows + 7) / 8];
        for (int row : nullRows) {
            bits[row >> 3] |= (byte) (1 << (row & 7));
        }
        return ByteString.copyFrom(bits);
    }
}
