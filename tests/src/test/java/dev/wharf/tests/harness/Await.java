package dev.wharf.tests.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline: the test's way to wait for eventual outcomes, never a bare sleep. */
public final class Await {
  private Await() {}

  /** Polls every 20 ms until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static Duration until(Duration timeout, String what, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
