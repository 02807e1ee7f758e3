package dev.wharf.controlplane.reconcile;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of proxy configuration (style-models §9 habit 7): state changes {@link #signal()}
 * it; a single thread waits for {@code quiet} without further signals (or at most {@code maxDelay}
 * after the first one), then runs the pass once. A burst of changes makes one translation.
 *
 * <p>Thread-safe; {@code signal} never blocks. The pass runs only on the reconciler thread, so it
 * needs no locking of its own. A pass that throws is logged and the next signal runs again.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Runnable pass;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private long firstSignal = -1;
  private long lastSignal = -1;
  private volatile boolean closed;

  public Reconciler(Runnable pass, Duration quiet, Duration maxDelay) {
    this.pass = pass;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
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

  private void loop() {
    while (!closed) {
      try {
        awaitDue();
        if (closed) {
          return;
        }
        pass.run();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        LOG.error("reconcile pass failed; the last good configuration keeps serving", e);
      }
    }
  }

  private void awaitDue() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        if (firstSignal < 0) {
          changed.await();
          continue;
        }
        long now = System.nanoTime();
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
