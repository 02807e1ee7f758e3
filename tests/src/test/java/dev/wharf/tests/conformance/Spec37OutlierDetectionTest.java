package dev.wharf.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.EchoApp;
import dev.wharf.tests.harness.EnvoyAdmin;
import dev.wharf.tests.harness.Http;
import dev.wharf.tests.harness.Mesh;
import dev.wharf.tests.harness.Sc;
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
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("payments", "api", 8080, "http");
    mesh.taskDefinition("checkout", "none", 0, null);
    mesh.service("shop", "payments", "payments", 3, Sc.server("prod", Sc.port("api", "payments", "payments", 8080)));
    mesh.service("shop", "checkout", "checkout", 1, Sc.client("prod"));
    checkout = mesh.task("shop", "checkout", 13, 1, 0);
    for (int b = 1; b <= 3; b++) {
      payments.add(mesh.task("shop", "payments", 13, 10 + b, 8080));
    }
    Await.until(Duration.ofSeconds(10), "checkout maps payments and has its 3 tasks",
        () -> checkout.resolve("payments") != null && EnvoyAdmin.hosts(checkout, "payments") == 3);
    url = "http://" + checkout.resolve("payments") + ":8080/";
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

  @Test
  void aWedgedTaskIsEjectedAfterFiveFailuresProbedBackAndEjectedLongerEachTimeUpToTheMax() {
    Mesh.Task wedged = payments.get(0);
    wedged.app().behave(new EchoApp.Behavior(503, 0));
    int errors = 0;
    int sent = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    // three ejections: 2 s, 4 s, then 6 s capped at 5 s; each followed by 5 more failures
    while (ejections() < 3 || System.currentTimeMillis() - wedged.app().lastHitMillis() < 200) {
      assertTrue(System.nanoTime() < deadline, "no third ejection within 40 s; ejections " + ejections()
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
    assertTrue(gaps.size() >= 3, "gaps " + gaps);
    long slack = SWEEP.toMillis() + 300;
    assertTrue(gaps.get(0) >= 2000 && gaps.get(0) <= 2000 + slack, "first ejection " + gaps.get(0) + " ms, want 2 s");
    assertTrue(gaps.get(1) >= 4000 && gaps.get(1) <= 4000 + slack, "second ejection " + gaps.get(1) + " ms, want 4 s");
    assertTrue(gaps.get(2) >= 5000 && gaps.get(2) <= 5000 + slack, "third ejection " + gaps.get(2)
        + " ms, want 6 s capped at 5 s");
    assertEquals(List.of(5, 5, 5), runs.subList(0, 3), "each ejection must follow exactly 5 consecutive 503s");
  }
}
