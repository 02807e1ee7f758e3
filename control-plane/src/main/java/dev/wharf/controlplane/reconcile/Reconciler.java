package dev.wharf.controlplane.reconcile;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of proxy configuration: state changes {@link #signal()} it; a single thread waits
 * for {@code quiet} without further signals (or at most {@code maxDelay} after the first one), then
 * runs the pass once. A burst of changes makes one pass.
 *
 * <p><b>Failures are loud.</b> A pass that throws anything, an {@link OutOfMemoryError} included, is
 * retried with exponential backoff (from {@code quiet} doubling up to {@link #MAX_BACKOFF}) until one
 * succeeds; meanwhile {@link #health()} reports it as failing, with the reason and the count, and the
 * last good configuration keeps serving. A new signal does not cut the backoff short: a pass that
 * failed for lack of memory gets time for the collector.
 *
 * <p>Thread-safe; {@code signal} never blocks. The pass runs only on the reconciler thread, so it
 * needs no locking of its own.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** The longest wait between two attempts of a failing pass. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * The outcome of the passes so far.
   *
   * @param ok the last pass succeeded (or none has run)
   * @param reason why the last pass failed; null when ok
   * @param failures passes that failed since the process started
   * @param consecutiveFailures failed passes since the last success
   * @param passes passes run
   */
  public record Health(boolean ok, String reason, long failures, long consecutiveFailures, long passes) {}

  private final Runnable pass;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private long firstSignal = -1;
  private long lastSignal = -1;
  /** When a failed pass is retried (System.nanoTime), or -1. */
  private long retryAt = -1;
  private long backoffNanos;
  private volatile boolean closed;
  private volatile Health health = new Health(true, null, 0, 0, 0);

  public Reconciler(Runnable pass, Duration quiet, Duration maxDelay) {
    this.pass = pass;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
    this.backoffNanos = Math.max(quietNanos, TimeUnit.MILLISECONDS.toNanos(50));
    this.thread = new Thread(this::loop, "wharf-reconciler");
    this.thread.setDaemon(true);
  }

  /** Starts the thread and runs a first pass. */
  public Reconciler start() {
    thread.start();
    signal();
    return this;
  }

  /** Records that the state changed. */
  public void signal() {
    lock.lock();
    try {
      long now = System.nanoTime();
      if (firstSignal < 0) {
        firstSignal = now;
      }
      lastSignal = now;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How the passes are going. */
  public Health health() {
    return health;
  }

  private void loop() {
    while (!closed) {
      try {
        awaitDue();
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      run();
    }
  }

  private void run() {
    Health h = health;
    try {
      pass.run();
      if (!h.ok()) {
        LOG.info("reconcile pass succeeded after {} failed attempts", h.consecutiveFailures());
      }
      health = new Health(true, null, h.failures(), 0, h.passes() + 1);
      backoffNanos = Math.max(quietNanos, TimeUnit.MILLISECONDS.toNanos(50));
    } catch (RuntimeException | Error e) {
      String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      health = new Health(false, reason, h.failures() + 1, h.consecutiveFailures() + 1, h.passes() + 1);
      LOG.error("reconcile pass failed ({} in a row); the last good configuration keeps serving; retrying in {} ms",
          h.consecutiveFailures() + 1, TimeUnit.NANOSECONDS.toMillis(backoffNanos), e);
      lock.lock();
      try {
        retryAt = System.nanoTime() + backoffNanos;
      } finally {
        lock.unlock();
      }
      backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
    }
  }

  private void awaitDue() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        long now = System.nanoTime();
        if (retryAt >= 0) {
          if (now >= retryAt) {
            retryAt = -1;
            firstSignal = -1;
            lastSignal = -1;
            return;
          }
          changed.await(retryAt - now, TimeUnit.NANOSECONDS);
          continue;
        }
        if (firstSignal < 0) {
          changed.await();
          continue;
        }
        long due = Math.min(lastSignal + quietNanos, firstSignal + maxDelayNanos);
        if (now >= due) {
          firstSignal = -1;
          lastSignal = -1;
          return;
        }
        changed.await(due - now, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
  }
}
