package dev.wharf.tests.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.controlplane.metrics.MetricsOptions;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.GrpcEcho;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.PromText;
import dev.wharf.tests.harness.Repo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spec 58 by protocol, with real Envoy: gRPC calls to a {@code grpc} service count in
 * {@code GrpcRequestCount} (and {@code RequestCount}); a TCP service (gRPC carried over a plain TCP
 * port) gets bytes and connections and no request metrics, and its tcp_proxy stats carry the
 * Service Connect labels in the sidecar's Prometheus text. Then the recording rules of
 * {@code docs/prometheus/service-connect.rules.yml} parse as YAML and use only series these sidecars
 * and the control plane's {@code /metrics} export, and GrpcRequestCount's join picks the gRPC name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Spec58GrpcAndTcpMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> QUOTES_IN =
      Map.of("DiscoveryName", "quotes", "ServiceName", "quotes", "ClusterName", "shop");
  /** PromQL's label lists, matchers, ranges and strings: no metric name is inside them. */
  private static final Pattern NOT_NAMES = Pattern.compile(
      "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\{[^}]*\\}|\\[[^\\]]*\\]|\"[^\"]*\"");
  /** An identifier not followed by "(" (so not a function or aggregation). */
  private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task quotesTask;
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
    quotesTask = grpcTask("quotes", 11);
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
  @Order(1)
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

  @Test
  @Order(2)
  void theRecordingRulesUseOnlyExportedSeriesAndGrpcRequestCountJoinsTheGrpcName() throws IOException {
    JsonNode rules = new ObjectMapper(new YAMLFactory())
        .readTree(Repo.root().resolve("docs/prometheus/service-connect.rules.yml").toFile());
    List<PromText.Sample> controlPlane = PromText.parse(get("http://127.0.0.1:" + mesh.controlPlane().apiPort()
        + "/metrics"));
    List<PromText.Sample> quotesText = sidecarText(quotesTask);
    Set<String> exported = new TreeSet<>(names(controlPlane));
    exported.addAll(names(quotesText));
    exported.addAll(names(sidecarText(checkout)));
    exported.addAll(names(sidecarText(rates)));
    List<String> records = new ArrayList<>();
    for (JsonNode rule : rules.path("groups").get(0).path("rules")) {
      String record = rule.path("record").asText();
      records.add(record);
      Set<String> used = metricNames(rule.path("expr").asText());
      assertFalse(used.isEmpty(), record + " reads no series");
      for (String name : used) {
        assertTrue(exported.contains(name), record + " reads " + name + ", which no sidecar or control plane exports");
      }
    }
    assertTrue(records.containsAll(List.of("RequestCount", "GrpcRequestCount", "NewConnectionCount",
        "ActiveConnectionCount", "ProcessedBytes", "HTTPCode_Target_2XX_Count", "RequestCountPerTarget",
        "TargetProcessedBytes", "TargetResponseTime:p99")), records.toString());
    // GrpcRequestCount = ingress requests * wharf_grpc_discovery_name on (ClusterName, DiscoveryName):
    // only quotes (appProtocol grpc) is marked, not rates (tcp) nor checkout; the join yields the
    // collector's GrpcRequestCount.
    List<Map<String, String>> marked = PromText.find(controlPlane, "wharf_grpc_discovery_name", Map.of()).stream()
        .map(PromText.Sample::labels).toList();
    assertEquals(List.of(Map.of("ClusterName", "shop", "DiscoveryName", "quotes")), marked);
    List<PromText.Sample> rq = PromText.find(quotesText, "envoy_http_downstream_rq_total",
        Map.of("Direction", "ingress", "DiscoveryName", "quotes", "ClusterName", "shop"));
    assertEquals(1, rq.size(), rq.toString());
    assertEquals(sum("GrpcRequestCount", QUOTES_IN), Math.round(rq.get(0).value()));
  }

  /** The metric names a PromQL expression reads. */
  private static Set<String> metricNames(String expr) {
    Matcher m = IDENTIFIER.matcher(NOT_NAMES.matcher(expr).replaceAll(" "));
    Set<String> names = new TreeSet<>();
    while (m.find()) {
      if (!KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * Every name a series of {@code samples} may have on the wire: sample names, and family names (the
   * parser adds {@code _total} to a counter sample whose exposed name lacks it).
   */
  private static Set<String> names(List<PromText.Sample> samples) {
    Set<String> out = new TreeSet<>();
    samples.forEach(s -> {
      out.add(s.name());
      out.add(s.family());
    });
    return out;
  }

  private static List<PromText.Sample> sidecarText(Mesh.Task t) {
    return PromText.parse(get("http://" + t.local().spec().ingressIp() + ":9902/metrics"));
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
