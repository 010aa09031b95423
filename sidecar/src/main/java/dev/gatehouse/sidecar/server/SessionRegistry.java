package dev.gatehouse.sidecar.server;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open sessions. Session ids are unguessable, and a session answers only to the principal
 * that opened it: another token, even a valid one, cannot use or close it.
 */
final class SessionRegistry {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  String newId() {
    byte[] b = new byte[18];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  void add(Session s) {
    sessions.put(s.id(), s);
  }

  /**
   * The session with this id, if it was opened by {@code caller}.
   *
   * @throws GatehouseException 08003 when there is no such session for this caller (the same
   *     answer either way, so ids cannot be probed)
   */
  Session get(String id, Principal caller) {
    Session s = sessions.get(id);
    if (s == null || !s.openedBy().id().equals(caller.id())) {
      throw new GatehouseException(
          GatehouseException.CONNECTION_DOES_NOT_EXIST,
          "no such session: it was closed, expired after being idle, or the sidecar restarted;"
              + " open a new connection");
    }
    s.touch(caller);
    return s;
  }

  Session remove(String id, Principal caller) {
    Session s = get(id, caller);
    sessions.remove(id, s);
    return s;
  }

  int size() {
    return sessions.size();
  }

  /**
   * Closes sessions idle for longer than {@code maxIdle}, and sessions whose owner's newest
   * token expired more than {@code orphanAfter} ago; tells {@code onExpired} about each.
   */
  void expireIdle(Duration maxIdle, Duration orphanAfter, Consumer<Session> onExpired) {
    long limit = maxIdle.toNanos();
    java.time.Instant orphaned = java.time.Instant.now().minus(orphanAfter);
    List<Session> expired = new ArrayList<>();
    for (Session s : sessions.values()) {
      boolean tokenGone = s.credentialExpires() != null
          && s.credentialExpires().isBefore(orphaned);
      if ((s.idleNanos() > limit || tokenGone) && sessions.remove(s.id(), s)) {
        expired.add(s);
      }
    }
    for (Session s : expired) {
      s.close();
      onExpired.accept(s);
    }
  }

  /** Closes every session (shutdown). */
  List<Session> closeAll() {
    List<Session> all = new ArrayList<>(sessions.values());
    sessions.clear();
    for (Session s : all) {
      s.close();
    }
    return all;
  }
}
