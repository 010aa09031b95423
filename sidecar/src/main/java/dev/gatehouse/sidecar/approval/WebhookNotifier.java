package dev.gatehouse.sidecar.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a chat channel about each new approval request ({@code approvals.webhook}): a
 * Slack-compatible JSON message saying what is asked and how to decide. Delivery is
 * asynchronous with retries and exponential backoff; a failing webhook never blocks or loses a
 * request (the request waits on the desk either way, and {@code approvals list} shows it).
 */
public final class WebhookNotifier implements Consumer<PendingRequest>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  static final int ATTEMPTS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String adminAddress;
  private final Duration firstBackoff;
  private final HttpClient http;
  private final ScheduledExecutorService sender;

  /**
   * @param adminAddress where reviewers reach the admin API, for the "how to decide" hint
   * @param firstBackoff the wait before the first retry; doubled for each next one
   */
  public WebhookNotifier(URI url, String adminAddress, Duration firstBackoff) {
    this.url = url;
    this.adminAddress = adminAddress;
    this.firstBackoff = firstBackoff;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "gatehouse-webhook");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.sender = executor;
  }

  @Override
  public void accept(PendingRequest request) {
    String body = message(request, adminAddress);
    try {
      sender.execute(() -> send(body, request.id(), 1));
    } catch (RejectedExecutionException e) {
      log.warn("approval webhook not sent for {}: notifier closed", request.id());
    }
  }

  private void send(String body, String id, int attempt) {
    try {
      HttpRequest req = HttpRequest.newBuilder(url)
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (res.statusCode() / 100 == 2) {
        return;
      }
      retry(body, id, attempt, "HTTP " + res.statusCode());
    } catch (java.io.IOException e) {
      retry(body, id, attempt, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retry(String body, String id, int attempt, String why) {
    if (attempt >= ATTEMPTS) {
      log.warn("approval webhook for {} failed {} times ({}); the request still waits: see"
          + " 'approvals list'", id, attempt, why);
      return;
    }
    long delay = firstBackoff.toMillis() << (attempt - 1);
    log.info("approval webhook for {} failed ({}), retrying in {} ms", id, why, delay);
    try {
      sender.schedule(() -> send(body, id, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // shutting down
    }
  }

  /** The Slack-compatible message: text for any client, blocks for Slack. */
  static String message(PendingRequest r, String adminAddress) {
    String who = r.requester().subject();
    String headline = "Gatehouse: " + who + " asks to run a statement on " + r.datasource()
        + " (rule " + String.join(", ", r.ruleNames()) + ")";
    String how = "Decide: `gatehouse approvals approve " + r.id() + " --admin " + adminAddress
        + "` or `gatehouse approvals deny " + r.id() + " --reason \"…\" --admin " + adminAddress
        + "` (waits until " + r.expiresAt() + ")";
    ObjectNode root = JSON.createObjectNode();
    root.put("text", headline + "\n```" + r.sql() + "```\n" + how);
    ArrayNode blocks = root.putArray("blocks");
    section(blocks, "*" + headline + "*");
    section(blocks, "```" + r.sql() + "```");
    if (!r.parameters().isEmpty()) {
      section(blocks, "Parameters: " + String.join(", ", r.parameters()));
    }
    section(blocks, "Request `" + r.id() + "`, approvers: " + String.join(", ", r.approvers()));
    section(blocks, how);
    return root.toString();
  }

  private static void section(ArrayNode blocks, String markdown) {
    ObjectNode b = blocks.addObject();
    b.put("type", "section");
    b.putObject("text").put("type", "mrkdwn").put("text", markdown);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
