package dev.wharf.tests.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * A control-plane restart withdraws nothing by itself (DESIGN.md "Data flow"): the
 * restarted server keeps the tasks it knew until their sidecars reconnect, or until the grace
 * period ends for those that do not.
 */
class ControlPlaneRestartTest {

  @Test
  void aRestartKeepsTasksUntilTheirSidecarsReconnectAndWithdrawsTheOnesThatDoNotAfterTheGracePeriod()
      throws Exception {
    try (Mesh mesh = Mesh.start()) {
      mesh.namespace("prod");
      Mesh.Task checkout = deployCheckoutAndTwoPayments(mesh);
      Mesh.Task p1 = mesh.task("shop", "payments", 2, 1, 8080);
      Mesh.Task p2 = mesh.task("shop", "payments", 2, 2, 8080);
      Await.until(Duration.ofSeconds(10), "checkout maps payments", () -> checkout.resolve("payments") != null);
      String url = "http://" + checkout.resolve("payments") + ":8080/";
      Await.until(Duration.ofSeconds(10), "both payments tasks answer",
          () -> Http.get(url).status() == 200 && p1.app().hits() > 0 && p2.app().hits() > 0);
      String serviceId = mesh.call("servicediscovery", "ListServices", Map.of()).at("/Services/0/Id").asText();

      RequestLoop load = new RequestLoop(url);
      try {
        // p2's sidecar dies while the control plane is down: it must be withdrawn only after the grace.
        mesh.restartControlPlane(c -> c.withTaskGrace(Duration.ofSeconds(3)),
            () -> load.betweenTwoRequests(() -> p2.local().kill()));
        JsonNode instances = mesh.call("servicediscovery", "ListInstances", Map.of("ServiceId", serviceId));
        assertEquals(2, instances.path("Instances").size(), "a restart withdrew tasks by itself: " + instances);
        Await.until(Duration.ofSeconds(5), "p1's sidecar reconnects", () -> connected(mesh, p1.id()));
        Await.until(Duration.ofSeconds(10), "p2, whose sidecar never came back, is withdrawn after the grace period",
            () -> mesh.call("servicediscovery", "ListInstances", Map.of("ServiceId", serviceId))
                .path("Instances").size() == 1);
        assertTrue(connected(mesh, p1.id()), "p1 must survive the grace period");
      } finally {
        load.stop();
      }
      // Requests sent to p2 after it died (refused connections) are retried on p1 (spec 38).
      System.out.println("restart: " + load.sent.get() + " requests, " + load.failures.get() + " failed");
      assertEquals(0, load.failures.get(), "requests failed across the control-plane restart");
    }
  }

  /**
   * Creates services {@code payments} (two tasks wanted, alias {@code payments:8080}) and {@code checkout}
   * in cluster {@code shop}, namespace {@code prod}, and starts checkout's one task, which it returns.
   */
  private static Mesh.Task deployCheckoutAndTwoPayments(Mesh mesh) {
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 2, Map.of("enabled", true, "namespace", "prod",
        "services", List.of(Map.of("portName", "api", "discoveryName", "payments",
            "clientAliases", List.of(Map.of("port", 8080, "dnsName", "payments"))))));
    mesh.service("shop", "checkout", "checkout", 1, Map.of("enabled", true, "namespace", "prod"));
    return mesh.task("shop", "checkout", 1, 1, 0);
  }

  /** One thread sending {@code GET url} back to back, counting the answers that are not 200. */
  private static final class RequestLoop {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    // Killing a task mid-response truncates that response in any mesh; the kill happens between
    // two requests, so what is measured is the restart, not the kill.
    private final ReentrantLock oneRequest = new ReentrantLock(true);
    private final Thread thread;

    RequestLoop(String url) {
      thread = new Thread(() -> {
        while (running.get()) {
          sent.incrementAndGet();
          oneRequest.lock();
          Http.Reply r;
          try {
            r = Http.get(url);
          } finally {
            oneRequest.unlock();
          }
          if (r.status() != 200) {
            failures.incrementAndGet();
            System.out.println("restart: failed request: " + r.status() + " " + r.body());
          }
        }
      });
      thread.start();
    }

    void betweenTwoRequests(Runnable action) {
      oneRequest.lock();
      try {
        action.run();
      } finally {
        oneRequest.unlock();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  private static boolean connected(Mesh mesh, String taskId) {
    return mesh.controlPlane().store().current().tasks().values().stream()
        .filter(t -> t.taskId().equals(taskId)).anyMatch(t -> Boolean.TRUE.equals(t.connected()));
  }
}
