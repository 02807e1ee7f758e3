package dev.wharf.tests.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady HTTP load for churn tests: {@code threads} workers share a target rate, each sending
 * {@code GET url} and recording every answer. Non-200 answers (and connection failures, -1) are
 * failures; their statuses and bodies are kept for the failure message.
 */
public final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Map<String, AtomicInteger> perTask = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> workers = new ArrayList<>();

  private Load(String url, int ratePerSecond, int threads) {
    long periodNanos = 1_000_000_000L * threads / ratePerSecond;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        long next = System.nanoTime();
        while (running.get()) {
          Http.Reply r = Http.get(url, Duration.ofSeconds(20));
          sent.incrementAndGet();
          if (r.status() == 200) {
            perTask.computeIfAbsent(String.valueOf(r.task()), k -> new AtomicInteger()).incrementAndGet();
          } else {
            failed.incrementAndGet();
            if (failures.size() < 20) {
              failures.add(r.status() + " " + r.body().strip());
            }
          }
          next += periodNanos;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          } else {
            next = System.nanoTime();
          }
        }
      }, "load-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
  }

  /** Starts sending about {@code ratePerSecond} requests a second from {@code threads} threads. */
  public static Load start(String url, int ratePerSecond, int threads) {
    Load l = new Load(url, ratePerSecond, threads);
    l.workers.forEach(Thread::start);
    return l;
  }

  public int sent() {
    return sent.get();
  }

  public int failed() {
    return failed.get();
  }

  /** Up to 20 failures as "status body". */
  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Successful answers by task id. */
  public Map<String, Integer> perTask() {
    Map<String, Integer> out = new TreeMap<>();
    perTask.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Stops and waits for the workers' last requests. */
  @Override
  public void close() {
    running.set(false);
    for (Thread t : workers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
