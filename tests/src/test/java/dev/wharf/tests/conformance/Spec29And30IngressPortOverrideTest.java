package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 29 and 30: with {@code ingressPortOverride: 9090} on a containerPort 8080 mapping, the server
 * proxy listens on 9090, clients reach it there (whatever the alias port, here 80), and the app's own
 * port 8080 is left alone: the proxy does not take it, and traffic to it bypasses the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec29And30IngressPortOverrideTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 2,
        Sc.server("prod", Sc.ingressPortOverride(Sc.port("api", "payments", "payments", 80), 9090)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 63, 1, 0);
    payments.add(mesh.task("shop", "payments", 63, 11, 8080));
    payments.add(mesh.task("shop", "payments", 63, 12, 8080));
    Await.until(Duration.ofSeconds(10), "checkout maps payments and has its 2 tasks",
        () -> checkout.resolve("payments") != null && EnvoyAdmin.hosts(checkout, "payments") == 2);
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void theServerProxyListensOnTheOverridePortAndNotOnTheContainerPort() {
    for (Mesh.Task p : payments) {
      String ingress = p.local().spec().ingressIp();
      Map<String, String> listeners = EnvoyAdmin.listeners(p);
      assertEquals(ingress + ":9090", listeners.get("ingress/payments"), "listeners " + listeners);
      // its other listeners are its own client side (egress on alias VIPs); none takes port 8080
      assertTrue(listeners.values().stream().noneMatch(a -> a.endsWith(":8080")), "listeners " + listeners);
      assertTrue(EnvoyAdmin.accepts(ingress, 9090), "nothing accepts on the override port");
      assertTrue(!EnvoyAdmin.accepts(ingress, 8080), "something took the container port on the ingress address");
    }
  }

  @Test
  void clientsReachTheServerProxyOnTheOverridePort() {
    for (Mesh.Task p : payments) {
      String endpoint = p.local().spec().ingressIp() + ":9090";
      assertTrue(EnvoyAdmin.hasHost(checkout, "payments", endpoint), "checkout's endpoints lack " + endpoint);
    }
    Map<String, Integer> perTask = new TreeMap<>();
    for (int i = 0; i < 10; i++) {
      Http.Reply r = Http.get("http://" + checkout.resolve("payments") + ":80/");
      assertEquals(200, r.status(), r.body());
      perTask.merge(r.task(), 1, Integer::sum);
    }
    long ingress = payments.stream()
        .mapToLong(p -> EnvoyAdmin.stat(p, "http.ingress~payments.downstream_rq_total")).sum();
    System.out.println("spec 29/30: alias :80 -> server proxies on :9090 -> apps on :8080, per task " + perTask
        + ", server proxies counted " + ingress + " requests");
    assertEquals(Map.of(payments.get(0).id(), 5, payments.get(1).id(), 5), perTask);
    assertEquals(10, ingress, "the requests did not pass the server proxies");
  }

  @Test
  void theAppsOwnPortIsLeftAloneAndBypassesTheProxy() {
    Mesh.Task p = payments.get(0);
    long before = EnvoyAdmin.stat(p, "http.ingress~payments.downstream_rq_total");
    int hits = p.app().hits();
    Http.Reply r = Http.get("http://" + p.local().spec().appIp() + ":8080/");
    assertEquals(200, r.status());
    assertEquals(hits + 1, p.app().hits());
    assertEquals(before, EnvoyAdmin.stat(p, "http.ingress~payments.downstream_rq_total"),
        "traffic to the app's own port went through the proxy");
  }
}
