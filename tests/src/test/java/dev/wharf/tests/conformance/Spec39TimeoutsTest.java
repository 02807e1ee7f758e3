package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.RawHttp;
import dev.wharf.tests.harness.Sc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 39 (and pain point 4.1): {@code perRequestTimeoutSeconds} default 15 s (504), N enforced, 0
 * disables; {@code idleTimeoutSeconds} default 300 s (HTTP) / 3600 s (TCP), closes idle connections,
 * 0 disables; idle shorter than per-request ends the request at idle; the API rejects a per-request
 * timeout on a TCP port. The slow requests (15 s, 20 s) start together in {@link #start} so the
 * class costs about 20 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec39TimeoutsTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task payments;
  private Mesh.Task ledger;

  /** A reply and how long it took. */
  record Timed(Http.Reply reply, long millis) {}

  private CompletableFuture<Timed> defaultSlow;
  private CompletableFuture<Timed> defaultStream;
  private CompletableFuture<Timed> unboundedSlow;
  private CompletableFuture<Timed> unboundedStream;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("web", "api", 8080, "http");
    mesh.taskDefinition("raw", "tcp", 8080, null);
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "web", 1, Sc.server("prod", Sc.port("api", "payments", "payments", 80)));
    mesh.service("shop", "quick", "web", 1,
        Sc.server("prod", Sc.timeout(Sc.port("api", "quick", "quick", 80), 2, null)));
    mesh.service("shop", "unbounded", "web", 1,
        Sc.server("prod", Sc.timeout(Sc.port("api", "unbounded", "unbounded", 80), 0, 0)));
    mesh.service("shop", "idle", "web", 1,
        Sc.server("prod", Sc.timeout(Sc.port("api", "idle", "idle", 80), 10, 2)));
    mesh.service("shop", "ledger", "raw", 1,
        Sc.server("prod", Sc.timeout(Sc.port("tcp", "ledger", "ledger", 80), null, 2)));
    // a TCP service with AWS's defaults; its client-side listener is enough, it needs no task
    mesh.service("shop", "archive", "raw", 1, Sc.server("prod", Sc.port("tcp", "archive", "archive", 80)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 60, 1, 0);
    payments = mesh.task("shop", "payments", 60, 11, 8080);
    mesh.task("shop", "quick", 60, 12, 8080);
    mesh.task("shop", "unbounded", 60, 13, 8080);
    mesh.task("shop", "idle", 60, 14, 8080);
    ledger = mesh.task("shop", "ledger", 60, 15, 8080);
    for (String s : new String[] {"payments", "quick", "unbounded", "idle", "ledger"}) {
      Await.until(Duration.ofSeconds(10), "checkout maps " + s + " and has its task",
          () -> checkout.resolve(s) != null && EnvoyAdmin.hosts(checkout, s) == 1);
    }
    Await.until(Duration.ofSeconds(10), "checkout maps archive", () -> checkout.resolve("archive") != null);
    // The slow ones run in the background while the quick tests run.
    defaultSlow = timed(url("payments") + "?delay=17000");
    defaultStream = CompletableFuture.supplyAsync(() -> {
      // by hand, to time the moment the proxy cuts the stream
      long t0 = System.nanoTime();
      String got = RawHttp.exchange(checkout.resolve("payments"), 80,
          "GET /?stream=20&every=1000 HTTP/1.1\r\nHost: payments\r\n\r\n", Duration.ofSeconds(25));
      long chunks = got.split(payments.id() + " ", -1).length - 1;
      return new Timed(new Http.Reply(RawHttp.status(got), null, chunks + " chunks"),
          (System.nanoTime() - t0) / 1_000_000);
    });
    unboundedSlow = timed(url("unbounded") + "?delay=20000");
    unboundedStream = timed(url("unbounded") + "?stream=20&every=1000");
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private String url(String alias) {
    return "http://" + checkout.resolve(alias) + ":80/";
  }

  private static CompletableFuture<Timed> timed(String url) {
    return CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      Http.Reply r = Http.get(url, Duration.ofSeconds(40));
      return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
    }, runnable -> {
      Thread t = new Thread(runnable, "slow-request");
      t.setDaemon(true);
      t.start();
    });
  }

  @Test
  void theDefaultPerRequestTimeoutAnswers504AtFifteenSeconds() {
    Timed t = defaultSlow.join();
    System.out.println("spec 39: default per-request timeout: " + t.reply().status() + " after " + t.millis() + " ms");
    assertEquals(504, t.reply().status(), t.reply().body());
    // Envoy's timers run on its event loop's cached clock and may fire a millisecond or so early.
    assertTrue(t.millis() >= 14_950 && t.millis() < 15_800, "504 after " + t.millis() + " ms, want 15 s");
  }

  @Test
  void theDefaultPerRequestTimeoutAlsoCutsAStreamAtFifteenSeconds() {
    Timed t = defaultStream.join();
    System.out.println("spec 39 / pain 4.1: a 20 s stream under the default timeout was cut after " + t.millis()
        + " ms, " + t.reply().body());
    assertEquals(200, t.reply().status(), "the stream started");
    long chunks = Long.parseLong(t.reply().body().split(" ")[0]);
    // one chunk a second from t=0 (each a little late): chunks 0..14 arrive, chunk 15 (t > 15 s) does not
    assertTrue(chunks >= 14 && chunks <= 15, "the stream was not cut at 15 s: " + t.reply().body());
    // the socket closes up to 1 s after the cut: Envoy's delayed_close_timeout (default 1 s)
    assertTrue(t.millis() >= 14_950 && t.millis() < 16_500, "cut after " + t.millis() + " ms, want 15 s");
  }

  @Test
  void aConfiguredPerRequestTimeoutOfTwoSecondsIsEnforced() {
    long t0 = System.nanoTime();
    Http.Reply slow = Http.get(url("quick") + "?delay=4000");
    long took = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("spec 39: perRequestTimeoutSeconds 2: " + slow.status() + " after " + took + " ms");
    assertEquals(504, slow.status());
    // Envoy's timers run on its event loop's cached clock and may fire a millisecond or so early.
    assertTrue(took >= 1950 && took < 2600, "504 after " + took + " ms, want 2 s");
    assertEquals(200, Http.get(url("quick") + "?delay=1500").status(), "a 1.5 s answer is within 2 s");
  }

  @Test
  void zeroDisablesThePerRequestTimeoutForATwentySecondAnswerAndATwentySecondStream() {
    Timed slow = unboundedSlow.join();
    Timed stream = unboundedStream.join();
    System.out.println("spec 39: perRequestTimeoutSeconds 0: 20 s answer " + slow.reply().status() + " after "
        + slow.millis() + " ms; 20 s stream " + stream.reply().status() + " after " + stream.millis() + " ms, "
        + stream.reply().body().lines().count() + " chunks");
    assertEquals(200, slow.reply().status(), slow.reply().body());
    assertTrue(slow.millis() >= 20_000, "answered after " + slow.millis() + " ms");
    assertEquals(200, stream.reply().status(), stream.reply().body());
    assertEquals(20, stream.reply().body().lines().count(), "every chunk of the stream arrived");
  }

  /**
   * The idle timer fires at 2 s (stat {@code downstream_cx_idle_timeout}); on an HTTP/1.1 connection
   * Envoy then closes after its drain sequence: {@code drain_timeout} (5 s) and
   * {@code delayed_close_timeout} (1 s), both Envoy defaults that Wharf, like AWS, leaves alone.
   */
  @Test
  void idleTimeoutSecondsClosesAnIdleHttpConnection() {
    String stat = "http.egress~idle.downstream_cx_idle_timeout";
    long before = Math.max(0, EnvoyAdmin.stat(checkout, stat));
    long t0 = System.nanoTime();
    CompletableFuture<Long> fired = CompletableFuture.supplyAsync(() -> {
      Await.until(Duration.ofSeconds(10), "the idle timer fires", () -> EnvoyAdmin.stat(checkout, stat) > before);
      return (System.nanoTime() - t0) / 1_000_000;
    });
    RawHttp.Idle idle = RawHttp.idle(checkout.resolve("idle"), 80, "/", Duration.ofSeconds(12));
    long firedAfter = fired.join();
    System.out.println("spec 39: idleTimeoutSeconds 2 (HTTP): idle timer fired after " + firedAfter
        + " ms, the idle connection closed after " + idle.closedAfterMillis() + " ms");
    assertEquals(200, idle.status());
    assertTrue(firedAfter >= 1900 && firedAfter < 2600, "the idle timer fired after " + firedAfter + " ms, want 2 s");
    assertTrue(idle.closed(), "the idle connection stayed open 12 s");
    assertTrue(idle.closedAfterMillis() >= 1900 && idle.closedAfterMillis() < 8600,
        "closed after " + idle.closedAfterMillis() + " ms, want 2 s + Envoy's HTTP/1.1 drain (at most 6 s)");
  }

  @Test
  void idleTimeoutSecondsClosesAnIdleTcpConnection() {
    RawHttp.Idle idle = RawHttp.idle(checkout.resolve("ledger"), 80, "/", Duration.ofSeconds(6));
    System.out.println("spec 39: idleTimeoutSeconds 2 (TCP): idle connection closed after "
        + idle.closedAfterMillis() + " ms");
    assertEquals(200, idle.status(), "HTTP through the TCP pass-through");
    assertTrue(idle.closed(), "the idle connection stayed open 6 s");
    assertTrue(idle.closedAfterMillis() >= 1900 && idle.closedAfterMillis() < 2700,
        "closed after " + idle.closedAfterMillis() + " ms, want 2 s");
  }

  @Test
  void withTheDefaultAndWithZeroAnIdleConnectionStaysOpen() {
    CompletableFuture<RawHttp.Idle> byDefault = CompletableFuture.supplyAsync(
        () -> RawHttp.idle(checkout.resolve("payments"), 80, "/", Duration.ofSeconds(3)));
    RawHttp.Idle disabled = RawHttp.idle(checkout.resolve("unbounded"), 80, "/", Duration.ofSeconds(3));
    assertEquals(200, disabled.status());
    assertFalse(disabled.closed(), "idleTimeoutSeconds 0 closed the connection after " + disabled.closedAfterMillis());
    RawHttp.Idle d = byDefault.join();
    assertEquals(200, d.status());
    assertFalse(d.closed(), "the 300 s default closed the connection after " + d.closedAfterMillis());
  }

  @Test
  void anIdleTimeoutShorterThanThePerRequestTimeoutEndsTheRequestAtTheIdleTimeout() {
    long t0 = System.nanoTime();
    Http.Reply r = Http.get(url("idle") + "?delay=6000");
    long took = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("spec 39: idle 2 s < perRequest 10 s: a 6 s answer ended with " + r.status() + " after "
        + took + " ms: " + r.body().strip());
    assertTrue(r.status() != 200, "the request outlived the idle timeout: " + r);
    assertTrue(took >= 1900 && took < 2700, "ended after " + took + " ms, want the 2 s idle timeout");
  }

  @Test
  void theDefaultsAre15sPerRequest300sIdleForHttpAnd3600sForTcpInTheSidecarsConfig() {
    Map.of(checkout, "egress/payments:80", payments, "ingress/payments").forEach((task, name) -> {
      var route = EnvoyAdmin.routeAction(task, name);
      assertEquals("15s", route.path("timeout").asText(), name + ": " + route);
      assertEquals("300s", route.path("idle_timeout").asText(), name + ": " + route);
      var hcm = EnvoyAdmin.listenerFilter(task, name);
      assertEquals("300s", hcm.path("stream_idle_timeout").asText(), name + ": " + hcm);
      assertEquals("300s", hcm.path("common_http_protocol_options").path("idle_timeout").asText(), name + ": " + hcm);
    });
    var tcp = EnvoyAdmin.listenerFilter(checkout, "egress/archive:80");
    assertTrue(tcp.path("@type").asText().endsWith("TcpProxy"), tcp.toString());
    assertEquals("3600s", tcp.path("idle_timeout").asText(), tcp.toString());
    // configured values, 0 included, reach the sidecar as given
    var zero = EnvoyAdmin.routeAction(checkout, "egress/unbounded:80");
    assertEquals("0s", zero.path("timeout").asText(), zero.toString());
    assertEquals("0s", zero.path("idle_timeout").asText(), zero.toString());
  }

  @Test
  void theApiRejectsAPerRequestTimeoutOnATcpPort() {
    AwsApiClient.Reply r = mesh.callRaw("ecs", "CreateService", Map.of("cluster", "shop", "serviceName", "tcp-timeout",
        "taskDefinition", "raw", "desiredCount", 1, "networkConfiguration", Mesh.NETWORK,
        "serviceConnectConfiguration",
        Sc.server("prod", Sc.timeout(Sc.port("tcp", "tcp-timeout", "tcp-timeout", 81), 5, null))));
    System.out.println("spec 39: perRequestTimeoutSeconds on TCP: " + r.status() + " " + r.body());
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("InvalidParameterException"), r.body());
    assertTrue(mesh.callRaw("ecs", "DescribeServices", Map.of("cluster", "shop", "services", List.of("tcp-timeout")))
        .body().contains("MISSING"), "the rejected service was created anyway");
  }
}
