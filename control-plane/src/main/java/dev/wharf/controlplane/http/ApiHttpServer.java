package dev.wharf.controlplane.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.api.protocol.ApiOutcome;
import dev.wharf.api.protocol.AuthFailure;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import dev.wharf.api.protocol.Caller;
import dev.wharf.controlplane.auth.ApiCredentials;
import dev.wharf.controlplane.auth.SigV4;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP binding of the AWS JSON 1.1 API, on the JDK's HTTP server: {@code POST /} goes to the
 * socket-free API service (which routes by {@code X-Amz-Target}); {@code /wharf/...} goes to the
 * admin endpoints. Transport only: no AWS semantics live here. Any Host header is accepted, so the
 * SDKs' {@code data-} host prefix for DiscoverInstances works when the name resolves (spec 23).
 *
 * <p>Authentication: with {@link ApiCredentials}, every AWS API call (whatever its protocol) and
 * every admin call but {@code GET /wharf/health} and {@code GET /wharf/hosts/...} (proxies' and
 * groups' configuration, metrics, reset, sidecar credentials) must carry a valid SigV4 signature
 * ({@link SigV4}); a rejected call gets AWS's error and never reaches the API or the admin handler,
 * so nothing changes. A signed AWS call reaches the API with {@link #VERIFIED_ACCOUNT} set to its
 * key's account (a client's own value of that header is always dropped). Without credentials nothing
 * is checked.
 *
 * <p>Metrics: every AWS API call, served or refused, counts once in {@code wharf.api.requests} (Prometheus
 * {@code wharf_api_requests_total}) with tags {@code service}, {@code operation} and {@code code} (the
 * AWS error code, or {@code OK}); admin calls are not counted. {@code GET /metrics} answers the meter
 * registry in the Prometheus text format, unsigned even with credentials (Prometheus cannot sign a
 * scrape): it tells counts and timings, never configuration or state.
 */
public final class ApiHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The header that carries a verified caller's account to the API (set only by this binding). */
  public static final String VERIFIED_ACCOUNT = Caller.VERIFIED_ACCOUNT_HEADER;

  /** The path Prometheus scrapes. */
  public static final String METRICS_PATH = "/metrics";
  /** The Prometheus text exposition format, version 0.0.4. */
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private ApiHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** An admin handler: method, path (after {@code /wharf}), body → response. */
  public interface AdminHandler {
    AdminResponse handle(String method, String path, byte[] body);
  }

  /** A plain admin response. */
  public record AdminResponse(int status, String contentType, byte[] body) {
    public static AdminResponse json(int status, String json) {
      return new AdminResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminResponse text(int status, String text) {
      return new AdminResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Starts serving on {@code host:port} (0 picks a free port).
   *
   * @param maxBodyBytes bodies longer than this are cut off at {@code maxBodyBytes + 1} bytes, so
   *     the API can reject them without reading them whole
   */
  public static ApiHttpServer start(String host, int port, Function<AwsRequest, ApiOutcome> api,
      AdminHandler admin, int maxBodyBytes, PrometheusMeterRegistry meters) {
    return start(host, port, api, (req, failure, message) -> {
      throw new IllegalStateException("no credentials, nothing to refuse");
    }, admin, maxBodyBytes, null, Clock.systemUTC(), meters);
  }

  /** How the API answers a call whose signature was refused, in the shape of the call's protocol. */
  @FunctionalInterface
  public interface Refusal {
    ApiOutcome refuse(AwsRequest req, AuthFailure failure, String message);
  }

  /**
   * Starts serving on {@code host:port}, checking SigV4 signatures against {@code credentials}
   * (null checks nothing) at {@code clock}'s time, counting calls in and scraping {@code meters}.
   */
  public static ApiHttpServer start(String host, int port, Function<AwsRequest, ApiOutcome> api, Refusal refusal,
      AdminHandler admin, int maxBodyBytes, ApiCredentials credentials, Clock clock, PrometheusMeterRegistry meters) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
      ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "wharf-api");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      Binding binding = new Binding(api, refusal, admin, maxBodyBytes, credentials, clock, meters);
      server.createContext("/", binding::serve);
      server.start();
      return new ApiHttpServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the API on " + host + ":" + port, e);
    }
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** What one server routes to, and how it checks callers. */
  private record Binding(Function<AwsRequest, ApiOutcome> api, Refusal refusal, AdminHandler admin,
      int maxBodyBytes, ApiCredentials credentials, Clock clock, PrometheusMeterRegistry meters) {

    void serve(HttpExchange ex) throws IOException {
      try (ex) {
        try {
          dispatch(ex);
        } catch (RuntimeException e) {
          // The API renders its own errors; this is a defect in Wharf. No details go to the client.
          LOG.error("request failed", e);
          send(ex, 500, new byte[0]);
        }
      }
    }

    private void dispatch(HttpExchange ex) throws IOException {
      byte[] body = readUpTo(ex.getRequestBody(), maxBodyBytes + 1);
      String path = ex.getRequestURI().getPath();
      if (ex.getRequestMethod().equals("GET") && path.equals(METRICS_PATH)) {
        ex.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
        send(ex, 200, meters.scrape().getBytes(StandardCharsets.UTF_8));
        return;
      }
      boolean adminPath = path.startsWith("/wharf/") || path.equals("/wharf");
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      headers.remove(VERIFIED_ACCOUNT);
      if (credentials != null && (!adminPath || !isOpen(ex.getRequestMethod(), path))) {
        SigV4.Verdict v = SigV4.verify(new SigV4.Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(), headers, body), credentials, clock.instant());
        if (v instanceof SigV4.Verdict.Rejected r) {
          if (adminPath) {
            reject(ex, r);
          } else {
            AwsRequest req = new AwsRequest(headers.getOrDefault("x-amz-target", ""), body, headers, path);
            respond(ex, counted(refusal.refuse(req, r.failure(), r.message())));
          }
          return;
        }
        headers.put(VERIFIED_ACCOUNT, ((SigV4.Verdict.Signed) v).key().account());
      }
      if (adminPath) {
        AdminResponse r = admin.handle(ex.getRequestMethod(), path.substring("/wharf".length()), body);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        send(ex, r.status(), r.body());
        return;
      }
      respond(ex, counted(api.apply(new AwsRequest(headers.getOrDefault("x-amz-target", ""), body, headers, path))));
    }

    private AwsResponse counted(ApiOutcome o) {
      Counter.builder("wharf.api.requests")
          .description("AWS API calls by service, operation and AWS error code (OK when served)")
          .tags("service", o.service(), "operation", o.operation(), "code", o.code())
          .register(meters)
          .increment();
      return o.response();
    }
  }

  private static void respond(HttpExchange ex, AwsResponse r) throws IOException {
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    send(ex, r.status(), r.body());
  }

  /**
   * The admin reads that stay unsigned with credentials on: the health check (load balancers,
   * compose) and a task's hosts file (the hosts agents), which name no configuration.
   */
  private static boolean isOpen(String method, String path) {
    return method.equals("GET") && (path.equals("/wharf/health") || path.startsWith("/wharf/hosts/"));
  }

  /**
   * The answer to an admin call whose signature fails, in the AWS JSON 1.1 shape: HTTP 400,
   * {@code {"__type": code, "message": ...}} and {@code X-Amzn-ErrorType}. (AWS API calls get their
   * protocol's shape from the {@link Refusal}.)
   */
  private static void reject(HttpExchange ex, SigV4.Verdict.Rejected r) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().set("X-Amzn-ErrorType", r.code());
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    send(ex, 400, JSON.writeValueAsBytes(Map.of("__type", r.code(), "message", r.message())));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] readUpTo(InputStream in, int limit) throws IOException {
    // Only read; the exchange's close discards whatever is left of an oversized body. (Skipping the
    // rest here would bypass the JDK server's fixed-length stream and block on the socket.)
    return in.readNBytes(limit);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
