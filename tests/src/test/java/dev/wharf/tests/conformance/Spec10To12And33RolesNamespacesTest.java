package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 10-12 and 33: only client-alias names resolve and route through the proxy, discovery names do
 * not resolve; a service without Service Connect gets no sidecar configuration; namespaces are
 * isolated (the same alias in two namespaces reaches each namespace's own tasks); a client-only
 * service needs only {@code enabled} when its cluster has a default namespace, and reaches services
 * of another cluster in that namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec10To12And33RolesNamespacesTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private Mesh.Task checkoutStaging;
  private Mesh.Task edge;
  private Mesh.Task payments;
  private Mesh.Task paymentsStaging;
  private Mesh.Task legacy;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.namespace("staging");
    mesh.cluster("shop");
    mesh.call("ecs", "CreateCluster",
        Map.of("clusterName", "edge", "serviceConnectDefaults", Map.of("namespace", "prod")));
    mesh.taskDefinition("web", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    // discovery name payments-api, alias payments, in both namespaces
    mesh.service("shop", "payments", "web", 1, Sc.server("prod", Sc.port("api", "payments-api", "payments", 80)));
    mesh.service("shop", "payments-staging", "web", 1,
        Sc.server("staging", Sc.port("api", "payments-api", "payments", 80)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    mesh.service("shop", "checkout-staging", "checkout", 1, Sc.client("staging"));
    mesh.service("edge", "edge-client", "checkout", 1, Map.of("enabled", true));
    mesh.call("ecs", "CreateService", Map.of("cluster", "shop", "serviceName", "legacy", "taskDefinition", "web",
        "desiredCount", 1, "networkConfiguration", Mesh.NETWORK));
    checkout = mesh.task("shop", "checkout", 62, 1, 0);
    checkoutStaging = mesh.task("shop", "checkout-staging", 62, 2, 0);
    edge = mesh.task("edge", "edge-client", 62, 3, 0);
    payments = mesh.task("shop", "payments", 62, 11, 8080);
    paymentsStaging = mesh.task("shop", "payments-staging", 62, 12, 8080);
    legacy = mesh.taskNotAwaited("shop", "legacy", 62, 20, 8080);
    for (Mesh.Task c : List.of(checkout, checkoutStaging, edge)) {
      Await.until(Duration.ofSeconds(10), c.local().spec().service() + " maps payments and has its task",
          () -> c.resolve("payments") != null && EnvoyAdmin.hosts(c, "payments-api") == 1);
    }
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static Set<String> names(Mesh.Task t) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(t.local().hostsFile())) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 2 && !line.trim().startsWith("#") && !f[1].equals("localhost")) {
        for (int i = 1; i < f.length; i++) {
          out.add(f[i]);
        }
      }
    }
    return out;
  }

  @Test
  void onlyAliasNamesResolveDiscoveryNamesDoNot() throws IOException {
    Set<String> names = names(checkout);
    System.out.println("spec 10: checkout's hosts file names " + names);
    assertEquals(Set.of("payments"), names);
    assertNull(checkout.resolve("payments-api"), "the discovery name resolves");
    assertNull(checkout.resolve("payments-api.prod"), "discoveryName.namespace resolves");
  }

  @Test
  void onlyAliasTrafficGoesThroughTheProxy() {
    // the sidecar listens on the alias VIP and port only
    Map<String, String> listeners = EnvoyAdmin.listeners(checkout);
    assertEquals(Map.of("egress/payments:80", checkout.resolve("payments") + ":80"), listeners);
    String stat = "http.egress~payments-api.downstream_rq_total";
    long before = Math.max(0, EnvoyAdmin.stat(checkout, stat));
    assertEquals(200, Http.get("http://" + checkout.resolve("payments") + ":80/").status());
    assertEquals(before + 1, EnvoyAdmin.stat(checkout, stat), "the alias request went through the proxy");
    // other traffic (here: the task's own address, as an IP in the VPC would be) does not
    int hits = payments.app().hits();
    assertEquals(200, Http.get("http://" + payments.local().spec().appIp() + ":8080/").status());
    assertEquals(hits + 1, payments.app().hits());
    assertEquals(before + 1, EnvoyAdmin.stat(checkout, stat), "direct traffic went through checkout's proxy");
  }

  @Test
  void aServiceWithoutServiceConnectGetsNoSidecarConfig() throws Exception {
    // give the control plane time to answer, then look: nothing was pushed
    Await.until(Duration.ofSeconds(5), "legacy's Envoy answers on admin", () -> {
      try {
        legacy.admin("/listeners");
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    });
    Thread.sleep(2000);
    String state = legacy.local().sidecar().readyState();
    Map<String, String> listeners = EnvoyAdmin.listeners(legacy);
    var hosts = mesh.api().admin("/wharf/hosts/" + legacy.id());
    System.out.println("spec 12: a task of a service without Service Connect: Envoy " + state + ", listeners "
        + listeners + ", hosts " + hosts.status());
    assertEquals(Map.of(), listeners, "a task without Service Connect got listeners");
    assertEquals(0, EnvoyAdmin.hosts(legacy, "payments-api"), "a task without Service Connect got clusters");
    assertNotEquals(200, hosts.status(), "a task without Service Connect got a hosts file: " + hosts.body());
    // and nobody gets it as an endpoint or alias
    assertTrue(!EnvoyAdmin.listeners(checkout).keySet().stream().anyMatch(l -> l.contains("legacy")));
  }

  @Test
  void namespacesAreIsolatedTheSameAliasReachesEachNamespacesOwnTasks() {
    for (int i = 0; i < 10; i++) {
      assertEquals(payments.id(), Http.get("http://" + checkout.resolve("payments") + ":80/").task());
      assertEquals(paymentsStaging.id(), Http.get("http://" + checkoutStaging.resolve("payments") + ":80/").task());
    }
    String prodAddress = payments.local().spec().ingressIp() + ":8080";
    String stagingAddress = paymentsStaging.local().spec().ingressIp() + ":8080";
    assertTrue(EnvoyAdmin.hasHost(checkout, "payments-api", prodAddress));
    assertTrue(!EnvoyAdmin.hasHost(checkout, "payments-api", stagingAddress), "prod sees a staging endpoint");
    assertTrue(EnvoyAdmin.hasHost(checkoutStaging, "payments-api", stagingAddress));
    assertTrue(!EnvoyAdmin.hasHost(checkoutStaging, "payments-api", prodAddress), "staging sees a prod endpoint");
    System.out.println("spec 11: alias payments: prod client -> " + prodAddress
        + ", staging client -> " + stagingAddress);
  }

  @Test
  void aClientWithOnlyEnabledUsesItsClustersDefaultNamespaceAndReachesAnotherCluster() {
    for (int i = 0; i < 5; i++) {
      Http.Reply r = Http.get("http://" + edge.resolve("payments") + ":80/");
      assertEquals(200, r.status(), r.body());
      assertEquals(payments.id(), r.task(), "the edge cluster's client reached another namespace");
    }
  }
}
