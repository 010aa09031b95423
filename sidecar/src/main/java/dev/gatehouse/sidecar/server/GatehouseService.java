package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.CancelRequest;
import dev.gatehouse.proto.v1.CancelResponse;
import dev.gatehouse.proto.v1.CloseSessionRequest;
import dev.gatehouse.proto.v1.CloseSessionResponse;
import dev.gatehouse.proto.v1.DatabaseInfo;
import dev.gatehouse.proto.v1.EndTransactionRequest;
import dev.gatehouse.proto.v1.EndTransactionResponse;
import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteBatchResponse;
import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.GatehouseGrpc;
import dev.gatehouse.proto.v1.GetMetadataRequest;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.proto.v1.OpenSessionResponse;
import dev.gatehouse.proto.v1.PingRequest;
import dev.gatehouse.proto.v1.PingResponse;
import dev.gatehouse.proto.v1.ProtocolVersion;
import dev.gatehouse.proto.v1.SetSessionStateRequest;
import dev.gatehouse.proto.v1.SetSessionStateResponse;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.exec.BackendSession;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.TreeSet;

/**
 * The gRPC face of the sidecar: maps each call of {@code gatehouse.v1.Gatehouse} onto sessions
 * and the {@link StatementPipeline}, and every failure onto an error the driver understands.
 */
final class GatehouseService extends GatehouseGrpc.GatehouseImplBase {
  static final String SERVER_VERSION = versionOf(GatehouseService.class);

  private final Map<String, Datasource> datasources;
  private final SessionRegistry sessions;
  private final StatementPipeline pipeline;
  private final SessionEvents events;

  GatehouseService(
      Map<String, Datasource> datasources,
      SessionRegistry sessions,
      StatementPipeline pipeline,
      SessionEvents events) {
    this.datasources = datasources;
    this.sessions = sessions;
    this.pipeline = pipeline;
    this.events = events;
  }

  private static Principal principal() {
    Principal p = AuthInterceptor.PRINCIPAL.get();
    if (p == null) {
      // The interceptor runs before every handler; reaching here without a principal is a bug,
      // and a bug on the identity path must deny.
      throw new GatehouseException(GatehouseException.INVALID_AUTHORIZATION, "not authenticated");
    }
    return p;
  }

  @Override
  public void openSession(OpenSessionRequest req, StreamObserver<OpenSessionResponse> out) {
    Errors.unary(out, () -> {
      Principal p = principal();
      if (req.getProtocolVersion() < ProtocolVersion.PROTOCOL_VERSION_FIRST_VALUE) {
        throw new GatehouseException(
            GatehouseException.CONNECTION_FAILED,
            "the driver speaks protocol version " + req.getProtocolVersion()
                + "; this sidecar needs " + ProtocolVersion.PROTOCOL_VERSION_FIRST_VALUE
                + " or newer: upgrade the Gatehouse driver");
      }
      // Speak the older of the two versions: a driver of version 1 gets no bundles.
      int version =
          Math.min(req.getProtocolVersion(), ProtocolVersion.PROTOCOL_VERSION_CURRENT_VALUE);
      Datasource ds = datasources.get(req.getDatasource());
      if (ds == null) {
        throw new GatehouseException(
            GatehouseException.CONNECTION_FAILED,
            "unknown datasource '" + req.getDatasource() + "': this sidecar serves "
                + String.join(", ", new TreeSet<>(datasources.keySet()))
                + " (the DATASOURCE in jdbc:gatehouse://host:port/DATASOURCE)");
      }
      Map<String, String> info = ds.backend().databaseInfo();
      BackendSession bs = new BackendSession(ds.backend());
      if (req.hasReadOnly()) {
        bs.setReadOnly(req.getReadOnly());
      }
      Session s = new Session(sessions.newId(), p, bs, req.getClientInfoMap(),
          version >= ProtocolVersion.PROTOCOL_VERSION_BUNDLES_VALUE);
      try {
        events.opened(s);
      } catch (RuntimeException e) {
        bs.close();
        throw e;
      }
      sessions.add(s);
      return OpenSessionResponse.newBuilder()
          .setSessionId(s.id())
          .setProtocolVersion(version)
          .setServerVersion(SERVER_VERSION)
          .setPrincipal(p.subject())
          .setDatabase(DatabaseInfo.newBuilder().putAllProperties(info))
          .setState(bs.state())
          .build();
    });
  }

