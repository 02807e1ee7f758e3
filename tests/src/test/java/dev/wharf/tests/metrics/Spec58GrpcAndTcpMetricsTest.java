package dev.wharf.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.controlplane.metrics.MetricsOptions;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.GrpcEcho;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.PromText;
import dev.wharf.tests.harness.Sc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 58 by protocol, with real Envoy: gRPC calls to a {@code grpc} service count in
 * {@code GrpcRequestCount} (and {@code RequestCount}); a TCP service (gRPC carried over a plain TCP
 * port) gets bytes and connections and no request metrics, and its tcp_proxy stats carry the
 * Service Connect labels in the sidecar's Prometheus text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec58GrpcAndTcpMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task rates;

  @BeforeAll
  void start() {
    mesh = Mesh.start(c -> c.withMetrics(new MetricsOptions(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofMinutes(30))));
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("grpc", "api", 8080, "grpc");
    mesh.taskDefinition("raw", "tcp", 8080, null);
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "quotes", "grpc", 1, Sc.server("prod", Sc.port("api", "quotes", "quotes", 80)));
    mesh.service("shop", "rates", "raw", 1, Sc.server("prod", Sc.port("tcp", "rates", "rates", 80)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 44, 1, 0);
    grpcTask("quotes", 11);
    rates = grpcTask("rates", 12);
    Map.of("quotes", 1, "rates", 1).forEach((s, n) ->
        Await.until(WAIT, "checkout maps " + s,
            () -> checkout.resolve(s) != null && EnvoyAdmin.hosts(checkout, s) == n));
  }

  private Mesh.Task grpcTask(String service, int b) {
    return mesh.taskWith("shop", service, 44, b, (spec, hosts) -> GrpcEcho.start(spec.taskId(), spec.appIp(), 8080));
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private long sum(String metric, Map<String, String> dims) {
    return Math.round(mesh.controlPlane().metrics().datapoints(MetricKey.of("AWS/ECS", metric, dims), Instant.EPOCH,
        Instant.now().plusSeconds(3600)).stream().mapToDouble(Datapoint::sum).sum());
  }

  @Test
  void grpcCallsCountAndTcpGetsBytesAndConnectionsOnly() {
    Await.until(WAIT, "two scrapes", () -> mesh.controlPlane().metricsCollector().passes() >= 2);
    ManagedChannel quotes = GrpcEcho.channel(checkout.resolve("quotes"), 80);
    try {
      for (int i = 0; i < 10; i++) {
        GrpcEcho.who(quotes);
      }
    } finally {
      GrpcEcho.close(quotes);
    }
    for (int i = 0; i < 5; i++) {
      ManagedChannel ch = GrpcEcho.channel(checkout.resolve("rates"), 80);
      try {
        GrpcEcho.who(ch);
      } finally {
        GrpcEcho.close(ch);
      }
    }
    Map<String, String> quotesIn = Map.of("DiscoveryName", "quotes", "ServiceName", "quotes", "ClusterName", "shop");
    Map<String, String> ratesIn = Map.of("DiscoveryName", "rates", "ServiceName", "rates", "ClusterName", "shop");
    Await.until(WAIT, "10 gRPC calls and 5 TCP connections collected",
        () -> sum("GrpcRequestCount", quotesIn) == 10 && sum("NewConnectionCount", ratesIn) == 5);
    assertEquals(10, sum("RequestCount", quotesIn));
    assertEquals(10, sum("HTTPCode_Target_2XX_Count", Map.of("TargetDiscoveryName", "quotes")), "gRPC answers 200");
    assertTrue(sum("ProcessedBytes", ratesIn) > 0, "TCP bytes in and out");
    assertTrue(sum("TargetProcessedBytes",
        Map.of("TargetDiscoveryName", "rates", "ServiceName", "checkout", "ClusterName", "shop")) > 0);
    List<MetricKey> rateSeries = mesh.controlPlane().metrics().series().stream()
        .filter(k -> k.dimensions().containsValue("rates")).toList();
    for (MetricKey k : rateSeries) {
      assertTrue(List.of("ActiveConnectionCount", "NewConnectionCount", "ProcessedBytes", "TargetProcessedBytes")
          .contains(k.metricName()), "a TCP service has no request metric: " + k);
    }
    List<PromText.Sample> text = PromText.parse(get("http://" + rates.local().spec().ingressIp() + ":9902/metrics"));
    List<PromText.Sample> tcp = PromText.find(text, "envoy_tcp_downstream_cx_total",
        Map.of("Direction", "ingress", "DiscoveryName", "rates", "ServiceName", "rates", "ClusterName", "shop"));
    assertEquals(1, tcp.size(), "tcp_proxy stats labelled: " + PromText.find(text, "envoy_tcp_downstream_cx_total",
        Map.of()));
    assertEquals(5.0, tcp.get(0).value());
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), url);
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
