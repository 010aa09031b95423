package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.exec.BackendSession;
import dev.gatehouse.sidecar.exec.Stoppable;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One agent connection: who opened it, on which datasource, its backend side, and the
 * statements running in it (so Cancel can find them).
 */
final class Session {
  private final String id;
  private final Principal openedBy;
  private final BackendSession backend;
  private final Instant openedAt;
  private final boolean bundles;
  private final Map<String, String> clientInfo = new ConcurrentHashMap<>();
  private final Map<String, Stoppable> running = new ConcurrentHashMap<>();
  private volatile long lastUsedNanos = System.nanoTime();
  private volatile java.time.Instant credentialExpires;

  Session(String id, Principal openedBy, BackendSession backend, Map<String, String> clientInfo,
      boolean bundles) {
    this.id = id;
    this.bundles = bundles;
    this.openedBy = openedBy;
    this.backend = backend;
    this.openedAt = Instant.now();
    this.credentialExpires = openedBy.expiresAt();
    this.clientInfo.putAll(clientInfo);
  }

  String id() {
    return id;
  }

  Principal openedBy() {
    return openedBy;
  }

  /** Whether the driver accepts several Execute messages bundled into one (protocol 2). */
  boolean bundles() {
    return bundles;
  }

  BackendSession backend() {
    return backend;
  }

  String datasource() {
    return backend.backend().name();
  }

  Instant openedAt() {
    return openedAt;
  }

  Map<String, String> clientInfo() {
    return clientInfo;
  }

  void touch() {
    lastUsedNanos = System.nanoTime();
  }

  /** Notes the token of the latest call: the session lives on while its owner can still speak. */
  void touch(Principal caller) {
    touch();
    if (caller.expiresAt() != null && (credentialExpires == null
        || caller.expiresAt().isAfter(credentialExpires))) {
      credentialExpires = caller.expiresAt();
    }
  }

  /**
   * When the newest token seen for this session expired ({@code null} if unknown). A session
   * whose owner has had no valid token for a while can never be closed by it, so the sidecar
   * closes it (rolling back its transaction) instead of holding its locks.
   */
  Instant credentialExpires() {
    return credentialExpires;
  }

  long idleNanos() {
    return System.nanoTime() - lastUsedNanos;
  }

  void register(String statementId, Stoppable run) {
    if (!statementId.isEmpty()) {
      running.put(statementId, run);
    }
  }

  void unregister(String statementId, Stoppable run) {
    if (!statementId.isEmpty()) {
      running.remove(statementId, run);
    }
  }

  /** Cancels a running statement; false when none runs under that id. */
  boolean cancel(String statementId) {
    Stoppable run = running.get(statementId);
    if (run == null) {
      return false;
    }
    run.stop(Stoppable.Reason.CANCELLED);
    return true;
  }

  /** Stops everything running and releases the backend side. */
  void close() {
    for (Stoppable run : running.values()) {
      run.stop(Stoppable.Reason.CANCELLED);
    }
    backend.close();
  }
}
