package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.GrpcEcho;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 73, the fixed retry policy modelled on App Mesh's default: a gRPC {@code UNAVAILABLE} is
 * retried on another task like an HTTP 503, and circuit breakers are effectively off, so a burst of
 * concurrent requests to one service queues instead of overflowing (Envoy's defaults would answer
 * 503 beyond 1,024 pending requests or connections).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec73RetryPolicyTest {
  private static final int BURST = 2_000;
  private static final long SLOW_MILLIS = 8_000;

  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task slowTask;
  private EchoApp slowApp;
  private final Map<String, GrpcEcho> quotes = new ConcurrentHashMap<>();

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("grpc", "api", 8080, "grpc");
    mesh.taskDefinition("web", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "quotes", "grpc", 3, Sc.server("prod", Sc.port("api", "quotes", "quotes", 80)));
    mesh.service("shop", "slow", "web", 1, Sc.server("prod", Sc.port("api", "slow", "slow", 80)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 73, 1, 0);
    for (int b = 11; b <= 13; b++) {
      mesh.taskWith("shop", "quotes", 73, b, (spec, hosts) -> {
        GrpcEcho app = GrpcEcho.start(spec.taskId(), spec.appIp(), 8080);
        quotes.put(spec.taskId(), app);
        return app;
      });
    }
    slowTask = mesh.taskWith("shop", "slow", 73, 21, (spec, hosts) -> {
      slowApp = EchoApp.start(spec.taskId(), spec.appIp(), 8080, BURST + 100);
      return slowApp;
    });
    Map.of("quotes", 3, "slow", 1).forEach((s, n) ->
        Await.until(Duration.ofSeconds(10), "checkout maps " + s + " and has its " + n + " tasks",
            () -> checkout.resolve(s) != null && EnvoyAdmin.hosts(checkout, s) == n));
    EnvoyAdmin.awaitSettled(checkout, "quotes");
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aGrpcUnavailableIsRetriedOnAnotherTaskAndNoCallFails() {
    GrpcEcho unavailable = quotes.values().iterator().next();
    unavailable.failWith(Status.UNAVAILABLE.withDescription("draining"));
    long retries = EnvoyAdmin.stat(checkout, "cluster.egress~quotes.upstream_rq_retry");
    int refusedBefore = unavailable.calls();
    Map<String, Integer> answeredBy = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    ManagedChannel ch = GrpcEcho.channel(checkout.resolve("quotes"), 80);
    try {
      for (int i = 0; i < 30; i++) {
        try {
          answeredBy.merge(GrpcEcho.who(ch), 1, Integer::sum);
        } catch (RuntimeException e) {
          errors.add(String.valueOf(e));
        }
      }
    } finally {
      GrpcEcho.close(ch);
      unavailable.failWith(null);
    }
    int refused = unavailable.calls() - refusedBefore;
    long retried = EnvoyAdmin.stat(checkout, "cluster.egress~quotes.upstream_rq_retry") - retries;
    System.out.println("spec 73: 30 gRPC calls, one of 3 tasks answers UNAVAILABLE: it got " + refused
        + " calls, retries " + retried + ", answered by " + answeredBy.values() + ", client errors " + errors.size());
    assertEquals(List.of(), errors, "client errors");
    assertEquals(30, answeredBy.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(!answeredBy.containsKey(unavailable.taskId()), "the UNAVAILABLE task answered: " + answeredBy);
    // spec 37 ejects it after 5 consecutive failures (grpc-status 14 counts as a 503), so it sees 5 or so
    assertTrue(refused >= 2, "round robin sent the UNAVAILABLE task only " + refused + " calls");
    assertEquals(refused, retried, "one retry per UNAVAILABLE");
  }

  @Test
  void twoThousandConcurrentSlowRequestsToOneServiceNeverOverflow() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)).build();
    URI uri = URI.create("http://" + checkout.resolve("slow") + ":80/?delay=" + SLOW_MILLIS);
    long t0 = System.nanoTime();
    List<CompletableFuture<Integer>> replies = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      replies.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(50)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).handle((r, e) -> e == null ? r.statusCode() : -1));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (CompletableFuture<Integer> r : replies) {
      statuses.merge(r.get(), 1, Integer::sum);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // every overflow counter of both proxies: the client's cluster slow, the server's app/slow (stat names
    // egress~slow and ingress~slow)
    Map<String, Long> overflows = new TreeMap<>(overflowCounters(checkout, "client ", "cluster.egress~slow."));
    overflows.putAll(overflowCounters(slowTask, "server ", "cluster.ingress~slow."));
    System.out.println("spec 73: " + BURST + " concurrent " + SLOW_MILLIS + " ms requests in " + millis
        + " ms: statuses " + statuses + ", at most " + slowApp.maxInFlight() + " at the app at once, " + overflows);
    assertEquals(Map.of(200, BURST), statuses, "client-side statuses");
    for (String counter : List.of("client cluster.egress~slow.upstream_rq_pending_overflow",
        "client cluster.egress~slow.upstream_cx_overflow", "server cluster.ingress~slow.upstream_rq_pending_overflow",
        "server cluster.ingress~slow.upstream_cx_overflow")) {
      assertTrue(overflows.containsKey(counter), counter + " is missing from " + overflows);
    }
    overflows.forEach((name, n) -> assertEquals(0L, n, name));
    assertTrue(slowApp.maxInFlight() > 1_024, "the burst never exceeded Envoy's default limits: "
        + slowApp.maxInFlight() + " at once");
    assertNotEquals(-1L, EnvoyAdmin.stat(checkout, "cluster.egress~slow.upstream_rq_total"), "the client's stats exist");
  }

  /** The {@code *_overflow} counters of a sidecar's cluster {@code prefix}, named with {@code side} in front. */
  private static Map<String, Long> overflowCounters(Mesh.Task task, String side, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : EnvoyAdmin.stats(task, "_overflow").split("\n")) {
      int colon = line.lastIndexOf(": ");
      if (colon > 0 && line.startsWith(prefix)) {
        out.put(side + line.substring(0, colon), Long.parseLong(line.substring(colon + 2).trim()));
      }
    }
    return out;
  }
}
