package dev.wharf.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 */
public final class ApiHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);

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
  public static ApiHttpServer start(String host, int port, Function<AwsRequest, AwsResponse> api,
      AdminHandler admin, int maxBodyBytes) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
      ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "wharf-api");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", ex -> serve(ex, api, admin, maxBodyBytes));
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

  private static void serve(HttpExchange ex, Function<AwsRequest, AwsResponse> api, AdminHandler admin,
      int maxBodyBytes) throws IOException {
    try (ex) {
      try {
        dispatch(ex, api, admin, maxBodyBytes);
      } catch (RuntimeException e) {
        // The API renders its own errors; this is a defect in Wharf. No details go to the client.
        LOG.error("request failed", e);
        send(ex, 500, new byte[0]);
      }
    }
  }

  private static void dispatch(HttpExchange ex, Function<AwsRequest, AwsResponse> api, AdminHandler admin,
      int maxBodyBytes) throws IOException {
    byte[] body = readUpTo(ex.getRequestBody(), maxBodyBytes + 1);
    String path = ex.getRequestURI().getPath();
    if (path.startsWith("/wharf/") || path.equals("/wharf")) {
      AdminResponse r = admin.handle(ex.getRequestMethod(), path.substring("/wharf".length()), body);
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      send(ex, r.status(), r.body());
      return;
    }
    Map<String, String> headers = new TreeMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    AwsResponse r = api.apply(new AwsRequest(headers.getOrDefault("x-amz-target", ""), body, headers, path));
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    send(ex, r.status(), r.body());
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
