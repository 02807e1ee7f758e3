package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Shop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 35: "Load balancing is round-robin across the tasks of the endpoint; the local (client-side)
 * proxy picks the task." Also spec 30: the client proxy reaches the server proxy on the server's
 * containerPort, whatever the alias port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec35RoundRobinTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    Shop shop = Shop.setUp(mesh, 11, 80);
    checkout = shop.checkout();
    payments.addAll(shop.payments());
    url = shop.url();
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void threeHundredSequentialRequestsRotateOverTheThreeTasksInTurn() {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Http.Reply r = Http.get(url);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
      order.add(r.task());
    }
    Map<String, Integer> perTask = new TreeMap<>();
    order.forEach(t -> perTask.merge(t, 1, Integer::sum));
    System.out.println("spec 35: 300 requests per task " + perTask);
    assertEquals(3, perTask.size(), "tasks reached: " + perTask);
    perTask.forEach((t, n) -> assertEquals(100, n, "task " + t + ": " + perTask));
    for (int i = 3; i < order.size(); i++) {
      assertEquals(order.get(i - 3), order.get(i),
          "request " + i + " broke the rotation " + order.subList(i - 3, i + 1));
      assertTrue(!order.get(i).equals(order.get(i - 1)), "two requests in a row on one task at " + i);
    }
  }

  @Test
  void theClientProxyReachesTheServerProxyOnTheContainerPortNotTheAliasPort() {
    for (Mesh.Task p : payments) {
      String address = p.local().spec().ingressIp() + ":8080";
      assertTrue(EnvoyAdmin.hasHost(checkout, "payments", address), "checkout's endpoints lack " + address);
    }
  }
}
