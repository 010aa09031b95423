package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.approval.ApprovalDesk;
import dev.gatehouse.sidecar.approval.PendingRequest;
import dev.gatehouse.sidecar.approval.WebhookNotifier;
import dev.gatehouse.sidecar.audit.AuditLog;
import dev.gatehouse.sidecar.auth.TokenVerifier;
import dev.gatehouse.sidecar.config.AdminConfig;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.ListenConfig;
import dev.gatehouse.sidecar.exec.Backend;
import dev.gatehouse.sidecar.mask.MaskingKey;
import dev.gatehouse.sidecar.policy.PolicyStore;
import dev.gatehouse.sidecar.sql.AnalyzerSettings;
import dev.gatehouse.sidecar.sql.LiteralRedactor;
import dev.gatehouse.sidecar.sql.SqlAnalyzer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sidecar: backends, sessions, the agents' listeners (TCP, and a Unix domain socket
 * when configured) and the reviewers' admin listener. Built from a validated
 * {@link GatehouseConfig}; {@link #close()} shuts it down cleanly (sessions rolled back, pools
 * closed, the audit log flushed).
 */
public final class GatehouseServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatehouseServer.class);
  /** Sessions unused for this long are closed (their transactions rolled back). */
  static final Duration MAX_IDLE = Duration.ofMinutes(30);
  /**
   * A session whose owner's newest token expired this long ago is closed: without a valid token
   * nobody can use or close it, and an open transaction would hold its locks.
   */
  static final Duration ORPHAN_AFTER = Duration.ofMinutes(2);
  /** Largest message the sidecar accepts (a big batch of parameters). */
  static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;
  /** First wait before a failed approval webhook is retried; doubled each time. */
  static final Duration WEBHOOK_BACKOFF = Duration.ofSeconds(1);

  private final GatehouseConfig config;
  private final Map<String, Datasource> datasources;
  private final PolicyStore<ActivePolicy> policies;
  private final SessionRegistry sessions = new SessionRegistry();
  private final ScheduledExecutorService timers;
  private final List<Server> servers = new ArrayList<>();
  private final TokenVerifier verifier;
  private final Auditor auditor;
  private final ApprovalDesk desk;
  private final WebhookNotifier webhook;
  private EventLoopGroup socketLoop;
  private Path socketPath;
  private int port;
  private int adminPort;

  private GatehouseServer(
      GatehouseConfig config,
      Map<String, Datasource> datasources,
      PolicyStore<ActivePolicy> policies,
      TokenVerifier verifier,
      AuditLog auditLog) {
    this.config = config;
    this.datasources = datasources;
    this.policies = policies;
    this.verifier = verifier;
    this.auditor = new Auditor(auditLog, (ds, sql) -> {
      Datasource d = datasources.get(ds);
      return d == null ? new LiteralRedactor(DatasourceConfig.Dialect.H2).redact(sql) : d.auditText(sql);
    });
    this.timers = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "gatehouse-timers");
      t.setDaemon(true);
      return t;
    });
    AdminConfig admin = config.admin();
    if (admin == null) {
      this.webhook = null;
      this.desk = null;
    } else {
      String adminAddress = admin.host() + ":" + admin.port();
      this.webhook = config.approvals().webhook() == null
          ? null
          : new WebhookNotifier(config.approvals().webhook(), adminAddress, WEBHOOK_BACKOFF);
      Consumer<PendingRequest> notify = webhook == null ? r -> { } : webhook;
      this.desk = new ApprovalDesk(config.approvals().timeout(), Clock.systemUTC(), auditor, notify);
    }
  }

  /**
   * Loads the policy, starts backends and listeners; returns once the sidecar accepts
   * connections.
   *
   * @throws ConfigException when the policy does not load (nothing is started then)
   */
  public static GatehouseServer start(GatehouseConfig config, TokenVerifier verifier)
      throws IOException, ConfigException {
    Map<String, SqlAnalyzer> analyzers = new LinkedHashMap<>();
    Map<String, MaskingKey> keys = new LinkedHashMap<>();
    for (DatasourceConfig ds : config.datasources().values()) {
      analyzers.put(ds.name(), new SqlAnalyzer(AnalyzerSettings.forDatasource(ds)));
      keys.put(ds.name(), maskingKey(ds));
    }
    PolicyStore<ActivePolicy> policies = PolicyStore.load(config.policy(),
        policy -> ActivePolicy.compile(policy, analyzers, keys));
    AuditLog auditLog = AuditLog.open(config.audit());
    Map<String, Datasource> datasources = new LinkedHashMap<>();
    try {
      for (DatasourceConfig ds : config.datasources().values()) {
        Backend backend = Backend.start(ds);
        datasources.put(ds.name(), new Datasource(backend, analyzers.get(ds.name()),
            new LiteralRedactor(backend.dialect()), config.audit().redactLiterals()));
      }
    } catch (RuntimeException e) {
      datasources.values().forEach(d -> d.backend().close());
      auditLog.close();
      throw e;
    }
    // Warm the parser in the background: the first statements may be slower, never refused.
    Thread warm = new Thread(
        () -> analyzers.values().forEach(SqlAnalyzer::warmUp), "gatehouse-warmup");
    warm.setDaemon(true);
    warm.setPriority(Thread.MIN_PRIORITY);
    warm.start();
    GatehouseServer server =
        new GatehouseServer(config, Map.copyOf(datasources), policies, verifier, auditLog);
    try {
      server.listen();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void listen() throws IOException {
    StatementPipeline pipeline = new StatementPipeline(sessions, datasources, policies, timers,
        auditor, config.audit().recordRows(), desk, config.audit().redactLiterals());
    GatehouseService service = new GatehouseService(datasources, sessions, pipeline, auditor);
    ServerServiceDefinition agents = authenticated(service);
    ListenConfig listen = config.listen();
    Server tcp = NettyServerBuilder.forAddress(new InetSocketAddress(listen.host(), listen.port()))
        .addService(agents)
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build()
        .start();
    servers.add(tcp);
    port = ((InetSocketAddress) tcp.getListenSockets().get(0)).getPort();

    if (listen.socket() != null) {
      socketPath = listen.socket();
      Files.deleteIfExists(socketPath);
      if (socketPath.getParent() != null) {
        Files.createDirectories(socketPath.getParent());
      }
      socketLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
      Server uds = NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(socketPath))
          .channelType(NioServerDomainSocketChannel.class)
          .bossEventLoopGroup(socketLoop)
          .workerEventLoopGroup(socketLoop)
          .addService(agents)
          .maxInboundMessageSize(MAX_INBOUND_BYTES)
          .build()
          .start();
      servers.add(uds);
    }
    if (desk != null) {
      AdminConfig admin = config.admin();
      Server adminServer = NettyServerBuilder.forAddress(
              new InetSocketAddress(admin.host(), admin.port()))
          .addService(authenticated(new AdminService(desk, policies)))
          .build()
          .start();
      servers.add(adminServer);
      adminPort = ((InetSocketAddress) adminServer.getListenSockets().get(0)).getPort();
    }
    timers.scheduleWithFixedDelay(
        () -> sessions.expireIdle(MAX_IDLE, ORPHAN_AFTER,
            s -> auditor.closed(s, "idle, or its owner's token expired")),
        1, 1, TimeUnit.MINUTES);
    timers.scheduleWithFixedDelay(policies::reloadIfChanged, 2, 2, TimeUnit.SECONDS);
  }

  /**
   * The key of the {@code hash} masking method: from {@code masking_key}, else random, so
   * hashes then stay stable only until the sidecar restarts.
   */
  public static MaskingKey maskingKey(DatasourceConfig ds) {
    if (ds.maskingKey() != null) {
      return MaskingKey.derive(ds.maskingKey().reveal(), ds.name());
    }
    return MaskingKey.random();
  }

  private ServerServiceDefinition authenticated(BindableService service) {
    return ServerInterceptors.intercept(
        service, new AuthInterceptor(verifier, auditor::authenticationFailed));
  }

  /** Reloads the policy now (SIGHUP); the old one stays in force when the new one is broken. */
  public boolean reloadPolicy(String why) {
    return policies.reload(why);
  }

  /** The TCP port (useful when the configuration asked for port 0). */
  public int port() {
    return port;
  }

  /** The admin API's port, or 0 when no admin API is configured. */
  public int adminPort() {
    return adminPort;
  }

  /** The Unix socket path, or {@code null}. */
  public Path socket() {
    return socketPath;
  }

  public List<String> datasources() {
    return List.copyOf(datasources.keySet());
  }

  int openSessions() {
    return sessions.size();
  }

  /** Blocks until the server is shut down. */
  public void awaitTermination() throws InterruptedException {
    for (Server s : servers) {
      s.awaitTermination();
    }
  }

  /**
   * Stops accepting calls, gives running calls a moment to finish, rolls back open sessions and
   * closes the pools.
   */
  @Override
  public void close() {
    for (Server s : servers) {
      s.shutdown();
    }
    for (Server s : servers) {
      try {
        if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
          s.shutdownNow();
        }
      } catch (InterruptedException e) {
        s.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    for (Session s : sessions.closeAll()) {
      auditor.closed(s, "sidecar shutting down");
    }
    timers.shutdownNow();
    if (webhook != null) {
      webhook.close();
    }
    datasources.values().forEach(d -> d.backend().close());
    auditor.close();
    if (socketLoop != null) {
      socketLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    if (socketPath != null) {
      try {
        Files.deleteIfExists(socketPath);
      } catch (IOException e) {
        log.warn("could not remove socket {}: {}", socketPath, e.getMessage());
      }
    }
    verifier.close();
  }
}
