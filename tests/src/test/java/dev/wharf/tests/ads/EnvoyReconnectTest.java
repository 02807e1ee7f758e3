package dev.wharf.tests.ads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Real Envoy across a control-plane restart while traffic flows: no request fails, and the sidecar's
 * configuration is not touched (content versions: the restarted server computes the versions Envoy
 * already holds, so it sends nothing; Envoy counts every accepted response in update_success).
 */
class EnvoyReconnectTest {
  private static final List<String> STATS = List.of(
      "cluster_manager.cds.update_success", "listener_manager.lds.update_success",
      "cluster.egress~payments.update_success", "cluster_manager.cds.update_rejected",
      "listener_manager.lds.update_rejected");

  @Test
  void aControlPlaneRestartFailsNoRequestAndLeavesEnvoysConfigUntouched() throws Exception {
    try (Mesh mesh = Mesh.start()) {
      mesh.namespace("prod");
      mesh.cluster("shop");
      mesh.taskDefinition("payments", "api", 8080, "http");
      mesh.taskDefinition("checkout", "none", 0, null);
      mesh.service("shop", "payments", "payments", 2, Map.of("enabled", true, "namespace", "prod",
          "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
              "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments"))))));
      mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
      Mesh.Task checkout = mesh.task("shop", "checkout", 1, 1, 0);
      mesh.task("shop", "payments", 2, 1, 8080);
      mesh.task("shop", "payments", 2, 2, 8080);
      Await.until(Duration.ofSeconds(10), "checkout maps payments", () -> checkout.resolve("payments") != null);
      String url = "http://" + checkout.resolve("payments") + ":8080/";
      Await.until(Duration.ofSeconds(10), "checkout's Envoy has both payments tasks",
          () -> EnvoyAdmin.hosts(checkout, "payments") == 2);
      Thread.sleep(1500); // let registration-driven pushes settle
      Map<String, Long> before = stats(checkout);
      String clustersBefore = checkout.admin("/config_dump?resource=dynamic_active_clusters");

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger failures = new AtomicInteger();
      AtomicInteger sent = new AtomicInteger();
      Thread load = new Thread(() -> {
        while (running.get()) {
          sent.incrementAndGet();
          if (Http.get(url).status() != 200) {
            failures.incrementAndGet();
          }
        }
      });
      load.start();
      try {
        mesh.restartControlPlane(c -> c, () -> { });
        Await.until(Duration.ofSeconds(15), "checkout's Envoy reconnects",
            () -> EnvoyAdmin.stat(checkout, "control_plane.connected_state") == 1
                && mesh.controlPlane().tracker().openStreams() >= 3);
        Thread.sleep(2000);
      } finally {
        running.set(false);
        load.join();
      }
      System.out.println("envoy reconnect: " + sent.get() + " requests, " + failures.get() + " failed; stats "
          + before + " -> " + stats(checkout));
      assertEquals(0, failures.get(), "requests failed across the restart");
      assertEquals(before, stats(checkout), "the restarted control plane re-pushed configuration");
      assertEquals(clustersBefore, checkout.admin("/config_dump?resource=dynamic_active_clusters"));
    }
  }

  private static Map<String, Long> stats(Mesh.Task t) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String s : STATS) {
      m.put(s, EnvoyAdmin.stat(t, s));
    }
    return m;
  }
}
