package dev.wharf.controlplane.metrics;

import dev.wharf.api.metrics.MetricKey;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One observation of one series from one scrape of one sidecar: a counter's increase or a gauge's
 * value ({@code value}, one sample), or a latency histogram's per-bucket increase ({@code buckets},
 * one sample per request).
 *
 * @param key the CloudWatch series
 * @param unit the CloudWatch unit
 * @param value the increase or gauge value; unused for histograms
 * @param buckets upper bound (ms) to the count in that bucket alone; empty for counters and gauges
 */
public record Sample(MetricKey key, String unit, double value, SortedMap<Double, Long> buckets) {
  public Sample {
    buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
  }

  /** True for a histogram sample. */
  public boolean histogram() {
    return !buckets.isEmpty();
  }
}
