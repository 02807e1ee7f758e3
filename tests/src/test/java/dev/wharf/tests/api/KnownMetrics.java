package dev.wharf.tests.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;

/**
 * A {@link MetricsSource} holding a fixed history, as the collector would after known traffic:
 * checkout calling payments in cluster shop, three one-minute intervals from {@link #T0}. The
 * figures the tests expect are derived in the comments next to each series.
 */
final class KnownMetrics implements MetricsSource {
  static final String NS = "AWS/ECS";
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final Map<String, String> CHECKOUT_TO_PAYMENTS =
      Map.of("TargetDiscoveryName", "payments", "ServiceName", "checkout", "ClusterName", "shop");

  private final SortedMap<String, Series> series = new TreeMap<>();

  private record Series(MetricKey key, List<Datapoint> points) {}

  KnownMetrics() {
    // 5xx per minute, 3 scrapes (samples) each: 12, 8, 0 -> Sum over 10:00-10:03 = 20.
    add("HTTPCode_Target_5XX_Count", CHECKOUT_TO_PAYMENTS,
        counter(0, 12, 3, 2, 6), counter(1, 8, 3, 0, 5), counter(2, 0, 3, 0, 0));
    add("RequestCount", CHECKOUT_TO_PAYMENTS, counter(0, 100, 3, 30, 40), counter(1, 100, 3, 20, 45));
    // 10:00: cumulative 40 @5, 70 @10, 90 @25, 95 @50, 98 @100, 100 @250 -> p50 = 5 + 5 * 10/30, p99 = 175.
    // 10:01: cumulative 50 @5, 80 @10, 95 @25, 99 @50, 100 @100 -> p99 = 50, p50 = 5.
    add("TargetResponseTime", CHECKOUT_TO_PAYMENTS,
        histogram(0, 1800, 1, 250, buckets(5, 40, 10, 30, 25, 20, 50, 5, 100, 3, 250, 2)),
        histogram(1, 1100, 1, 100, buckets(5, 50, 10, 30, 25, 15, 50, 4, 100, 1)));
    add("ActiveConnectionCount", Map.of("DiscoveryName", "payments"), gauge(0, 2));
    add("ActiveConnectionCount", Map.of("DiscoveryName", "payments", "ServiceName", "payments", "ClusterName",
        "shop"), gauge(0, 2));
    add("RequestCount", Map.of("TargetDiscoveryName", "ledger", "ServiceName", "payments", "ClusterName", "shop"),
        counter(0, 50, 3, 10, 20));
  }

  private void add(String name, Map<String, String> dims, Datapoint... points) {
    MetricKey key = MetricKey.of(NS, name, dims);
    series.put(key.metricName() + key.dimensions(), new Series(key, List.of(points)));
  }

  static Datapoint counter(int minute, double sum, double samples, double min, double max) {
    return new Datapoint(T0.plusSeconds(60L * minute), 60, sum, samples, min, max, "Count", new TreeMap<>());
  }

  static Datapoint gauge(int minute, double value) {
    return new Datapoint(T0.plusSeconds(60L * minute), 60, value * 3, 3, value, value, "Count", new TreeMap<>());
  }

  static Datapoint histogram(int minute, double sum, double min, double max, SortedMap<Double, Long> buckets) {
    long count = buckets.values().stream().mapToLong(Long::longValue).sum();
    return new Datapoint(T0.plusSeconds(60L * minute), 60, sum, count, min, max, "Milliseconds", buckets);
  }

  /** Pairs of (upper bound, count). */
  static SortedMap<Double, Long> buckets(double... boundsAndCounts) {
    SortedMap<Double, Long> out = new TreeMap<>();
    for (int i = 0; i < boundsAndCounts.length; i += 2) {
      out.put(boundsAndCounts[i], (long) boundsAndCounts[i + 1]);
    }
    return out;
  }

  @Override
  public List<MetricKey> series() {
    List<MetricKey> keys = new ArrayList<>();
    series.values().forEach(s -> keys.add(s.key()));
    keys.sort(Comparator.comparing(MetricKey::namespace).thenComparing(MetricKey::metricName)
        .thenComparing(k -> k.dimensions().toString()));
    return keys;
  }

  @Override
  public List<Datapoint> datapoints(MetricKey key, Instant from, Instant to) {
    for (Series s : series.values()) {
      if (s.key().equals(key)) {
        return s.points().stream().filter(p -> !p.start().isBefore(from) && p.start().isBefore(to)).toList();
      }
    }
    return List.of();
  }

  @Override
  public Duration resolution() {
    return Duration.ofSeconds(60);
  }

  @Override
  public Duration retention() {
    return Duration.ofHours(3);
  }
}
