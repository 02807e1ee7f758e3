package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Load;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Spec 26, 41, 47 and pain point 4.2: endpoint membership is live. A new task gets traffic within 1 s
 * of joining; a task stopped the ECS way ({@code LocalTask.stopGracefully}: StopTask, then the inbound
 * drain) leaves every client's endpoints before its ingress listener closes; so replacing every
 * payments task, one by one, under 200 requests a second fails no request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Spec26And41And47EndpointChurnTest {
  private static final Duration ENDPOINT_GRACE = Duration.ofSeconds(2);
  private static final Duration DRAIN = Duration.ofSeconds(2);

  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;
  private int nextSlot = 11;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 3, Sc.server("prod", Sc.port("api", "payments", "payments", 80)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 64, 1, 0);
    for (int i = 0; i < 3; i++) {
      payments.add(newPaymentsTask());
    }
    Await.until(Duration.ofSeconds(10), "checkout maps payments and has its 3 tasks",
        () -> checkout.resolve("payments") != null && EnvoyAdmin.hosts(checkout, "payments") == 3);
    url = "http://" + checkout.resolve("payments") + ":80/";
  }

  private Mesh.Task newPaymentsTask() {
    return mesh.task("shop", "payments", 64, nextSlot++, 8080);
  }

  private static String address(Mesh.Task t) {
    return t.local().spec().ingressIp() + ":8080";
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void aNewTaskGetsTrafficWithinOneSecondOfJoining() {
    try (Load load = Load.start(url, 200, 8)) {
      Mesh.Task fourth = newPaymentsTask();
      payments.add(fourth);
      Await.until(Duration.ofSeconds(5), "the new task gets a request", () -> fourth.app().hits() > 0);
      long joined = (long) (mesh.ecsTask(fourth).startedAt() * 1000);
      long delay = fourth.app().firstHitMillis() - joined;
      load.close();
      System.out.println("spec 26/41: scale-out: first request " + delay + " ms after the task joined; load "
          + load.sent() + " requests, " + load.failed() + " failed");
      assertTrue(delay <= 1000, "first request " + delay + " ms after the task joined");
      assertEquals(0, load.failed(), "failures: " + load.failures());
    }
  }

  @Test
  @Order(2)
  void aGracefullyStoppedTaskLeavesEveryClientBeforeItsIngressListenerCloses() throws Exception {
    Mesh.Task victim = payments.remove(payments.size() - 1);
    String ingressIp = victim.local().spec().ingressIp();
    try (Load load = Load.start(url, 200, 8)) {
      Await.until(Duration.ofSeconds(5), "the victim serves traffic", () -> victim.app().hits() > 10);
      long t0 = System.currentTimeMillis();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
        try {
          victim.local().stopGracefully(ENDPOINT_GRACE, DRAIN);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      long dropped = -1;
      long closed = -1;
      while (closed < 0) {
        assertTrue(System.currentTimeMillis() - t0 < 15_000, "the ingress listener never closed");
        if (dropped < 0 && !EnvoyAdmin.hasHost(checkout, "payments", address(victim))) {
          dropped = System.currentTimeMillis() - t0;
        }
        if (!EnvoyAdmin.accepts(ingressIp, 8080)) {
          closed = System.currentTimeMillis() - t0;
        }
        Thread.sleep(20);
      }
      stopping.join();
      long lastHit = victim.app().lastHitMillis() - t0;
      load.close();
      System.out.println("spec 47 / pain 4.2: StopTask at 0 ms; checkout dropped the endpoint at " + dropped
          + " ms; the task's last request at " + lastHit + " ms; its ingress listener closed at " + closed
          + " ms; load " + load.sent() + " requests, " + load.failed() + " failed");
      assertTrue(dropped >= 0 && dropped < closed,
          "the endpoint was dropped at " + dropped + " ms, the listener closed at " + closed);
      assertTrue(dropped <= 1500, "checkout dropped the endpoint " + dropped + " ms after StopTask");
      assertTrue(lastHit < closed, "a request reached the task after its listener closed");
      assertEquals(0, load.failed(), "failures: " + load.failures());
    }
  }

  @Test
  @Order(3)
  void aRollingReplacementOfEveryPaymentsTaskUnderTwoHundredRequestsASecondFailsNothing() throws Exception {
    List<Mesh.Task> old = new ArrayList<>(payments);
    List<Mesh.Task> fresh = new ArrayList<>();
    long t0 = System.nanoTime();
    Load load = Load.start(url, 200, 8);
    try {
      for (Mesh.Task o : old) {
        Mesh.Task n = newPaymentsTask();
        fresh.add(n);
        Await.until(Duration.ofSeconds(5), "checkout has the replacement",
            () -> EnvoyAdmin.hasHost(checkout, "payments", address(n)));
        o.local().stopGracefully(ENDPOINT_GRACE, DRAIN);
      }
      Await.until(Duration.ofSeconds(5), "checkout has only the new tasks",
          () -> EnvoyAdmin.hosts(checkout, "payments") == fresh.size());
    } finally {
      load.close();
    }
    long took = (System.nanoTime() - t0) / 1_000_000;
    double rate = load.sent() * 1000.0 / took;
    System.out.println("spec 47 / pain 4.2: rolling replacement of " + old.size() + " tasks in " + took + " ms: "
        + load.sent() + " requests (" + Math.round(rate) + "/s), " + load.failed() + " failed; per task "
        + load.perTask());
    assertEquals(0, load.failed(), "failures: " + load.failures());
    assertTrue(rate >= 150, "the load ran at " + rate + " requests/s");
    for (Mesh.Task n : fresh) {
      assertTrue(n.app().hits() > 0, "a replacement got no traffic");
    }
    payments.clear();
    payments.addAll(fresh);
  }
}
