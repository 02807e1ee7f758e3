package dev.wharf.tests.ads;

import static dev.wharf.tests.ads.ScriptedAds.CDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.controlplane.ControlPlane;
import dev.wharf.controlplane.ControlPlaneConfig;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.PromText;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's own Prometheus {@code /metrics} (spec 61) on a real server, read with
 * {@code prometheus_client}'s parser: a scripted proxy's ACK and NACK move {@code wharf_xds_acks_total}
 * and {@code wharf_xds_nacks_total} of their type by one, pushes count every response the proxies got,
 * {@code wharf_xds_connected_proxies} follows the open streams; an accepted AWS CLI write is one
 * {@code wharf_store_commit_seconds} observation and wakes {@code wharf_reconcile_pass_seconds}; every
 * AWS CLI call counts in {@code wharf_api_requests_total} under the error code the CLI printed; with
 * {@code --credentials}, {@code /metrics} stays unsigned and refused signatures count with their code.
 */
class ControlPlaneMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern CLI_ERROR = Pattern.compile("An error occurred \\((\\w+)\\)");
  private static final NodeIdentity PAYMENTS = new NodeIdentity("us-east-1", "000000000000", "shop", "payments",
      "p1", "loopback", "127.1.2.1", "127.2.2.1", "2.1", null);
  private static final NodeIdentity CHECKOUT = new NodeIdentity("us-east-1", "000000000000", "shop", "checkout",
      "c1", "loopback", "127.1.1.1", "127.2.1.1", "1.1", null);
  private static final Map<String, String> CLUSTER_TYPE = Map.of("type", "Cluster");

  private ControlPlane cp;

  /** A control plane on free loopback ports; no task grace ends during a test, so no write is unasked. */
  private ControlPlane start(ControlPlaneConfig.Security security) throws IOException {
    cp = ControlPlane.start(ControlPlaneConfig.defaults(Files.createTempDirectory("wharf-cp-metrics-"))
        .withEphemeralPorts().withTaskGrace(Duration.ofHours(1)).withSecurity(security));
    return cp;
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  void oneNackCountsOnceForItsTypeBesidePushesAcksAndConnectedProxies() throws Exception {
    start(ControlPlaneConfig.Security.defaults());
    RestartVersionsTest.setUp(new AwsApiClient(URI.create("http://127.0.0.1:" + cp.apiPort() + "/")));
    List<PromText.Sample> before = scrape();
    try (ScriptedAds p = ScriptedAds.sotw(cp.xdsPort(), PAYMENTS.toNode());
        ScriptedAds c = ScriptedAds.sotw(cp.xdsPort(), CHECKOUT.toNode())) {
      p.request(CDS, "", "", List.of());
      p.ack(p.next(CDS), List.of());
      c.request(CDS, "", "", List.of());
      DiscoveryResponse rejected = c.next(CDS);
      c.nack(rejected, "", List.of(), "cluster payments: rejected by the test");
      Await.until(WAIT, "the ACK and the NACK counted", () -> {
        List<PromText.Sample> now = scrape();
        return delta(before, now, "wharf_xds_acks_total", CLUSTER_TYPE) == 1
            && delta(before, now, "wharf_xds_nacks_total", CLUSTER_TYPE) == 1;
      });
      // Joins re-push (ACTIVATING, then RUNNING); whatever else came counts as a push too.
      long received = 2 + p.all(1500).size() + c.all(1500).size();
      List<PromText.Sample> during = scrape();
      assertEquals(2.0, value(during, "wharf_xds_connected_proxies", Map.of()), "two open streams");
      assertEquals(received, delta(before, during, "wharf_xds_pushes_total", Map.of()),
          "every response the proxies received is a push");
      assertEquals(1, delta(before, during, "wharf_xds_acks_total", CLUSTER_TYPE));
      assertEquals(1, delta(before, during, "wharf_xds_nacks_total", CLUSTER_TYPE));
      assertEquals(1, delta(before, during, "wharf_xds_nacks_total", Map.of()), "no other type NACKed");
      assertEquals(1, delta(before, during, "wharf_xds_acks_total", Map.of()), "no other type ACKed");
      assertEquals("counter", PromText.find(during, "wharf_xds_nacks_total", CLUSTER_TYPE).get(0).type());
      assertTrue(delta(before, during, "wharf_xds_bytes_total", CLUSTER_TYPE) > 0, "bytes of the pushes");
      assertTrue(delta(before, during, "wharf_tasks_changes_total", Map.of()) >= 2, "both sidecars registered");
    }
    Await.until(WAIT, "both streams closed", () -> value(scrape(), "wharf_xds_connected_proxies", Map.of()) == 0);
  }

  @Test
  void anAcceptedWriteIsOneStoreCommitAndWakesAReconcilePass() throws Exception {
    start(ControlPlaneConfig.Security.defaults());
    AwsCli aws = new AwsCli(cp.apiPort());
    Await.until(WAIT, "the start-up pass", () -> value(scrape(), "wharf_reconcile_pass_seconds_count", Map.of()) >= 1);
    List<PromText.Sample> before = scrape();
    aws.ok("ecs", "create-cluster", "--cluster-name", "timed");
    assertEquals("ClusterNotFoundException", code(aws.run("ecs", "delete-cluster", "--cluster", "nowhere")));
    Await.until(WAIT, "a reconcile pass after the write",
        () -> delta(before, scrape(), "wharf_reconcile_pass_seconds_count", Map.of()) >= 1);
    List<PromText.Sample> after = scrape();
    assertEquals(1, delta(before, after, "wharf_store_commit_seconds_count", Map.of()),
        "one accepted write; the refused delete commits nothing");
    assertTrue(value(after, "wharf_store_commit_seconds_sum", Map.of()) > 0, "commit time recorded");
    for (String family : List.of("wharf_store_commit_seconds", "wharf_reconcile_pass_seconds")) {
      PromText.Sample inf = PromText.find(after, family + "_bucket", Map.of("le", "+Inf")).get(0);
      assertEquals("histogram", inf.type(), family);
      assertEquals(value(after, family + "_count", Map.of()), inf.value(), family + ": +Inf bucket holds all");
      assertTrue(PromText.find(after, family + "_bucket", Map.of()).size() > 10, family + " has buckets");
    }
  }

  @Test
  void everyAwsCliCallCountsUnderItsServiceOperationAndTheCodeTheCliSaw() throws Exception {
    start(ControlPlaneConfig.Security.defaults());
    AwsCli aws = new AwsCli(cp.apiPort());
    List<PromText.Sample> before = scrape();
    aws.ok("ecs", "create-cluster", "--cluster-name", "metered");
    aws.ok("ecs", "create-cluster", "--cluster-name", "metered-too");
    String ecsCode = code(aws.run("ecs", "delete-cluster", "--cluster", "nowhere"));
    String mapCode = code(aws.run("servicediscovery", "get-namespace", "--id", "ns-0000000000000000"));
    aws.ok("cloudwatch", "list-metrics", "--namespace", "AWS/ECS");
    String cwCode = code(aws.run("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ECS", "--metric-name",
        "RequestCount", "--period", "60", "--statistics", "Sum", "--start-time", "2026-01-02T00:00:00Z",
        "--end-time", "2026-01-01T00:00:00Z"));
    // A target no service answers: the client's operation name never becomes a label value.
    HttpResponse<String> unknown = post("AmazonEC2ContainerServiceV20141113.MintALabel");
    assertEquals(400, unknown.statusCode(), unknown.body());
    List<PromText.Sample> after = scrape();
    assertEquals("ClusterNotFoundException", ecsCode);
    assertEquals("NamespaceNotFound", mapCode);
    assertNotEquals("OK", cwCode);
    assertEquals(2, delta(before, after, "wharf_api_requests_total", call("ecs", "CreateCluster", "OK")));
    assertEquals(1, delta(before, after, "wharf_api_requests_total", call("ecs", "DeleteCluster", ecsCode)));
    assertEquals(1, delta(before, after, "wharf_api_requests_total",
        call("servicediscovery", "GetNamespace", mapCode)));
    assertEquals(1, delta(before, after, "wharf_api_requests_total", call("cloudwatch", "ListMetrics", "OK")));
    assertEquals(1, delta(before, after, "wharf_api_requests_total",
        call("cloudwatch", "GetMetricStatistics", cwCode)));
    assertEquals(1, delta(before, after, "wharf_api_requests_total",
        call("ecs", "unknown", "UnknownOperationException")));
    assertEquals(7, delta(before, after, "wharf_api_requests_total", Map.of()), "seven calls, seven counts");
  }

  @Test
  void withCredentialsMetricsStayUnsignedAndRefusedSignaturesCountWithTheirCode() throws Exception {
    Path keys = Files.createTempFile("wharf-credentials", ".txt");
    Files.writeString(keys, "AKIAWHARFMETRICS0001 metrics-secret 111122223333\n");
    ControlPlaneConfig.Security open = ControlPlaneConfig.Security.defaults();
    start(new ControlPlaneConfig.Security(open.sidecarCredentialRequired(), open.adsTls(), keys));
    List<PromText.Sample> before = scrape();
    AwsCli wrong = new AwsCli(cp.apiPort(), "AKIAWHARFMETRICS0001", "not-the-secret");
    String ecsCode = code(wrong.run("ecs", "list-clusters"));
    String cwCode = code(wrong.run("cloudwatch", "list-metrics"));
    new AwsCli(cp.apiPort(), "AKIAWHARFMETRICS0001", "metrics-secret").ok("ecs", "list-clusters");
    List<PromText.Sample> after = scrape();
    assertEquals("InvalidSignatureException", ecsCode);
    assertEquals("SignatureDoesNotMatch", cwCode);
    assertEquals(1, delta(before, after, "wharf_api_requests_total", call("ecs", "ListClusters", ecsCode)));
    assertEquals(1, delta(before, after, "wharf_api_requests_total", call("cloudwatch", "ListMetrics", cwCode)));
    assertEquals(1, delta(before, after, "wharf_api_requests_total", call("ecs", "ListClusters", "OK")));
    assertEquals(400, get("/wharf/metrics").statusCode(), "the admin view of the meters stays signed");
  }

  private static Map<String, String> call(String service, String operation, String code) {
    return Map.of("service", service, "operation", operation, "code", code);
  }

  /** The AWS error code the CLI printed for a failed call. */
  private static String code(AwsCli.Result r) {
    assertNotEquals(0, r.exit(), "the call should fail: " + r.stdout());
    Matcher m = CLI_ERROR.matcher(r.stderr());
    assertTrue(m.find(), r.stderr());
    return m.group(1);
  }

  /** {@code GET /metrics}, unsigned (as Prometheus scrapes), parsed by the reference parser. */
  private List<PromText.Sample> scrape() {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
        r.headers().toString());
    return PromText.parse(r.body());
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.apiPort() + path)).build());
  }

  /** An unsigned AWS JSON 1.1 call with an empty input. */
  private HttpResponse<String> post(String target) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.apiPort() + "/"))
        .header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 when none. */
  private static double value(List<PromText.Sample> samples, String name, Map<String, String> labels) {
    return PromText.find(samples, name, labels).stream().mapToDouble(PromText.Sample::value).sum();
  }

  private static long delta(List<PromText.Sample> before, List<PromText.Sample> after, String name,
      Map<String, String> labels) {
    return Math.round(value(after, name, labels) - value(before, name, labels));
  }
}
