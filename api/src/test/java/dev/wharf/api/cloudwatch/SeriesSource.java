package dev.wharf.api.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;

/** An in-memory {@link MetricsSource} with series added by the test, at a 60 s resolution. */
final class SeriesSource implements MetricsSource {
  private final Map<MetricKey, List<Datapoint>> series = new LinkedHashMap<>();

  SeriesSource add(MetricKey key, Datapoint... points) {
    series.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(points));
    return this;
  }

  static Datapoint count(Instant start, double sum) {
    return new Datapoint(start, 60, sum, 1, sum, sum, "Count", new TreeMap<>());
  }

  static Datapoint latency(Instant start, SortedMap<Double, Long> buckets) {
    long n = buckets.values().stream().mapToLong(Long::longValue).sum();
    double lowest = 0;
    double highest = 0;
    double previous = 0;
    for (Map.Entry<Double, Long> b : buckets.entrySet()) {
      if (b.getValue() > 0 && lowest == 0) {
        lowest = previous;
      }
      if (b.getValue() > 0 && !b.getKey().isInfinite()) {
        highest = b.getKey();
      }
      previous = b.getKey();
    }
    return new Datapoint(start, 60, n * 10.0, n, lowest, highest, "Milliseconds", buckets);
  }

  @Override
  public List<MetricKey> series() {
    List<MetricKey> keys = new ArrayList<>(series.keySet());
    keys.sort(Comparator.comparing(MetricKey::namespace).thenComparing(MetricKey::metricName)
        .thenComparing(k -> k.dimensions().toString()));
    return keys;
  }

  @Override
  public List<Datapoint> datapoints(MetricKey key, Instant from, Instant to) {
    return series.getOrDefault(key, List.of()).stream()
        .filter(p -> !p.start().isBefore(from) && p.start().isBefore(to))
        .sorted(Comparator.comparing(Datapoint::start)).toList();
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
