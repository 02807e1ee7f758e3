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
import java.util.concurrent.locks.LockSupport;
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
  /**
   * Envoy un-ejects only at a sweep, and lowers a host's ejection count at a sweep it spends healthy,
   * so the sweep must be short next to the base time but longer than the re-ejection takes.
   */
  private static final Duration SWEEP = Duration.ofSeconds(1);

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
    return Math.max(0, EnvoyAdmin.stat(checkout, "cluster.egress~payments.outlier_detection.ejections_enforced_total"));
  }

  /**
   * First ejection after exactly 5 consecutive 503s; no traffic for the base ejection time; probed
   * back; each further ejection lasts longer, capped at the max (spec 37: "30 to 300 seconds"; here
   * base 2 s, max 5 s). Clients see no error throughout. Envoy re-admits only at a sweep, so each gap
   * may run up to one sweep over.
   *
   * <p>After a re-admission Envoy 1.36 charges a host again only after more than 5 failures
   * (envoyproxy/envoy#40697, open), so only the first run of failures is asserted to be exactly 5.
   */
  @Test
  void aWedgedTaskIsEjectedAfterFiveFailuresAndEachEjectionLastsLongerUpToTheMax() {
    Mesh.Task wedged = payments.get(0);
    wedged.app().behave(new EchoApp.Behavior(503, 0));
    int errors = 0;
    int sent = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (ejections() < 3 || System.currentTimeMillis() - wedged.app().lastHitMillis() < 200) {
      assertTrue(System.nanoTime() < deadline, "no third ejection within 40 s; ejections " + ejections()
          + ", wedged hits " + wedged.app().hits());
      Http.Reply r = Http.get(url);
      sent++;
      if (r.status() != 200) {
        errors++;
      }
      LockSupport.parkNanos(2_000_000);
    }
    // keep probing until the third ejection ends, so its length is measured too
    long third = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    int before = wedged.app().hits();
    while (wedged.app().hits() == before && System.nanoTime() < third) {
      Http.get(url);
      LockSupport.parkNanos(2_000_000);
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
    assertTrue(gaps.size() >= 3, "three ejections expected, gaps " + gaps);
    assertEquals(5, runs.get(0), "the first ejection must follow exactly 5 consecutive 503s");
    long slack = SWEEP.toMillis() + 300;
    assertTrue(gaps.get(0) >= 2000 && gaps.get(0) <= 2000 + slack, "first ejection " + gaps.get(0) + " ms, want 2 s");
    // Envoy's backoff does not make the second ejection exactly 2 × base (measured 3.7 s, then 4.8 s),
    // so what is asserted is what AWS promises: longer each time, never over the max.
    assertTrue(gaps.get(1) >= gaps.get(0) + 500, "the second ejection must last longer: " + gaps);
    assertTrue(gaps.get(2) >= gaps.get(1) - 300, "the third ejection must not be shorter: " + gaps);
    gaps.forEach(g -> assertTrue(g <= MAX.toMillis() + slack, "an ejection of " + g + " ms exceeds the max"));
  }
}
