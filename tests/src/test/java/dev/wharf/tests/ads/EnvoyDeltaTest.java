package dev.wharf.tests.ads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.local.LocalTask;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Envoy on delta ADS (DELTA_GRPC): it goes LIVE with an empty group (java-control-plane 1.0.49
 * never answers that subscription), receives endpoints as they come, and reconnects to a restarted
 * control plane without being re-sent anything (initial_resource_versions against content versions).
 */
class EnvoyDeltaTest {
  @Test
  void aDeltaSidecarGoesLiveWithAnEmptyGroupGetsUpdatesAndIsNotRePushedAfterARestart() throws Exception {
    try (Mesh mesh = Mesh.start()) {
      mesh.namespace("prod");
      mesh.cluster("shop");
      mesh.taskDefinition("payments", "api", 8080, "http");
      mesh.taskDefinition("checkout", "none", 0, null);
      mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
      LocalTask.Spec spec = new LocalTask.Spec("us-east-1", "000000000000", "shop", "checkout", "deltacheckout", 1, 7);
      try (LocalTask checkout = LocalTask.start(spec, URI.create("http://127.0.0.1:" + mesh.controlPlane().apiPort()
          + "/"), "127.0.0.1", mesh.controlPlane().xdsPort(), true, Files.createTempDirectory("wharf-delta-"),
          (sp, hosts) -> () -> { })) {
        checkout.awaitReady(Duration.ofSeconds(20));

        mesh.service("shop", "payments", "payments", 1, Map.of("enabled", true, "namespace", "prod",
            "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
                "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments"))))));
        mesh.task("shop", "payments", 2, 7, 8080);
        Mesh.Task view = new Mesh.Task(checkout, null);
        Await.until(Duration.ofSeconds(10), "the delta sidecar gets the payments endpoint",
            () -> EnvoyAdmin.hosts(view, "payments") == 1);
        Await.until(Duration.ofSeconds(10), "checkout maps payments", () -> view.resolve("payments") != null);
        String url = "http://" + view.resolve("payments") + ":8080/";
        Await.until(Duration.ofSeconds(10), "payments answers through the delta sidecar",
            () -> Http.get(url).status() == 200);
        Thread.sleep(1000);
        String proxies = mesh.api().admin("/wharf/proxies").body();
        String arn = spec.identity().taskArn();
        for (String expected : List.of(arn, "\"protocol\" : \"delta\"", "\"service\" : \"checkout\"",
            "\"ackedVersion\"", "\"ClusterLoadAssignment\"")) {
          assertTrue(proxies.contains(expected), "/wharf/proxies lacks " + expected + ": " + proxies);
        }
        String group = mesh.api().admin("/wharf/groups/" + java.net.URLEncoder.encode(arn,
            java.nio.charset.StandardCharsets.UTF_8)).body();
        assertTrue(group.contains("\"resourceVersions\"") && group.contains("\"payments\""), group);
        long cds = EnvoyAdmin.stat(view, "cluster_manager.cds.update_success");
        long lds = EnvoyAdmin.stat(view, "listener_manager.lds.update_success");
        long eds = EnvoyAdmin.stat(view, "cluster.egress~payments.update_success");

        mesh.restartControlPlane(c -> c, () -> { });
        Await.until(Duration.ofSeconds(15), "the delta sidecar reconnects",
            () -> EnvoyAdmin.stat(view, "control_plane.connected_state") == 1);
        Thread.sleep(2000);
        assertEquals(200, Http.get(url).status());
        assertEquals(cds, EnvoyAdmin.stat(view, "cluster_manager.cds.update_success"), "CDS re-pushed");
        assertEquals(lds, EnvoyAdmin.stat(view, "listener_manager.lds.update_success"), "LDS re-pushed");
        assertEquals(eds, EnvoyAdmin.stat(view, "cluster.egress~payments.update_success"), "EDS re-pushed");
      }
    }
  }
}
