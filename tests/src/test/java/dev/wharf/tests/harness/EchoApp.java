package dev.wharf.tests.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task's app in tests: the JDK's HTTP server on the task's app address, answering each request
 * with the task id in the body and header {@code x-task}. It counts requests and can be told to
 * answer with another status or after a delay, to play a wedged or slow replica.
 *
 * <p>Query parameters override the behaviour for one request: {@code status=N}, {@code delay=ms},
 * {@code stream=N} (a chunked body of N chunks, one every {@code every=ms}, default 1000). Status 0
 * (as a {@link Behavior} or {@code status=0}) drops the connection without an answer. Each request's
 * arrival time and protocol ({@code HTTP/1.1}) are recorded.
 */
public final class EchoApp implements AutoCloseable {
  /** How to answer. */
  public record Behavior(int status, long delayMillis) {
    public static final Behavior OK = new Behavior(200, 0);
    /** Closes the connection without answering (the upstream sees a reset before headers). */
    public static final Behavior DROP = new Behavior(0, 0);
  }

  private final String taskId;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong firstHitMillis = new AtomicLong();
  private final AtomicLong lastHitMillis = new AtomicLong();
  private final AtomicReference<Behavior> behavior = new AtomicReference<>(Behavior.OK);
  private final List<Long> hitTimes = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> protocols = ConcurrentHashMap.newKeySet();

  private EchoApp(String taskId, HttpServer server, int threads) {
    this.taskId = taskId;
    this.server = server;
    this.executor = Executors.newFixedThreadPool(threads);
  }

  /** Listens on {@code ip:port}, answering up to 16 requests at a time. */
  public static EchoApp start(String taskId, String ip, int port) throws IOException {
    return start(taskId, ip, port, 16);
  }

  /** Listens on {@code ip:port}, answering up to {@code threads} requests at a time (the rest queue). */
  public static EchoApp start(String taskId, String ip, int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 4096);
    EchoApp app = new EchoApp(taskId, server, threads);
    server.setExecutor(app.executor);
    server.createContext("/", app::answer);
    server.start();
    return app;
  }

  private void answer(HttpExchange ex) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (ex) {
      ex.getRequestBody().readAllBytes();
      hits.incrementAndGet();
      long now = System.currentTimeMillis();
      firstHitMillis.compareAndSet(0, now);
      lastHitMillis.set(now);
      hitTimes.add(now);
      protocols.add(ex.getProtocol());
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      Behavior b = behavior.get();
      int status = q.containsKey("status") ? Integer.parseInt(q.get("status")) : b.status();
      long delay = q.containsKey("delay") ? Long.parseLong(q.get("delay")) : b.delayMillis();
      if (delay > 0) {
        Thread.sleep(delay);
      }
      if (status == 0) {
        throw new IOException("told to drop the connection");
      }
      byte[] body = taskId.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("x-task", taskId);
      if (q.containsKey("stream")) {
        int chunks = Integer.parseInt(q.get("stream"));
        long every = Long.parseLong(q.getOrDefault("every", "1000"));
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = ex.getResponseBody()) {
          for (int i = 0; i < chunks; i++) {
            out.write((taskId + " " + i + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(every);
          }
        }
        return;
      }
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    return out;
  }

  /** Arrival times (wall-clock millis) of every request so far. */
  public List<Long> hitTimes() {
    synchronized (hitTimes) {
      return List.copyOf(hitTimes);
    }
  }

  /** The protocols requests arrived with, e.g. {@code HTTP/1.1}. */
  public Set<String> protocols() {
    return Set.copyOf(protocols);
  }

  public String taskId() {
    return taskId;
  }

  public int hits() {
    return hits.get();
  }

  /** The most requests this app was answering at the same time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Wall-clock millis of the first request, or 0. */
  public long firstHitMillis() {
    return firstHitMillis.get();
  }

  /** Wall-clock millis of the latest request, or 0. */
  public long lastHitMillis() {
    return lastHitMillis.get();
  }

  public void behave(Behavior b) {
    behavior.set(b);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
