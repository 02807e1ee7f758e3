package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.ResettingServer;
import dev.wharf.tests.harness.Shop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 38: "Number of retries: 2", "the second attempt avoids using the host from the previous
 * connection"; retried on connection failure, reset and 503; 500, 4xx (and, by Wharf's documented
 * choice in RouteBuilder.RETRY_ON, 502 and 504) are not retried. Each scenario keeps every task under
 * 5 consecutive failures, so outlier detection (spec 37) never interferes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec38RetriesTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;
  private String cloudMapService;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    Shop shop = Shop.setUp(mesh, 12, 8080);
    checkout = shop.checkout();
    payments.addAll(shop.payments());
    url = shop.url();
    cloudMapService = mesh.discoveryServiceId("shop", "payments", "payments");
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @AfterEach
  void healEveryTask() {
    payments.forEach(p -> p.app().behave(EchoApp.Behavior.OK));
    // one success per task resets its consecutive-failure count
    for (int i = 0; i < 3; i++) {
      Http.get(url);
    }
  }

  private long stat(String name) {
    return Math.max(0, EnvoyAdmin.stat(checkout, "cluster.egress~payments." + name));
  }

  private int totalHits() {
    return payments.stream().mapToInt(p -> p.app().hits()).sum();
  }

  @Test
  void a503FromOneTaskIsRetriedOnAnotherTask() {
    Mesh.Task wedged = payments.get(0);
    wedged.app().behave(new EchoApp.Behavior(503, 0));
    long retries = stat("upstream_rq_retry");
    int wedgedHits = wedged.app().hits();
    for (int i = 0; i < 6; i++) {
      Http.Reply r = Http.get(url);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
      assertTrue(!wedged.id().equals(r.task()), "the wedged task answered");
    }
    int failed = wedged.app().hits() - wedgedHits;
    System.out.println("spec 38: 6 requests, the 503 task was tried " + failed + " times, retries "
        + (stat("upstream_rq_retry") - retries));
    // a retry moves the round robin on by one, so the wedged task is tried 2 or 3 times in 6
    assertTrue(failed >= 2 && failed <= 3, "the 503 task was tried " + failed + " times");
    assertEquals(failed, stat("upstream_rq_retry") - retries, "one retry per 503");
  }

  @Test
  void whenEveryTaskFailsTheClientSeesTheFailureAfterExactlyThreeAttemptsOnThreeDifferentTasks() {
    List<Integer> before = payments.stream().map(p -> p.app().hits()).collect(Collectors.toList());
    long retries = stat("upstream_rq_retry");
    Http.Reply r = Http.get(url + "?status=503");
    assertEquals(503, r.status());
    List<Integer> delta = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      delta.add(payments.get(i).app().hits() - before.get(i));
    }
    System.out.println("spec 38: all tasks 503 -> attempts per task " + delta);
    assertEquals(List.of(1, 1, 1), delta, "each of the 3 attempts on a different task");
    assertEquals(2, stat("upstream_rq_retry") - retries, "2 retries");
    assertEquals(1, stat("upstream_rq_retry_limit_exceeded") >= 1 ? 1 : 0, "the retry limit was reached");
  }

  @Test
  void status500And4xxAreNotRetried() {
    for (int status : new int[] {500, 400, 404, 429}) {
      int hits = totalHits();
      long retries = stat("upstream_rq_retry");
      Http.Reply r = Http.get(url + "?status=" + status);
      assertEquals(status, r.status());
      assertEquals(1, totalHits() - hits, status + " reached the apps more than once");
      assertEquals(0, stat("upstream_rq_retry") - retries, status + " was retried");
      Http.get(url);
    }
  }

  @Test
  void status502And504AreNotRetriedAsDocumentedInRouteBuilder() {
    for (int status : new int[] {502, 504}) {
      int hits = totalHits();
      long retries = stat("upstream_rq_retry");
      Http.Reply r = Http.get(url + "?status=" + status);
      assertEquals(status, r.status());
      assertEquals(1, totalHits() - hits, status + " reached the apps more than once");
      assertEquals(0, stat("upstream_rq_retry") - retries, status + " was retried");
      Http.get(url);
    }
  }

  @Test
  void anAppThatDropsTheConnectionIsRetriedOnAnotherTask() {
    Mesh.Task dropping = payments.get(1);
    dropping.app().behave(EchoApp.Behavior.DROP);
    int droppedBefore = dropping.app().hits();
    for (int i = 0; i < 6; i++) {
      Http.Reply r = Http.get(url);
      assertEquals(200, r.status(), "request " + i + ": " + r.body());
    }
    int dropped = dropping.app().hits() - droppedBefore;
    System.out.println("spec 38: 6 requests, the dropping task was tried " + dropped + " times, all retried");
    assertTrue(dropped >= 2 && dropped <= 3, "the dropping task was tried " + dropped + " times");
  }

  @Test
  void connectionRefusedIsRetriedOnAnotherTask() {
    // An endpoint where nothing listens: a task whose listener is gone but which is still in EDS.
    mesh.registerInstance(cloudMapService, "phantom-refused", "127.1.12.99", 8080);
    try {
      Await.until(Duration.ofSeconds(5), "checkout's Envoy lists the phantom",
          () -> EnvoyAdmin.hasHost(checkout, "payments", "127.1.12.99:8080"));
      long connectFail = stat("upstream_cx_connect_fail");
      long retries = stat("upstream_rq_retry");
      for (int i = 0; i < 8; i++) {
        Http.Reply r = Http.get(url);
        assertEquals(200, r.status(), "request " + i + ": " + r.body());
      }
      long refused = stat("upstream_cx_connect_fail") - connectFail;
      System.out.println("spec 38: 8 requests over 4 endpoints, " + refused + " refused connections, all retried");
      assertTrue(refused >= 2, "the phantom endpoint was picked " + refused + " times");
      assertEquals(refused, stat("upstream_rq_retry") - retries, "one retry per refused connection");
    } finally {
      mesh.deregisterInstance(cloudMapService, "phantom-refused");
      Await.until(Duration.ofSeconds(5), "checkout's Envoy drops the phantom",
          () -> !EnvoyAdmin.hasHost(checkout, "payments", "127.1.12.99:8080"));
    }
  }

  @Test
  void aConnectionResetIsRetriedOnAnotherTask() throws Exception {
    try (ResettingServer reset = ResettingServer.start("127.1.12.98", 8080)) {
      mesh.registerInstance(cloudMapService, "phantom-reset", "127.1.12.98", 8080);
      try {
        Await.until(Duration.ofSeconds(5), "checkout's Envoy lists the resetting endpoint",
            () -> EnvoyAdmin.hasHost(checkout, "payments", "127.1.12.98:8080"));
        long retries = stat("upstream_rq_retry");
        for (int i = 0; i < 8; i++) {
          Http.Reply r = Http.get(url);
          assertEquals(200, r.status(), "request " + i + ": " + r.body());
        }
        System.out.println("spec 38: 8 requests, " + reset.connections() + " reset connections, retries "
            + (stat("upstream_rq_retry") - retries));
        assertTrue(reset.connections() >= 2, "the resetting endpoint was picked " + reset.connections() + " times");
        assertEquals(reset.connections(), stat("upstream_rq_retry") - retries, "one retry per reset");
      } finally {
        mesh.deregisterInstance(cloudMapService, "phantom-reset");
        Await.until(Duration.ofSeconds(5), "checkout's Envoy drops the resetting endpoint",
            () -> !EnvoyAdmin.hasHost(checkout, "payments", "127.1.12.98:8080"));
      }
    }
  }
}
