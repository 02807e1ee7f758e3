package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Shop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The wedged-replica incident, with AWS's default numbers (spec 37: ejected for
 * 30 s; Envoy sweeps every 10 s, so it is probed back 30 to 40 s later): 3 payments tasks, one
 * answering 503 to everything while its port stays open; 1,000 requests from checkout see 0 errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec37WedgedReplicaTest {
  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    Shop shop = Shop.setUp(mesh, 14, 8080);
    checkout = shop.checkout();
    payments.addAll(shop.payments());
    url = shop.url();
    // Outlier counters live on Envoy's host objects: wait until EDS and merged updates stop (spec 37).
    EnvoyAdmin.awaitSettled(checkout, "payments");
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void oneThousandRequestsSeeNoErrorsAndTheWedgedTaskIsProbedBackAfterThirtySeconds() {
    Mesh.Task wedged = payments.get(1);
    wedged.app().behave(new EchoApp.Behavior(503, 0));
    int errors = 0;
    for (int i = 0; i < 1000; i++) {
      if (Http.get(url).status() != 200) {
        errors++;
      }
    }
    long ejections = EnvoyAdmin.stat(checkout, "cluster.egress~payments.outlier_detection.ejections_enforced_total");
    long consecutive =
        EnvoyAdmin.stat(checkout, "cluster.egress~payments.outlier_detection.ejections_enforced_consecutive_5xx");
    long retries = EnvoyAdmin.stat(checkout, "cluster.egress~payments.upstream_rq_retry");
    System.out.println("spec 37 wedged replica: 1000 requests, " + errors + " errors, wedged task tried "
        + wedged.app().hits() + " times, retries " + retries + ", ejections " + ejections);
    assertEquals(0, errors, "the client saw errors");
    assertEquals(5, wedged.app().hits(), "the wedged task is ejected after exactly 5 consecutive 503s");
    assertEquals(1, ejections);
    assertEquals(1, consecutive);
    assertEquals(5, retries, "each of the 5 failures was retried once, elsewhere");

    // AWS's 30 s: no traffic until then, probed back within the next 10 s sweep
    long ejectedAt = wedged.app().lastHitMillis();
    while (wedged.app().hits() == 5) {
      assertTrue(System.currentTimeMillis() - ejectedAt < 45_000, "not probed back within 45 s");
      if (Http.get(url).status() != 200) {
        errors++;
      }
      LockSupport.parkNanos(20_000_000);
    }
    long back = wedged.app().hitTimes().get(5) - ejectedAt;
    System.out.println("spec 37 wedged replica: probed back " + back + " ms after its ejection");
    assertTrue(back >= 30_000 && back <= 40_500, "probed back after " + back + " ms, want 30-40 s");
    assertEquals(0, errors, "the client saw errors while the task was ejected");
  }
}
