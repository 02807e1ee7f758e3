package dev.wharf.controlplane.xds;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in order, on a shared pool: each ADS stream has one, so its state needs no
 * locks and no stream can hold more than one pool thread. A drain runs at most 64 tasks before
 * yielding the thread, so one busy stream cannot starve the others. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private static final int BATCH = 64;

  private final Executor pool;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      try {
        pool.execute(this::drain);
      } catch (RejectedExecutionException shuttingDown) {
        running.set(false);
        queue.clear();
      }
    }
  }

  private void drain() {
    try {
      Runnable r;
      int n = 0;
      while (n++ < BATCH && (r = queue.poll()) != null) {
        r.run();
      }
    } finally {
      running.set(false);
      if (!queue.isEmpty()) {
        schedule();
      }
    }
  }
}
