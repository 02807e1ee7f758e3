package dev.wharf.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.bootstrap.BootstrapParams;
import dev.wharf.bootstrap.CredentialSource;
import dev.wharf.bootstrap.EnvoyBinary;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.bootstrap.Sidecar;
import dev.wharf.bootstrap.cli.UsageException;
import dev.wharf.controlplane.local.CredentialClient;
import dev.wharf.controlplane.metrics.MetricsOptions;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.PromText;
import dev.wharf.tests.harness.Shop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spec 58-61 with real Envoy: known traffic from checkout to payments (200 requests; one payments
 * task answers 503 to its first 20 attempts, each retried on another task; 10 answered slowly)
 * yields exactly the expected counts in the collector, per TargetDiscoveryName and caller
 * ServiceName and per DiscoveryName; TargetResponseTime's buckets hold the real latencies; a
 * sidecar restarted between scrapes gives no negative or doubled counts; the sidecars' own
 * Prometheus text carries Service Connect's dimensions as labels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Spec58To61MetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> TARGET =
      Map.of("TargetDiscoveryName", "payments", "ServiceName", "checkout", "ClusterName", "shop");
  private static final Map<String, String> TARGET_ONLY = Map.of("TargetDiscoveryName", "payments");
  private static final Map<String, String> INBOUND =
      Map.of("DiscoveryName", "payments", "ServiceName", "payments", "ClusterName", "shop");
  private static final long SLOW_MS = 300;

  private Mesh mesh;
  private Shop shop;
  private Sidecar restarted;
  private final List<Long> latenciesMs = new ArrayList<>();

  @BeforeAll
  void start() {
    mesh = Mesh.start(c -> c.withMetrics(new MetricsOptions(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofMinutes(30))));
    shop = Shop.setUp(mesh, 43, 8080);
  }

  @AfterAll
  void stop() {
    if (restarted != null) {
      restarted.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  private MetricsSource source() {
    return mesh.controlPlane().metrics();
  }

  private List<Datapoint> points(String metric, Map<String, String> dims) {
    return source().datapoints(MetricKey.of("AWS/ECS", metric, dims), Instant.EPOCH, Instant.now().plusSeconds(3600));
  }

  private long sum(String metric, Map<String, String> dims) {
    return Math.round(points(metric, dims).stream().mapToDouble(Datapoint::sum).sum());
  }

  private SortedMap<Double, Long> buckets(String metric, Map<String, String> dims) {
    SortedMap<Double, Long> out = new TreeMap<>();
    points(metric, dims).forEach(p -> p.buckets().forEach((b, n) -> out.merge(b, n, Long::sum)));
    return out;
  }

  /** Sends one request, records its latency, and requires a 200 (every 503 is retried away). */
  private void request() {
    long t0 = System.nanoTime();
    Http.Reply r = Http.get(shop.url());
    latenciesMs.add((System.nanoTime() - t0) / 1_000_000);
    assertEquals(200, r.status(), r.body());
  }

  /**
   * 200 requests to payments: one task answers 503 to 20 attempts (each retried on another task),
   * another answers 10 requests after {@link #SLOW_MS}. Returns the number of requests sent.
   */
  private int sendKnownTraffic() {
    Mesh.Task wedged = shop.payments().get(0);
    Mesh.Task slow = shop.payments().get(1);
    int sent = 0;
    int failed = 0;
    // 503s in runs of 4, each followed by one success, so outlier detection (5 consecutive, spec 37)
    // never ejects the task and every 503 is retried on another task (spec 38).
    while (failed < 20) {
      wedged.app().behave(new EchoApp.Behavior(503, 0));
      int before = wedged.app().hits();
      while (wedged.app().hits() - before < 4) {
        request();
        sent++;
      }
      failed += 4;
      wedged.app().behave(EchoApp.Behavior.OK);
      int ok = wedged.app().hits();
      while (wedged.app().hits() == ok) {
        request();
        sent++;
      }
    }
    slow.app().behave(new EchoApp.Behavior(200, SLOW_MS));
    int slowBefore = slow.app().hits();
    while (slow.app().hits() - slowBefore < 10) {
      request();
      sent++;
    }
    slow.app().behave(EchoApp.Behavior.OK);
    while (sent < 200) {
      request();
      sent++;
    }
    return sent;
  }

  @Test
  @Order(1)
  void knownTrafficYieldsExactCounts() {
    Await.until(WAIT, "the collector has scraped twice", () -> mesh.controlPlane().metricsCollector().passes() >= 2);
    int sent = sendKnownTraffic();
    try {
      Await.until(WAIT, "the targets' 220 answers collected",
          () -> sum("HTTPCode_Target_2XX_Count", TARGET) == 200 && sum("HTTPCode_Target_5XX_Count", TARGET_ONLY) == 20
              && total(buckets("TargetResponseTime", TARGET_ONLY)) == targetsTimed());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": sent " + sent + ", 2XX " + sum("HTTPCode_Target_2XX_Count", TARGET)
          + ", 5XX " + sum("HTTPCode_Target_5XX_Count", TARGET_ONLY) + ", timed "
          + total(buckets("TargetResponseTime", TARGET_ONLY)) + " of Envoy's " + targetsTimed(), e);
    }
    // Several more scrapes: nothing is counted twice.
    long passes = mesh.controlPlane().metricsCollector().passes();
    Await.until(WAIT, "three more scrapes", () -> mesh.controlPlane().metricsCollector().passes() >= passes + 3);
    // The targets counted every attempt: 200 answers plus the 20 503s that retries hid.
    assertEquals(200, sum("HTTPCode_Target_2XX_Count", TARGET_ONLY));
    assertEquals(20, sum("HTTPCode_Target_5XX_Count", TARGET_ONLY));
    // Envoy's own histograms time almost every attempt (it skips an attempt whose stream the caller
    // reset for its retry); the collector comes to hold exactly what they hold. Envoy merges its
    // histograms at each stats flush, so its count may still move after the counters settled: wait
    // for the two to agree rather than compare one instant.
    Await.until(WAIT, "the collector holds every attempt the sidecars timed",
        () -> total(buckets("TargetResponseTime", TARGET_ONLY)) == targetsTimed());
    long timed = total(buckets("TargetResponseTime", TARGET_ONLY));
    assertTrue(timed >= 200 && timed <= 220, "timed attempts " + timed);
    // The caller counted each request once, as it saw it: 200 answers, no 5XX (every 503 was retried).
    assertEquals(200, sum("HTTPCode_Target_2XX_Count", TARGET));
    assertEquals(0, sum("HTTPCode_Target_5XX_Count", TARGET));
    assertEquals(0, sum("HTTPCode_Target_4XX_Count", TARGET));
    assertEquals(220, sum("RequestCount", INBOUND), "every attempt reached a payments proxy");
    assertEquals(220, sum("RequestCount", Map.of("DiscoveryName", "payments")));
    assertTrue(sum("ProcessedBytes", INBOUND) > 0 && sum("TargetProcessedBytes", TARGET) > 0, "bytes");
    assertTrue(sum("NewConnectionCount", INBOUND) >= 3, "each payments task accepted a connection");
    assertEquals(0, sum("GrpcRequestCount", INBOUND), "payments speaks http, not grpc");
    assertEquals(200, total(buckets("TargetResponseTime", TARGET)));
  }

  @Test
  @Order(2)
  void theAwsCliReadsTheCollectedCountsThroughCloudWatch() {
    AwsCli aws = new AwsCli(mesh.controlPlane().apiPort());
    String start = Instant.now().minusSeconds(1800).truncatedTo(ChronoUnit.MINUTES).toString();
    String end = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.MINUTES).toString();
    JsonNode failing = aws.ok("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ECS",
        "--metric-name", "HTTPCode_Target_5XX_Count", "--dimensions", "Name=TargetDiscoveryName,Value=payments",
        "--period", "3600", "--statistics", "Sum", "--start-time", start, "--end-time", end);
    assertEquals(20.0, failing.get("Datapoints").get(0).get("Sum").asDouble(), failing.toString());
    JsonNode ok = aws.ok("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ECS",
        "--metric-name", "HTTPCode_Target_2XX_Count", "--dimensions", "Name=TargetDiscoveryName,Value=payments",
        "Name=ServiceName,Value=checkout", "Name=ClusterName,Value=shop",
        "--period", "3600", "--statistics", "Sum", "--start-time", start, "--end-time", end);
    assertEquals(200.0, ok.get("Datapoints").get(0).get("Sum").asDouble(), ok.toString());
  }

  @Test
  @Order(3)
  void targetResponseTimeBucketsHoldTheRealLatencies() {
    SortedMap<Double, Long> b = buckets("TargetResponseTime", TARGET);
    List<Long> sorted = latenciesMs.stream().sorted().toList();
    long realP50 = sorted.get(sorted.size() / 2);
    long realP99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    double p50 = bucketOf(b, 0.50);
    double p99 = bucketOf(b, 0.99);
    System.out.printf("spec 58: TargetResponseTime buckets %s; real p50 %d ms (bucket <= %.1f), real p99 %d ms "
        + "(bucket <= %.1f)%n", b, realP50, p50, realP99, p99);
    // Client-measured latency includes both proxies, so it is at least the upstream time: the upstream
    // p50 bucket's upper bound is at most one bucket above the real p50's bucket.
    assertTrue(p50 <= next(b, realP50), "p50 bucket " + p50 + " vs real " + realP50);
    assertTrue(p99 >= SLOW_MS && p99 <= next(b, realP99), "p99 bucket " + p99 + " vs real " + realP99);
    // The 10 slow answers land above 250 ms; so may an ordinary one on a loaded machine, but never more
    // than the client saw take that long (the client's time includes the proxies' time).
    long clientOver = latenciesMs.stream().filter(ms -> ms > 250).count();
    long callerOver = total(b.tailMap(250.5));
    long targetOver = total(buckets("TargetResponseTime", TARGET_ONLY).tailMap(250.5));
    assertTrue(callerOver >= 10 && callerOver <= clientOver, "caller: " + callerOver + ", client: " + clientOver);
    assertTrue(targetOver >= 10 && targetOver <= clientOver, "targets: " + targetOver + ", client: " + clientOver);
  }

  @Test
  @Order(4)
  void aSidecarRestartBetweenScrapesGivesNoNegativeOrDoubledCounts() throws IOException {
    Mesh.Task checkout = shop.checkout();
    for (int i = 0; i < 30; i++) {
      request();
    }
    Await.until(WAIT, "230 collected", () -> sum("HTTPCode_Target_2XX_Count", TARGET) == 230);
    checkout.local().sidecar().kill();
    restarted = Sidecar.start(EnvoyBinary.locate(), restartParams(checkout),
        checkout.local().workDir().resolve("restarted"));
    restarted.awaitReady(WAIT);
    Await.until(WAIT, "the restarted sidecar has payments' 3 tasks",
        () -> restarted.adminGet("/clusters").split("payments::127", -1).length - 1 >= 3);
    for (int i = 0; i < 30; i++) {
      request();
    }
    Await.until(WAIT, "260 collected", () -> sum("HTTPCode_Target_2XX_Count", TARGET) == 260);
    long passes = mesh.controlPlane().metricsCollector().passes();
    Await.until(WAIT, "three more scrapes", () -> mesh.controlPlane().metricsCollector().passes() >= passes + 3);
    assertEquals(260, sum("HTTPCode_Target_2XX_Count", TARGET), "the restart neither lost nor doubled requests");
    for (String metric : List.of("HTTPCode_Target_2XX_Count", "TargetProcessedBytes", "RequestCountPerTarget")) {
      points(metric, TARGET).forEach(p -> assertTrue(p.minimum() >= 0, metric + " went negative: " + p));
    }
  }

  @Test
  @Order(5)
  void sidecarPrometheusTextCarriesServiceConnectDimensions() {
    Mesh.Task payments = shop.payments().get(2);
    String ingressIp = payments.local().spec().ingressIp();
    List<PromText.Sample> server = PromText.parse(get("http://" + ingressIp + ":9902/metrics"));
    List<PromText.Sample> client = PromText.parse(get("http://" + restartedIp() + ":9902/metrics"));
    Map<String, String> egress = Map.of("Direction", "egress", "TargetDiscoveryName", "payments",
        "ServiceName", "checkout", "ClusterName", "shop", "envoy_response_code_class", "2");
    assertEquals(30.0, one(client, "envoy_cluster_upstream_rq_xx_total", egress).value(),
        "the restarted checkout sidecar's 2xx to payments");
    Map<String, String> ingress = Map.of("Direction", "ingress", "DiscoveryName", "payments",
        "ServiceName", "payments", "ClusterName", "shop");
    long rq = EnvoyAdmin.stat(payments, "http.ingress~payments.downstream_rq_total");
    assertEquals(rq, one(server, "envoy_http_downstream_rq_total", ingress).value(), "HCM requests");
    assertTrue(one(server, "envoy_listener_downstream_cx_total", ingress).value() >= 1, "listener connections");
    assertTrue(one(server, "envoy_cluster_upstream_rq_time_count", ingress).value() >= 1, "app cluster times");
    assertEquals(18, PromText.find(server, "envoy_cluster_upstream_rq_time_bucket", ingress).size(),
        "the 17 latency bounds of the bootstrap, and +Inf");
    assertEquals(404, status("http://" + ingressIp + ":9902/config_dump"), "admin stays private");
  }

  @Test
  @Order(6)
  void prometheusServiceDiscoveryListsEverySidecarsMetricsTarget() throws IOException {
    JsonNode targets = Mesh.JSON.readTree(get("http://127.0.0.1:" + mesh.controlPlane().apiPort()
        + "/wharf/prometheus/targets"));
    assertEquals(4, targets.size(), targets.toString());
    List<String> services = new ArrayList<>();
    for (JsonNode t : targets) {
      JsonNode labels = t.get("labels");
      assertEquals("/metrics", labels.get("__metrics_path__").asText());
      assertEquals("shop", labels.get("ecs_cluster").asText());
      services.add(labels.get("ecs_service").asText());
      String target = t.get("targets").get(0).asText();
      assertTrue(target.endsWith(":9902"), target);
      List<PromText.Sample> samples = PromText.parse(get("http://" + target + labels.get("__metrics_path__").asText()));
      assertEquals(1, PromText.find(samples, "envoy_server_live", Map.of()).size(), target + " serves its stats");
    }
    assertEquals(List.of("checkout", "payments", "payments", "payments"), services.stream().sorted().toList());
  }

  /** The payments sidecars' own count of timed app requests, from their Prometheus text. */
  private long targetsTimed() {
    Map<String, String> ingress = Map.of("Direction", "ingress", "DiscoveryName", "payments");
    return shop.payments().stream().mapToLong(p -> Math.round(one(PromText.parse(get("http://"
        + p.local().spec().ingressIp() + ":9902/metrics")), "envoy_cluster_upstream_rq_time_count", ingress).value()))
        .sum();
  }

  /** The task's bootstrap again, with a fresh credential, as {@code wharf bootstrap --endpoint} makes it. */
  private BootstrapParams restartParams(Mesh.Task task) {
    NodeIdentity identity = task.local().spec().identity();
    CredentialSource.Issued issued;
    try {
      issued = new CredentialClient().fetch("http://127.0.0.1:" + mesh.controlPlane().apiPort(), identity);
    } catch (UsageException e) {
      throw new AssertionError("no credential for the restarted sidecar: " + e.getMessage(), e);
    }
    BootstrapParams params = BootstrapParams.of(identity, "127.0.0.1", mesh.controlPlane().xdsPort(),
        task.local().spec().adminIp(), 9901, false).withCredential(issued.credential());
    return issued.xdsTrust() == null ? params : params.withXdsTrust(issued.xdsTrust());
  }

  private String restartedIp() {
    return shop.checkout().local().spec().ingressIp();
  }

  private static PromText.Sample one(List<PromText.Sample> samples, String name, Map<String, String> labels) {
    List<PromText.Sample> found = PromText.find(samples, name, labels);
    assertEquals(1, found.size(), name + labels + " in " + PromText.find(samples, name, Map.of()));
    return found.get(0);
  }

  private static long total(SortedMap<Double, Long> b) {
    return b.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The upper bound of the bucket holding quantile q. */
  private static double bucketOf(SortedMap<Double, Long> b, double q) {
    long rank = (long) Math.ceil(total(b) * q);
    long seen = 0;
    for (Map.Entry<Double, Long> e : b.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** The upper bound of the bucket after the one holding {@code ms}. */
  private static double next(SortedMap<Double, Long> b, long ms) {
    List<Double> bounds = new ArrayList<>(b.keySet());
    for (int i = 0; i < bounds.size(); i++) {
      if (ms <= bounds.get(i)) {
        return bounds.get(Math.min(i + 1, bounds.size() - 1));
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private static HttpResponse<String> send(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String get(String url) {
    HttpResponse<String> r = send(url);
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  private static int status(String url) {
    return send(url).statusCode();
  }
}
