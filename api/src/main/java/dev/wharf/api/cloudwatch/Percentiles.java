package dev.wharf.api.cloudwatch;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;

/**
 * Percentile estimates from a histogram: per-bucket counts keyed by each bucket's inclusive upper
 * bound (the form of {@link dev.wharf.api.metrics.Datapoint#buckets()}). The {@code p}-th percentile
 * is the value at rank {@code p/100 * N}: the bucket holding that rank is found from the cumulative
 * counts and the value is interpolated linearly between the bucket's lower bound (the previous
 * bucket's upper bound, 0 for the first) and its upper bound, as Prometheus's {@code
 * histogram_quantile} does. A rank in the overflow bucket ({@code +Inf}) answers that bucket's lower
 * bound. The estimate is clamped to {@code [minimum, maximum]}, so it is never outside the data.
 */
public final class Percentiles {
  private Percentiles() {}

  /**
   * The estimate of percentile {@code p} (0 to 100), or empty when the histogram holds no samples.
   *
   * @param buckets upper bound to the count in that bucket alone (not cumulative)
   * @param minimum the smallest sample (or its estimate)
   * @param maximum the largest sample (or its estimate)
   */
  public static OptionalDouble estimate(SortedMap<Double, Long> buckets, double p, double minimum, double maximum) {
    long total = 0;
    for (long count : buckets.values()) {
      total += count;
    }
    if (total == 0) {
      return OptionalDouble.empty();
    }
    double rank = p / 100.0 * total;
    double lower = 0;
    long below = 0;
    double value = maximum;
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      double upper = bucket.getKey();
      long count = bucket.getValue();
      if (count > 0 && below + count >= rank) {
        value = Double.isInfinite(upper) ? lower : lower + (upper - lower) * Math.max(0, rank - below) / count;
        break;
      }
      below += count;
      lower = upper;
    }
    if (minimum <= maximum) {
      value = Math.max(minimum, Math.min(maximum, value));
    }
    return OptionalDouble.of(value);
  }
}
