package dev.wharf.controlplane.xds;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many streams may have their first request read and not yet handled. A reconnecting
 * proxy's first request of each type lists every resource it holds with its version
 * ({@code initial_resource_versions}): about 150 KB parsed for 1,000 services. gRPC parses a
 * stream's next message as soon as the stream asks for it, so thousands of proxies reconnecting at
 * once would hold hundreds of megabytes of parsed requests waiting for a worker (measured: 3,000
 * proxies after a restart drove a 512 MiB heap into back-to-back full GCs). A new stream asks for
 * its first message only with a permit, and gives the permit back once that message is handled
 * (later messages, ACKs, are small and are not gated). A stream that got a permit but sent nothing
 * within {@link #IDLE_MILLIS} gives it back, so idle clients cannot starve others. Thread-safe.
 */
final class Admission {
  static final long IDLE_MILLIS = 1000;

  private final int permits;
  private final AtomicInteger used = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wharf-ads-admission");
    t.setDaemon(true);
    return t;
  });

  Admission(int permits) {
    this.permits = permits;
  }

  /** Runs {@code start} (which asks for the stream's first message) now or when a permit frees. */
  void admit(Runnable start) {
    if (tryTake()) {
      start.run();
    } else {
      waiting.add(start);
      drain();
    }
  }

  /** Gives back a permit taken for a stream (its first message was handled, or it stayed idle). */
  void release() {
    used.decrementAndGet();
    drain();
  }

  /** Schedules {@code check} after the idle limit (the stream releases if it is still waiting). */
  void afterIdleLimit(Runnable check) {
    timer.schedule(check, IDLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  void close() {
    timer.shutdownNow();
  }

  private boolean tryTake() {
    while (true) {
      int u = used.get();
      if (u >= permits) {
        return false;
      }
      if (used.compareAndSet(u, u + 1)) {
        return true;
      }
    }
  }

  private void drain() {
    while (!waiting.isEmpty() && tryTake()) {
      Runnable next = waiting.poll();
      if (next == null) {
        used.decrementAndGet();
        return;
      }
      next.run();
    }
  }
}
