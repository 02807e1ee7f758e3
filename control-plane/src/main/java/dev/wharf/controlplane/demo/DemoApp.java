package dev.wharf.controlplane.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wharf's built-in demo app, so examples need no user code. It is an HTTP server that answers every
 * request with JSON naming its service and task; optionally it calls an upstream by its Service
 * Connect alias while answering, and optionally it is a client that calls a URL in a loop and prints
 * one line per call. Configured by environment (the task definition's container environment):
 *
 * <ul>
 *   <li>{@code WHARF_SERVICE}, {@code WHARF_TASK_ID}: who it is;
 *   <li>{@code APP_ADDR}, {@code APP_PORT}: where it listens (no server when APP_PORT is unset);
 *   <li>{@code LATENCY_MS}: delay before answering; {@code FAILURE_RATE}: fraction (0-1) of
 *       requests answered 503;
 *   <li>{@code UPSTREAM}: a URL called for each request served, its answer nested in the reply;
 *   <li>{@code CALL_URL}, {@code CALL_INTERVAL_MS} (default 1000): the client loop.
 * </ul>
 *
 * Names resolve through the task's hosts file ({@code -Djdk.net.hosts.file}), as in AWS (spec 25).
 */
public final class DemoApp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  DemoApp(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) throws Exception {
    DemoApp app = new DemoApp(System.getenv());
    app.serveIfConfigured();
    app.callLoopIfConfigured(System.out);
    Thread.currentThread().join();
  }

  void serveIfConfigured() throws IOException {
    String port = env.get("APP_PORT");
    if (port == null) {
      return;
    }
    HttpServer server = HttpServer.create(
        new InetSocketAddress(env.getOrDefault("APP_ADDR", "127.0.0.1"), Integer.parseInt(port)), 128);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::answer);
    server.start();
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      sleep(Long.parseLong(env.getOrDefault("LATENCY_MS", "0")));
      double failureRate = Double.parseDouble(env.getOrDefault("FAILURE_RATE", "0"));
      int status = ThreadLocalRandom.current().nextDouble() < failureRate ? 503 : 200;
      ObjectNode body = JSON.createObjectNode()
          .put("service", env.getOrDefault("WHARF_SERVICE", "app"))
          .put("task", env.getOrDefault("WHARF_TASK_ID", "local"));
      String upstream = env.get("UPSTREAM");
      if (status == 200 && upstream != null) {
        HttpResponse<String> r = call(upstream);
        body.put("upstreamStatus", r.statusCode());
        body.set("upstream", parse(r.body()));
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void callLoopIfConfigured(PrintStream out) {
    String url = env.get("CALL_URL");
    if (url == null) {
      return;
    }
    long interval = Long.parseLong(env.getOrDefault("CALL_INTERVAL_MS", "1000"));
    String me = env.getOrDefault("WHARF_SERVICE", "app")
        + "[" + shortId(env.getOrDefault("WHARF_TASK_ID", "local")) + "]";
    Thread loop = new Thread(() -> {
      awaitResolvable(URI.create(url).getHost());
      while (true) {
        long start = System.nanoTime();
        String line;
        try {
          HttpResponse<String> r = call(url);
          line = me + " -> " + url + "  " + r.statusCode() + " in " + millis(start) + " ms: "
              + describe(parse(r.body()));
        } catch (IOException e) {
          line = me + " -> " + url + "  failed in " + millis(start) + " ms: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage());
        } catch (InterruptedException e) {
          return;
        }
        out.println(line);
        out.flush();
        try {
          Thread.sleep(interval);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "demo-client");
    loop.setDaemon(true);
    loop.start();
  }

  /**
   * Waits (up to 30 s) until the task's hosts file maps {@code host}: a task's aliases appear once its
   * sidecar has registered it, like AWS writing /etc/hosts before the app starts (spec 25).
   */
  private static void awaitResolvable(String host) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        InetAddress.getByName(host);
        return;
      } catch (UnknownHostException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private HttpResponse<String> call(String url) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /** "payments[1a2b] -> ledger[3c4d]" from a nested reply. */
  static String describe(JsonNode reply) {
    if (reply == null || !reply.has("service")) {
      return String.valueOf(reply);
    }
    String s = reply.get("service").asText() + "[" + shortId(reply.path("task").asText()) + "]";
    if (reply.has("upstream")) {
      s += " -> " + describe(reply.get("upstream"));
    } else if (reply.has("upstreamStatus")) {
      s += " -> " + reply.get("upstreamStatus").asInt();
    }
    return s;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  private static String shortId(String id) {
    return id.length() > 6 ? id.substring(0, 6) : id;
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void sleep(long ms) throws InterruptedException {
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }
}
