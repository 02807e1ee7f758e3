package dev.wharf.api.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric series as CloudWatch names it: a namespace (Service Connect's is {@code AWS/ECS}), a
 * metric name ({@code RequestCount}) and its dimensions, name to value, sorted by name. Two keys are
 * equal when all three are equal, which is how CloudWatch matches a query's dimensions (exactly,
 * not as a subset).
 *
 * @param namespace the CloudWatch namespace
 * @param metricName the metric name
 * @param dimensions dimension name to value; copied and sorted
 */
public record MetricKey(String namespace, String metricName, SortedMap<String, String> dimensions) {
  public MetricKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(metricName, "metricName");
    dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
  }

  /** A key with the given dimensions (any map; it is copied and sorted). */
  public static MetricKey of(String namespace, String metricName, Map<String, String> dimensions) {
    return new MetricKey(namespace, metricName, new TreeMap<>(dimensions));
  }
}
