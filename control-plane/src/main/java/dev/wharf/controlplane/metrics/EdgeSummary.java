package dev.wharf.controlplane.metrics;

import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A per-edge summary of recent traffic, caller → target, read from a {@link MetricsSource}: the
 * requests the caller's proxy saw answered ({@code HTTPCode_Target_*} in the caller's dimension
 * set), how many were 5XX, and the p99 of {@code TargetResponseTime} as the upper bound of the
 * histogram bucket that holds it. Pure; {@code wharf up} prints it every few seconds.
 */
public final class EdgeSummary {
  private EdgeSummary() {}

  /** One line per edge with traffic in {@code [now - window, now)}, sorted by caller then target. */
  public static List<String> lines(MetricsSource source, Instant now, Duration window) {
    TreeSet<List<String>> edges = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
    for (MetricKey k : source.series()) {
      Map<String, String> d = k.dimensions();
      if (k.metricName().startsWith("HTTPCode_Target_") && d.containsKey("ServiceName")) {
        edges.add(List.of(d.get("ServiceName"), d.get("TargetDiscoveryName"), d.get("ClusterName")));
      }
    }
    Instant from = now.minus(window);
    List<String> out = new ArrayList<>();
    for (List<String> e : edges) {
      Map<String, String> dims =
          Map.of("ServiceName", e.get(0), "TargetDiscoveryName", e.get(1), "ClusterName", e.get(2));
      long requests = 0;
      for (String klass : List.of("2", "3", "4", "5")) {
        requests += sum(source, "HTTPCode_Target_" + klass + "XX_Count", dims, from, now);
      }
      if (requests == 0) {
        continue;
      }
      long errors = sum(source, "HTTPCode_Target_5XX_Count", dims, from, now);
      SortedMap<Double, Long> buckets = new TreeMap<>();
      for (Datapoint p : points(source, "TargetResponseTime", dims, from, now)) {
        p.buckets().forEach((b, n) -> buckets.merge(b, n, Long::sum));
      }
      double p99 = quantileBound(buckets, 0.99);
      out.add(String.format("  %s -> %s  %d requests  %d 5xx  p99 %s", e.get(0), e.get(1), requests, errors,
          Double.isNaN(p99) ? "-" : "<= " + format(p99) + " ms"));
    }
    return out;
  }

  /** The upper bound of the bucket holding quantile {@code q}; NaN with no samples. */
  static double quantileBound(SortedMap<Double, Long> buckets, double q) {
    long total = buckets.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(total * q);
    long seen = 0;
    for (Map.Entry<Double, Long> b : buckets.entrySet()) {
      seen += b.getValue();
      if (seen >= rank) {
        return b.getKey();
      }
    }
    return buckets.lastKey();
  }

  private static String format(double ms) {
    return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
  }

  private static List<Datapoint> points(MetricsSource s, String metric, Map<String, String> dims, Instant from,
      Instant to) {
    return s.datapoints(MetricKey.of(ServiceConnectMetrics.NAMESPACE, metric, dims), from, to);
  }

  private static long sum(MetricsSource s, String metric, Map<String, String> dims, Instant from, Instant to) {
    return Math.round(points(s, metric, dims, from, to).stream().mapToDouble(Datapoint::sum).sum());
  }
}
