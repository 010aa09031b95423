package dev.gatehouse.sidecar.approval;

import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.policy.PolicyRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Where statements that a rule sends to a human wait (SPEC §5 {@code effect: approve}, §6).
 *
 * <p>Separation of duties: only a principal matching the approvers of every rule that holds a
 * statement may decide it, and never the principal that sent it. Every decision, refusal,
 * timeout and withdrawal goes to the audit log before it takes effect.
 *
 * <p>Thread-safe: agents wait on their own threads; reviewers decide from the admin API.
 */
public final class ApprovalDesk {
  private final Duration timeout;
  private final Clock clock;
  private final ApprovalEvents events;
  private final Consumer<PendingRequest> notifier;
  private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /**
   * @param timeout how long a request waits for a reviewer ({@code approvals.timeout})
   * @param notifier told of each new request (the webhook); must not block
   */
  public ApprovalDesk(Duration timeout, Clock clock, ApprovalEvents events,
      Consumer<PendingRequest> notifier) {
    this.timeout = timeout;
    this.clock = clock;
    this.events = events;
    this.notifier = notifier;
  }

  /** A grant in force that opens every one of {@code rules} for this principal, if any. */
  public Optional<Grant> grantFor(Principal p, String datasource, List<PolicyRule> rules) {
    Instant now = clock.instant();
    List<String> names = rules.stream().map(PolicyRule::name).toList();
    grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    return grants.values().stream().filter(g -> g.covers(p.id(), datasource, names, now))
        .findFirst();
  }

  /** Opens a request; the audit log has it before any reviewer can see it. */
  public PendingRequest request(Principal requester, String session, String datasource,
      String sql, List<String> parameters, List<PolicyRule> rules) {
    Instant now = clock.instant();
    PendingRequest r = new PendingRequest(newId("apr"), requester, session, datasource, sql,
        parameters, rules, now, now.plus(timeout), new CompletableFuture<>());
    events.requested(r);
    pending.put(r.id(), r);
    notifier.accept(r);
    return r;
  }

  /**
   * Waits for the request's verdict, at most {@code wait} (the shorter of the desk's timeout and
   * the agent's own query timeout). A wait that runs out ends the request as timed out.
   */
  public Verdict await(PendingRequest r, Duration wait) {
    try {
      return r.verdict().get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return end(r, new Verdict(Verdict.Outcome.TIMED_OUT, null,
          "no reviewer decided within " + wait.toSeconds() + " s"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end(r, new Verdict(Verdict.Outcome.WITHDRAWN, null, "the waiting call was interrupted"));
    } catch (ExecutionException e) {
      return end(r, new Verdict(Verdict.Outcome.WITHDRAWN, null, "internal error"));
    }
  }

  /** The agent gave up (cancel, connection closed): the request can no longer be approved. */
  public void withdraw(PendingRequest r, String why) {
    end(r, new Verdict(Verdict.Outcome.WITHDRAWN, null, why));
  }

  /** Ends the wait with {@code verdict} unless a decision came first; returns the final one. */
  private synchronized Verdict end(PendingRequest r, Verdict verdict) {
    if (r.verdict().isDone()) {
      return r.verdict().join();
    }
    pending.remove(r.id());
    try {
      events.decided(r, verdict, null);
    } finally {
      r.verdict().complete(verdict);
    }
    return verdict;
  }

  /**
   * A reviewer's decision.
   *
   * @return the grant the approval opened, if the rules grant one
   * @throws GatehouseException 42501 when the reviewer may not decide this request (recorded)
   */
  public synchronized Optional<Grant> decide(String id, Principal reviewer, boolean approve,
      String reason) {
    PendingRequest r = pending.get(id);
    if (r == null) {
      throw refuse(id, reviewer, "no request " + id + " is waiting (decided, timed out or"
          + " withdrawn)");
    }
    if (r.requester().id().equals(reviewer.id())) {
      throw refuse(id, reviewer, "a principal may not decide its own request");
    }
    for (PolicyRule rule : r.rules()) {
      if (rule.approvers().stream().noneMatch(reviewer::matches)) {
        throw refuse(id, reviewer, "not an approver under rule " + rule.name() + " (approvers: "
            + String.join(", ", rule.approvers()) + ")");
      }
    }
    Verdict verdict = new Verdict(approve ? Verdict.Outcome.APPROVED : Verdict.Outcome.DENIED,
        reviewer.subject(), reason == null ? "" : reason);
    Grant grant = approve ? grantOf(r, reviewer) : null;
    pending.remove(id);
    events.decided(r, verdict, grant);
    if (grant != null) {
      grants.put(grant.id(), grant);
    }
    r.verdict().complete(verdict);
    return Optional.ofNullable(grant);
  }

  private Grant grantOf(PendingRequest r, Principal reviewer) {
    Duration shortest = null;
    for (PolicyRule rule : r.rules()) {
      if (rule.grant() == null) {
        return null; // every rule must grant a window, or none is opened
      }
      shortest = shortest == null || rule.grant().compareTo(shortest) < 0 ? rule.grant() : shortest;
    }
    Instant now = clock.instant();
    return new Grant(newId("grt"), r.requester().id(), r.requester().subject(),
        r.requester().issuer(), r.datasource(), r.ruleNames(), reviewer.subject(), now,
        now.plus(shortest));
  }

  private GatehouseException refuse(String id, Principal reviewer, String why) {
    events.refused(id, reviewer, why);
    return new GatehouseException(GatehouseException.ACCESS_DENIED, "cannot decide: " + why);
  }

  /** Ends a grant early, checking the revoker against the rules the grant came from. */
  public synchronized void revoke(String grantId, Principal by, String reason,
      java.util.function.Function<String, PolicyRule> ruleByName) {
    Grant g = grants.get(grantId);
    if (g == null) {
      throw new GatehouseException(GatehouseException.ACCESS_DENIED,
          "no grant " + grantId + " is in force");
    }
    boolean approver = g.rules().stream().map(ruleByName).allMatch(rule -> rule != null
        && rule.approvers().stream().anyMatch(by::matches));
    if (!approver && !g.principalId().equals(by.id())) {
      throw new GatehouseException(GatehouseException.ACCESS_DENIED, "cannot revoke grant "
          + grantId + ": only its holder or an approver of its rules may");
    }
    events.grantRevoked(g, by, reason);
    grants.remove(grantId);
  }

  /** Requests waiting, oldest first. */
  public List<PendingRequest> pending() {
    List<PendingRequest> out = new ArrayList<>(pending.values());
    out.sort(Comparator.comparing(PendingRequest::requestedAt));
    return out;
  }

  /** Grants in force. */
  public List<Grant> grants() {
    Instant now = clock.instant();
    grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    List<Grant> out = new ArrayList<>(grants.values());
    out.sort(Comparator.comparing(Grant::grantedAt));
    return out;
  }

  public Duration timeout() {
    return timeout;
  }

  private String newId(String prefix) {
    byte[] b = new byte[6];
    random.nextBytes(b);
    return prefix + "-" + HexFormat.of().formatHex(b);
  }
}
