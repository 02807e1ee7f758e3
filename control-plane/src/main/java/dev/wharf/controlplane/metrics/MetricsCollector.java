package dev.wharf.controlplane.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.api.metrics.MetricsSource;
import dev.wharf.api.state.MeshState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes every registered sidecar (the connected tasks of the current state, {@link
 * SidecarTarget#of}) every {@link MetricsOptions#scrapePeriod()} on its metrics listener
 * ({@code GET /metrics/json?format=json&usedonly&histogram_buckets=cumulative&filter=...}), turns the
 * cumulative stats into {@link Deltas} against that sidecar's previous scrape and records the
 * derived {@link ServiceConnectMetrics} in a {@link MetricHistory}, which it exposes as the
 * {@link MetricsSource}.
 *
 * <p>Baselines: sidecars answering the first pass are baselined (what they counted before the
 * collector started is not attributed to any interval); a sidecar first seen later counts from
 * zero. A sidecar that fails a scrape keeps its previous baseline; one that leaves the state is
 * forgotten, so it stops reporting. One scheduler thread; scrapes of one pass run concurrently.
 */
public final class MetricsCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

  /** Only the stats {@link ServiceConnectMetrics} reads, and the uptime that reveals restarts. */
  static final String FILTER = "^(cluster|http|listener|tcp)\\.(ingress|egress)~|^server\\.uptime$";

  private final Supplier<MeshState> state;
  private final MetricHistory history;
  private final MetricsOptions options;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
  private final Map<String, EnvoyStats> previous = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "wharf-metrics");
    t.setDaemon(true);
    return t;
  });
  private boolean firstPass = true;
  private volatile long passes;

  private MetricsCollector(Supplier<MeshState> state, MetricsOptions options, Clock clock) {
    this.state = state;
    this.options = options;
    this.history = new MetricHistory(options.resolution(), options.retention(), clock);
  }

  /** Starts collecting (nothing is scheduled when the scrape period is zero). */
  public static MetricsCollector start(Supplier<MeshState> state, MetricsOptions options, Clock clock) {
    MetricsCollector c = new MetricsCollector(state, options, clock);
    long ms = options.scrapePeriod().toMillis();
    if (ms > 0) {
      c.timer.scheduleWithFixedDelay(c::passSafely, ms, ms, TimeUnit.MILLISECONDS);
    }
    return c;
  }

  /** The collected history. */
  public MetricsSource source() {
    return history;
  }

  /** Completed scrape passes (tests wait on it). */
  public long passes() {
    return passes;
  }

  private void passSafely() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warn("metrics scrape pass failed", e);
    }
  }

  /** One pass: scrape every sidecar, record what changed. Runs on the collector thread only. */
  void pass() {
    List<SidecarTarget> targets = SidecarTarget.of(state.get());
    Map<SidecarTarget, CompletableFuture<EnvoyStats>> scrapes = new HashMap<>();
    targets.forEach(t -> scrapes.put(t, scrape(t)));
    previous.keySet().retainAll(targets.stream().map(SidecarTarget::taskArn).toList());
    for (SidecarTarget t : targets) {
      EnvoyStats now = scrapes.get(t).exceptionally(e -> null).join();
      if (now == null) {
        continue;
      }
      EnvoyStats before = previous.put(t.taskArn(), now);
      if (before == null && firstPass) {
        continue;
      }
      history.record(ServiceConnectMetrics.derive(t, Deltas.between(before, now)));
    }
    firstPass = false;
    passes++;
  }

  private CompletableFuture<EnvoyStats> scrape(SidecarTarget t) {
    String query = "format=json&usedonly&histogram_buckets=cumulative&filter="
        + URLEncoder.encode(FILTER, StandardCharsets.UTF_8).replace("%7E", "~");
    URI uri = URI.create("http://" + t.host() + ":" + t.port() + "/metrics/json?" + query);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(SCRAPE_TIMEOUT).GET().build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() != 200) {
        throw new IllegalStateException(t.taskArn() + " metrics: HTTP " + r.statusCode());
      }
      try {
        return EnvoyStats.parse(JSON.readTree(r.body()));
      } catch (IOException e) {
        throw new IllegalStateException(t.taskArn() + " metrics: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
