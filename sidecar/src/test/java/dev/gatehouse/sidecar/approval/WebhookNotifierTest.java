package dev.gatehouse.sidecar.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.policy.Effect;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.RuleConditions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private HttpServer server;
  private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
      if (status == 200) {
        bodies.add(body);
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  static PendingRequest request() {
    Principal p = new Principal("ada", "https://idp/", Set.of("agents"), Set.of(), Map.of(),
        Instant.now().plusSeconds(60));
    PolicyRule rule = new PolicyRule("deletes-need-a-manager", null,
        new RuleConditions(List.of(), List.of(), Set.of(), List.of(), List.of(), List.of(), null, null),
        Effect.APPROVE, null, List.of("group:managers"), null);
    return new PendingRequest("apr-1", p, "s1", "orders", "DELETE FROM orders WHERE id = 7",
        List.of("?"), List.of(rule), Instant.now(), Instant.now().plusSeconds(300),
        new CompletableFuture<>());
  }

  @Test
  void postsASlackCompatibleMessageSayingWhatIsAskedAndHowToDecide() throws Exception {
    try (WebhookNotifier n = new WebhookNotifier(url(), "127.0.0.1:7434", Duration.ofMillis(10))) {
      n.accept(request());
      JsonNode msg = new ObjectMapper().readTree(bodies.poll(10, TimeUnit.SECONDS));
      String text = msg.get("text").asText();
      assertTrue(text.contains("ada") && text.contains("DELETE FROM orders WHERE id = 7"), text);
      assertTrue(text.contains("approvals approve apr-1"), text);
      assertEquals("section", msg.get("blocks").get(0).get("type").asText());
    }
  }

  @Test
  void retriesWithBackoffAndNeverBlocksTheCaller() throws Exception {
    failuresLeft.set(2);
    try (WebhookNotifier n = new WebhookNotifier(url(), "a:1", Duration.ofMillis(50))) {
      long start = System.nanoTime();
      n.accept(request());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "accept returns at once");
      assertTrue(bodies.poll(10, TimeUnit.SECONDS) != null, "delivered on the third attempt");
    }
  }

  @Test
  void aDeadWebhookIsGivenUpWithoutThrowing() throws Exception {
    server.stop(0);
    try (WebhookNotifier n = new WebhookNotifier(url(), "a:1", Duration.ofMillis(10))) {
      n.accept(request());
      Thread.sleep(300);
    }
    assertTrue(bodies.isEmpty());
  }
}
