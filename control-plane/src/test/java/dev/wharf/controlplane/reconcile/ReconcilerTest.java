package dev.wharf.controlplane.reconcile;

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
}
