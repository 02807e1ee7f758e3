package dev.wharf.tests.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task's app in tests: the JDK's HTTP server on the task's app address, answering each request
 * with the task id in the body and header {@code x-task}. It counts requests and can be told to
 * answer with another status or after a delay, to play a wedged or slow replica.
 */
public final class EchoApp implements AutoCloseable {
  /** How to answer. */
  public record Behavior(int status, long delayMillis) {
    public static final Behavior OK = new Behavior(200, 0);
  }

  private final String taskId;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final AtomicInteger hits = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong firstHitMillis = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastHitMillis = new java.util.concurrent.atomic.AtomicLong();
  private final AtomicReference<Behavior> behavior = new AtomicReference<>(Behavior.OK);

  private EchoApp(String taskId, HttpServer server) {
    this.taskId = taskId;
    this.server = server;
  }

  /** Listens on {@code ip:port}. */
  public static EchoApp start(String taskId, String ip, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 128);
    EchoApp app = new EchoApp(taskId, server);
    server.setExecutor(app.executor);
    server.createContext("/", app::answer);
    server.start();
    return app;
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      hits.incrementAndGet();
      long now = System.currentTimeMillis();
      firstHitMillis.compareAndSet(0, now);
      lastHitMillis.set(now);
      Behavior b = behavior.get();
      if (b.delayMillis() > 0) {
        Thread.sleep(b.delayMillis());
      }
      byte[] body = taskId.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("x-task", taskId);
      ex.sendResponseHeaders(b.status(), body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String taskId() {
    return taskId;
  }

  public int hits() {
    return hits.get();
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
