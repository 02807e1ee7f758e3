package dev.wharf.api.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The aggregate of one series over one interval {@code [start, start + seconds)}, as CloudWatch's
 * statistics need it: {@code Sum}, {@code SampleCount}, {@code Minimum}, {@code Maximum} (so
 * {@code Average} = sum / sampleCount), and for latency series the distribution as histogram
 * buckets, so that percentile statistics ({@code p50}, {@code p99}) can be estimated.
 *
 * <p>For a counter series (request counts, bytes) each collected delta is one sample: {@code sum} is
 * the total over the interval. For a gauge ({@code ActiveConnectionCount}) each scrape is one sample.
 * For a latency series ({@code TargetResponseTime}, milliseconds) each request is one sample and
 * {@code buckets} maps a bucket's upper bound (inclusive, in the series' unit; {@code
 * Double.POSITIVE_INFINITY} for the overflow bucket) to the number of samples in that bucket alone
 * (not cumulative); it is empty for series without a distribution.
 *
 * @param start the interval's start (inclusive)
 * @param seconds the interval's length in seconds
 * @param sum the sum of the samples
 * @param sampleCount the number of samples (0 means the interval has no data)
 * @param minimum the smallest sample (for histograms: an estimate, the lower bound of the lowest
 *     non-empty bucket)
 * @param maximum the largest sample (for histograms: the upper bound of the highest non-empty
 *     finite bucket)
 * @param unit the CloudWatch unit ({@code Count}, {@code Bytes}, {@code Milliseconds})
 * @param buckets upper bound to count in that bucket; empty when the series has no distribution
 */
public record Datapoint(
    Instant start,
    long seconds,
    double sum,
    double sampleCount,
    double minimum,
    double maximum,
    String unit,
    SortedMap<Double, Long> buckets) {
  public Datapoint {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(unit, "unit");
    buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
  }
}
