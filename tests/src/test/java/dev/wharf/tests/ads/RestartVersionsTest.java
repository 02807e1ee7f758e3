package dev.wharf.tests.ads;

import static dev.wharf.tests.ads.ScriptedAds.CDS;
import static dev.wharf.tests.ads.ScriptedAds.EDS;
import static dev.wharf.tests.ads.ScriptedAds.LDS;
import static dev.wharf.tests.ads.ScriptedAds.RDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.bootstrap.NodeIdentity;
import dev.wharf.controlplane.local.AwsApiClient;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.ServerProcess;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content versions across processes: two {@code wharf server} processes given the same state serve
 * identical versions, and a proxy that reconnects to the restarted one holding the config is sent
 * nothing.
 */
class RestartVersionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void twoProcessesServeTheSameVersionsAndARestartRePushesNothing() throws Exception {
    Path dir = Files.createTempDirectory("wharf-versions-");
    Path log = dir.resolve("server.log");
    NodeIdentity payments = new NodeIdentity("us-east-1", "000000000000", "shop", "payments", "p1", "loopback",
        "127.1.2.1", "127.2.2.1", "2.1", null);
    NodeIdentity checkout = new NodeIdentity("us-east-1", "000000000000", "shop", "checkout", "c1", "loopback",
        "127.1.1.1", "127.2.1.1", "1.1", null);
    Map<String, String> held;
    Map<String, String> versionsA;
    try (ServerProcess a = ServerProcess.start(dir.resolve("data"), 0, 0, log)) {
      setUp(a.client());
      try (ScriptedAds p = ScriptedAds.sotw(a.xdsPort(), payments.toNode());
          ScriptedAds c = ScriptedAds.sotw(a.xdsPort(), checkout.toNode())) {
        p.request(CDS, "", "", List.of());
        held = sync(c);
        versionsA = served(a.client(), checkout.taskArn());
        a.kill9();
      }
    }
    assertEquals(versionsA, held, "the versions a proxy holds are the ones the server reports");
    try (ServerProcess b = ServerProcess.start(dir.resolve("data"), 0, 0, log);
        ScriptedAds p = ScriptedAds.sotw(b.xdsPort(), payments.toNode());
        ScriptedAds c = ScriptedAds.sotw(b.xdsPort(), checkout.toNode())) {
      p.request(CDS, "", "", List.of());
      c.request(CDS, held.get("cluster"), "", List.of());
      c.request(EDS, held.get("endpoint"), "", List.of("payments"));
      c.request(LDS, held.get("listener"), "", List.of());
      c.request(RDS, held.get("route"), "", List.of("egress/payments:8080"));
      Await.until(Duration.ofSeconds(10), "the restarted server publishes checkout's group",
          () -> !served(b.client(), checkout.taskArn()).isEmpty());
      c.expectNothing(1500);
      assertEquals(versionsA, served(b.client(), checkout.taskArn()), "the two processes disagree on versions");
    }
  }

  private static Map<String, String> sync(ScriptedAds c) {
    Map<String, String> v = new LinkedHashMap<>();
    c.request(CDS, "", "", List.of());
    DiscoveryResponse cds = c.next(CDS);
    c.ack(cds, List.of());
    c.request(EDS, "", "", List.of("payments"));
    DiscoveryResponse eds = c.next(EDS);
    c.ack(eds, List.of("payments"));
    c.request(LDS, "", "", List.of());
    DiscoveryResponse lds = c.next(LDS);
    c.ack(lds, List.of());
    c.request(RDS, "", "", List.of("egress/payments:8080"));
    DiscoveryResponse rds = c.next(RDS);
    c.ack(rds, List.of("egress/payments:8080"));
    v.put("cluster", cds.getVersionInfo());
    v.put("endpoint", eds.getVersionInfo());
    v.put("listener", lds.getVersionInfo());
    v.put("route", rds.getVersionInfo());
    return v;
  }

  /** Type → version of a group, from the admin endpoint; empty while the group has no snapshot. */
  private static Map<String, String> served(AwsApiClient api, String taskArn) {
    try {
      AwsApiClient.Reply r = api.admin("/wharf/groups/" + URLEncoder.encode(taskArn, StandardCharsets.UTF_8));
      Map<String, String> v = new LinkedHashMap<>();
      if (!r.ok()) {
        return v;
      }
      JsonNode g = JSON.readTree(r.body());
      for (String t : List.of("cluster", "endpoint", "listener", "route")) {
        v.put(t, g.path(t).path("version").asText());
      }
      return v;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void setUp(AwsApiClient api) throws Exception {
    call(api, "servicediscovery", "CreateHttpNamespace", Map.of("Name", "prod"));
    call(api, "ecs", "CreateCluster", Map.of("clusterName", "shop"));
    taskDefinition(api, "payments", List.of(Map.of("name", "api", "containerPort", 8080, "protocol", "tcp",
        "appProtocol", "http")));
    taskDefinition(api, "checkout", List.of());
    call(api, "ecs", "CreateService", Map.of("cluster", "shop", "serviceName", "payments", "taskDefinition",
        "payments", "desiredCount", 1, "networkConfiguration", Mesh.NETWORK, "serviceConnectConfiguration",
        Map.of("enabled", true, "namespace", "prod",
            "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
                "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments")))))));
    call(api, "ecs", "CreateService", Map.of("cluster", "shop", "serviceName", "checkout", "taskDefinition",
        "checkout", "desiredCount", 1, "networkConfiguration", Mesh.NETWORK, "serviceConnectConfiguration",
        Map.of("enabled", true, "namespace", "prod")));
  }

  private static void taskDefinition(AwsApiClient api, String family, List<Object> ports) throws Exception {
    call(api, "ecs", "RegisterTaskDefinition", Map.of("family", family, "networkMode", "awsvpc", "cpu", "256",
        "memory", "512", "containerDefinitions", List.of(Map.of("name", "app", "image", "wharf/demo-app",
            "essential", true, "portMappings", ports))));
  }

  private static void call(AwsApiClient api, String service, String op, Object input) throws Exception {
    AwsApiClient.Reply r = api.call(service, op, JSON.writeValueAsString(input));
    if (!r.ok()) {
      throw new AssertionError(op + ": " + r.status() + " " + r.body());
    }
  }
}