  @Override
  public void closeSession(CloseSessionRequest req, StreamObserver<CloseSessionResponse> out) {
    Errors.unary(out, () -> {
      Session s = sessions.remove(req.getSessionId(), principal());
      s.close();
      events.closed(s, "closed by the client");
      return CloseSessionResponse.getDefaultInstance();
    });
  }

  @Override
  public void execute(ExecuteRequest req, StreamObserver<ExecuteResponse> out) {
    try {
      pipeline.execute(principal(), req, (ServerCallStreamObserver<ExecuteResponse>) out);
    } catch (RuntimeException e) {
      out.onError(Errors.toStatus(e));
    }
  }

  @Override
  public void executeBatch(ExecuteBatchRequest req, StreamObserver<ExecuteBatchResponse> out) {
    Errors.unary(out, () -> pipeline.executeBatch(principal(), req));
  }

  @Override
  public void cancel(CancelRequest req, StreamObserver<CancelResponse> out) {
    Errors.unary(out, () -> {
      Session s = sessions.get(req.getSessionId(), principal());
      return CancelResponse.newBuilder().setCancelled(s.cancel(req.getStatementId())).build();
    });
  }

  @Override
  public void setSessionState(
      SetSessionStateRequest req, StreamObserver<SetSessionStateResponse> out) {
    Errors.unary(out, () -> {
      Session s = sessions.get(req.getSessionId(), principal());
      BackendSession b = s.backend();
      if (req.hasAutoCommit()) {
        b.setAutoCommit(req.getAutoCommit());
      }
      if (req.hasReadOnly()) {
        b.setReadOnly(req.getReadOnly());
      }
      if (req.hasTransactionIsolation()) {
        b.setIsolation(req.getTransactionIsolation());
      }
      if (req.hasCatalog()) {
        b.setCatalog(req.getCatalog());
      }
      if (req.hasSchema()) {
        b.setSchema(req.getSchema());
      }
      s.clientInfo().putAll(req.getClientInfoMap());
      return SetSessionStateResponse.newBuilder().setState(b.state()).build();
    });
  }

  @Override
  public void endTransaction(
      EndTransactionRequest req, StreamObserver<EndTransactionResponse> out) {
    Errors.unary(out, () -> {
      Session s = sessions.get(req.getSessionId(), principal());
      BackendSession b = s.backend();
      // recorded before it happens: a commit the log cannot record does not happen
      events.transaction(s, req.getAction().name().toLowerCase(java.util.Locale.ROOT));
      switch (req.getAction()) {
        case COMMIT -> b.commit();
        case ROLLBACK -> b.rollback();
        case SET_SAVEPOINT -> b.setSavepoint(req.getSavepointId(), req.getSavepointName());
        case RELEASE_SAVEPOINT -> b.releaseSavepoint(req.getSavepointId());
        case ROLLBACK_TO_SAVEPOINT -> b.rollbackToSavepoint(req.getSavepointId());
        default -> throw new GatehouseException(
            GatehouseException.PROTOCOL_VIOLATION, "unknown transaction action " + req.getAction());
      }
      return EndTransactionResponse.getDefaultInstance();
    });
  }

  @Override
  public void getMetadata(GetMetadataRequest req, StreamObserver<ExecuteResponse> out) {
    try {
      pipeline.metadata(principal(), req, (ServerCallStreamObserver<ExecuteResponse>) out);
    } catch (RuntimeException e) {
      out.onError(Errors.toStatus(e));
    }
  }

  @Override
  public void ping(PingRequest req, StreamObserver<PingResponse> out) {
    Errors.unary(out, () -> {
      Session s = sessions.get(req.getSessionId(), principal());
      int seconds = Math.max(1, (req.getTimeoutMs() + 999) / 1000);
      return PingResponse.newBuilder().setValid(s.backend().isValid(seconds)).build();
    });
  }


  private static String versionOf(Class<?> c) {
    String v = c.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
