package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Shop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec 37 with configured (short) ejection times: base 2 s, max 5 s, sweep every 250 ms. A task that
 * answers 503 to everything while its port stays open is ejected after exactly 5 consecutive failures,
 * gets nothing while ejected, is probed back, and each further ejection lasts base x count, capped at
 * max. Retries (spec 38) hide every failure from the client. AWS's own 30 s is measured once in
 * {@link Spec37WedgedReplicaTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Spec37OutlierDetectionTest {
  private static final Duration BASE = Duration.ofSeconds(2);
  private static final Duration MAX = Duration.ofSeconds(5);
  private static final Duration SWEEP = Duration.ofMillis(250);

  private Mesh mesh;
  private Mesh.Task checkout;
  private final List<Mesh.Task> payments = new ArrayList<>();
  private String url;

  @BeforeAll
  void start() {
    mesh = Mesh.start(c -> c.withTranslatorOptions(c.translatorOptions().withEjectionTimes(BASE, MAX)
        .withOutlierInterval(SWEEP)));
    Shop shop = Shop.setUp(mesh, 13, 8080);
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

  private long ejections() {
    return Math.max(0, EnvoyAdmin.stat(checkout, "cluster.payments.outlier_detection.ejections_enforced_total"));
  }

  /**
   * First ejection after exactly 5 consecutive 503s, no traffic for the base ejection time, probed
   * back, ejected again, never out longer than the max; clients see no error throughout.
   *
   * <p>Not asserted: that the second ejection lasts longer. Envoy multiplies the base time by the
   * host's ejection count, but decays that count for every sweep interval the host spends healthy,
   * and since Envoy 1.3x a re-admitted host needs more than 5 failures before it is charged again
   * (envoyproxy/envoy#40697, open); with the short sweep this test needs, the count decays first.
   * CONFORMANCE.md records this under spec 37.
   */
  @Test
  void aWedgedTaskIsEjectedAfterFiveFailuresProbedBackAndEjectedAgainWithinTheMax() {
    Mesh.Task wedged = payments.get(0);
    wedged.app().behave(new EchoApp.Behavior(503, 0));
    int errors = 0;
    int sent = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (ejections() < 2 || System.currentTimeMillis() - wedged.app().lastHitMillis() < 200) {
      assertTrue(System.nanoTime() < deadline, "no second ejection within 40 s; ejections " + ejections()
          + ", wedged hits " + wedged.app().hits());
      Http.Reply r = Http.get(url);
      sent++;
      if (r.status() != 200) {
        errors++;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
    List<Long> hits = wedged.app().hitTimes();
    // the wedged task's hits come in runs of failures; a gap of over 1 s between two hits is an ejection
    List<Long> gaps = new ArrayList<>();
    List<Integer> runs = new ArrayList<>();
    int run = 1;
    for (int i = 1; i < hits.size(); i++) {
      long gap = hits.get(i) - hits.get(i - 1);
      if (gap > 1000) {
        gaps.add(gap);
        runs.add(run);
        run = 0;
      }
      run++;
    }
    System.out.println("spec 37: " + sent + " requests, " + errors + " errors; wedged task hits " + hits.size()
        + ", ejections " + ejections() + ", failures before each ejection " + runs + ", ejection gaps (ms) " + gaps);
    assertEquals(0, errors, "retries must hide every failure before and between ejections");
    assertTrue(!gaps.isEmpty(), "no ejection gap in the wedged task's traffic: " + hits);
    assertEquals(5, runs.get(0), "the first ejection must follow exactly 5 consecutive 503s");
    long slack = SWEEP.toMillis() + 300;
    assertTrue(gaps.get(0) >= 2000 && gaps.get(0) <= 2000 + slack, "first ejection " + gaps.get(0) + " ms, want 2 s");
    gaps.forEach(g -> assertTrue(g <= 5000 + slack, "an ejection of " + g + " ms exceeds the 5 s max"));
    assertTrue(ejections() >= 2, "the task was not ejected again after it was probed back");
  }
}
