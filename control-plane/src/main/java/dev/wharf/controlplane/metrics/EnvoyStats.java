package dev.wharf.controlplane.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One scrape of a sidecar: Envoy's {@code /stats?format=json&histogram_buckets=cumulative} (served as
 * {@code /metrics/json} on the sidecar's metrics listener), as counter and gauge values by stat name
 * and cumulative histogram buckets (upper bound in ms to the count of samples at or below it, since
 * Envoy started). Envoy's JSON does not say which values are gauges; {@link ServiceConnectMetrics}
 * knows the names it reads.
 *
 * @param values counters and gauges, by full stat name
 * @param histograms cumulative buckets, by full stat name
 */
public record EnvoyStats(Map<String, Long> values, Map<String, SortedMap<Double, Long>> histograms) {

  /** The stat that tells a restarted Envoy apart: its uptime goes down. */
  public static final String UPTIME = "server.uptime";

  public EnvoyStats {
    values = Map.copyOf(values);
    Map<String, SortedMap<Double, Long>> copy = new TreeMap<>();
    histograms.forEach((k, v) -> copy.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
    histograms = Collections.unmodifiableMap(copy);
  }

  /** Reads Envoy's JSON stats document ({@code {"stats": [{"name", "value"} ..., {"histograms": [...]}]}}). */
  public static EnvoyStats parse(JsonNode doc) {
    Map<String, Long> values = new TreeMap<>();
    Map<String, SortedMap<Double, Long>> histograms = new TreeMap<>();
    for (JsonNode stat : doc.path("stats")) {
      if (stat.has("name") && stat.path("value").isNumber()) {
        values.put(stat.get("name").asText(), stat.get("value").asLong());
      }
      JsonNode hs = stat.path("histograms");
      if (hs.isArray()) {
        for (JsonNode h : hs) {
          SortedMap<Double, Long> buckets = new TreeMap<>();
          for (JsonNode b : h.path("buckets")) {
            buckets.put(b.path("upper_bound").asDouble(), b.path("cumulative").asLong());
          }
          histograms.put(h.path("name").asText(), buckets);
        }
      }
    }
    return new EnvoyStats(values, histograms);
  }

  /** Envoy's uptime in seconds, or -1 when the scrape did not include it. */
  public long uptime() {
    return values.getOrDefault(UPTIME, -1L);
  }
}
