package dev.wharf.tests.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.model.ecs.Task;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation's end-to-end promises, on real Envoy sidecars and real sockets on
 * loopback: checkout calls payments by alias through its sidecar; payments has 3 tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationTrafficTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String paymentsUrl;

  @BeforeAll
  void startMesh() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.namespace("staging");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 3, Map.of("enabled", true, "namespace", "prod",
        "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
            "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments"))))));
    mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
    checkout = mesh.task("shop", "checkout", 1, 1, 0);
    for (int b = 1; b <= 3; b++) {
      payments.add(mesh.task("shop", "payments", 2, b, 8080));
    }
    Await.until(Duration.ofSeconds(10), "checkout's hosts file maps payments",
        () -> checkout.resolve("payments") != null);
    paymentsUrl = "http://" + checkout.resolve("payments") + ":8080/";
    Await.until(Duration.ofSeconds(10), "checkout's Envoy has 3 payments endpoints",
        () -> EnvoyAdmin.hosts(checkout, "payments") == 3);
  }

  @AfterAll
  void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void checkoutSpreads300RequestsEvenlyOverThreePaymentsTasks() {
    Map<String, Integer> perTask = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Http.Reply r = Http.get(paymentsUrl);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
      perTask.merge(r.task(), 1, Integer::sum);
    }
    assertEquals(3, perTask.size(), "tasks reached: " + perTask);
    perTask.forEach((task, n) -> assertTrue(Math.abs(n - 100) <= 15, "task " + task + " got " + n + ": " + perTask));
  }

  @Test
  @Order(2)
  void aFourthTaskGetsTrafficWithinOneSecondOfConnectingWithoutTouchingCheckoutsEnvoy() throws Exception {
    long ldsBefore = EnvoyAdmin.stat(checkout, "listener_manager.lds.update_success");
    long cdsBefore = EnvoyAdmin.stat(checkout, "cluster_manager.cds.update_success");
    long pid = checkout.local().sidecar().pid();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    Thread load = new Thread(() -> {
      while (running.get()) {
        if (Http.get(paymentsUrl).status() != 200) {
          failures.incrementAndGet();
        }
      }
    });
    load.start();
    try {
      Mesh.Task fourth = mesh.task("shop", "payments", 2, 4, 8080);
      payments.add(fourth);
      Await.until(Duration.ofSeconds(5), "the 4th task gets a request", () -> fourth.app().hits() > 0);
      Task registered = mesh.controlPlane().store().current().tasks().values().stream()
          .filter(t -> t.taskId().equals(fourth.id())).findFirst().orElseThrow();
      long connectedMillis = (long) (registered.startedAt() * 1000);
      long delay = fourth.app().firstHitMillis() - connectedMillis;
      System.out.println("4th task: first request " + delay + " ms after its sidecar connected");
      assertTrue(delay <= 1000, "first request came " + delay + " ms after the sidecar connected");
    } finally {
      running.set(false);
      load.join();
    }
    assertEquals(pid, checkout.local().sidecar().pid(), "checkout's Envoy was restarted");
    assertEquals(ldsBefore, EnvoyAdmin.stat(checkout, "listener_manager.lds.update_success"),
        "checkout's listeners were re-pushed");
    assertEquals(cdsBefore, EnvoyAdmin.stat(checkout, "cluster_manager.cds.update_success"),
        "checkout's clusters were re-pushed");
    assertEquals(0, failures.get(), "requests failed while the 4th task joined");
  }

  @Test
  @Order(3)
  void aStoppedTaskReceivesNothingMoreWithinOneSecond() throws Exception {
    Mesh.Task victim = payments.get(payments.size() - 1);
    String address = victim.local().spec().ingressIp() + ":8080";
    assertTrue(EnvoyAdmin.hasHost(checkout, "payments", address));
    AtomicBoolean running = new AtomicBoolean(true);
    Thread load = new Thread(() -> {
      while (running.get()) {
        Http.get(paymentsUrl);
      }
    });
    load.start();
    try {
      long stoppedAt = System.currentTimeMillis();
      victim.local().sidecar().kill();
      Duration gone = Await.until(Duration.ofSeconds(1), "checkout's Envoy drops the stopped task",
          () -> !EnvoyAdmin.hasHost(checkout, "payments", address));
      System.out.println("stopped task removed from checkout's endpoints after " + gone.toMillis() + " ms");
      Thread.sleep(300);
      long last = victim.app().lastHitMillis();
      assertTrue(last <= stoppedAt + 1000, "the stopped task was reached " + (last - stoppedAt) + " ms after stopping");
      int hits = victim.app().hits();
      Thread.sleep(300);
      assertEquals(hits, victim.app().hits(), "the stopped task still receives requests");
    } finally {
      running.set(false);
      load.join();
    }
  }

  @Test
  @Order(4)
  void aClientInStagingHasNoListenerForProdAliases() {
    mesh.service("shop", "auditor", "checkout", 1, Map.of("enabled", true, "namespace", "staging"));
    Mesh.Task auditor = mesh.task("shop", "auditor", 3, 1, 0);
    assertNull(auditor.resolve("payments"), "staging's hosts file maps a prod alias");
    String listeners = auditor.admin("/listeners");
    assertTrue(!listeners.contains("payments"), "staging's Envoy has a listener for prod's payments: " + listeners);
    assertNotNull(checkout.resolve("payments"));
    assertTrue(checkout.admin("/listeners").contains("payments"), "prod's checkout lost its payments listener");
  }
}
