package dev.wharf.controlplane.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  @Test
  void aBurstOfOneHundredChangesMakesFewPasses() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    try (Reconciler r = new Reconciler(passes::incrementAndGet, Duration.ofMillis(100), Duration.ofSeconds(1))) {
      r.start();
      Thread.sleep(300);
      int before = passes.get();
      for (int i = 0; i < 100; i++) {
        r.signal();
        Thread.sleep(2);
      }
      Thread.sleep(500);
      int burst = passes.get() - before;
      assertTrue(burst >= 1 && burst <= 2, "100 changes made " + burst + " passes");
    }
  }

  @Test
  void aSteadyStreamOfChangesStillPassesAtLeastEverySecond() throws Exception {
    AtomicInteger passes = new AtomicInteger();
    try (Reconciler r = new Reconciler(passes::incrementAndGet, Duration.ofMillis(100), Duration.ofSeconds(1))) {
      r.start();
      Thread.sleep(300);
      int before = passes.get();
      long end = System.nanoTime() + 2_500_000_000L;
      while (System.nanoTime() < end) {
        r.signal();
        Thread.sleep(20);
      }
      int n = passes.get() - before;
      assertTrue(n >= 2 && n <= 4, "2.5 s of changes every 20 ms made " + n + " passes");
    }
  }

  @Test
  void aFailingPassIsRetriedWithBackoffAndReportedUntilOneSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Runnable pass = () -> {
      if (attempts.incrementAndGet() <= 3) {
        throw new OutOfMemoryError("Java heap space");
      }
    };
    try (Reconciler r = new Reconciler(pass, Duration.ofMillis(20), Duration.ofSeconds(1))) {
      r.start();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (r.health().ok() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Reconciler.Health failing = r.health();
      assertFalse(failing.ok(), "a failed pass is reported");
      assertTrue(failing.reason().contains("OutOfMemoryError: Java heap space"), failing.reason());
      // No further signal: the retries alone (50, 100, 200 ms) bring the pass through.
      while (!r.health().ok() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Reconciler.Health healed = r.health();
      assertTrue(healed.ok(), "retried until a pass succeeded");
      assertEquals(4, attempts.get());
      assertEquals(3, healed.failures());
      assertEquals(0, healed.consecutiveFailures());
    }
  }
}
