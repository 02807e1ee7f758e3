package dev.wharf.api.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import dev.wharf.api.metrics.Datapoint;

/**
 * One period of a series as a query sees it: the source's resolution intervals that start in
 * {@code [start, start + period)} merged (sums and counts added, the smallest minimum, the largest
 * maximum, histogram buckets added bound by bound).
 *
 * @param start the period's start
 * @param sum the sum of the samples
 * @param sampleCount the number of samples
 * @param minimum the smallest sample
 * @param maximum the largest sample
 * @param unit the series' unit
 * @param buckets merged histogram, upper bound to count; empty without a distribution
 */
public record Aggregate(Instant start, double sum, double sampleCount, double minimum, double maximum, String unit,
    SortedMap<Double, Long> buckets) {
  public Aggregate {
    buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
  }

  /**
   * The periods of {@code points} (oldest first): period {@code k} covers {@code [origin + k * period,
   * origin + (k + 1) * period)}; an interval belongs to the period its start falls in. Intervals
   * before {@code origin} or without samples are left out, as are periods with no samples.
   */
  public static List<Aggregate> byPeriod(List<Datapoint> points, Instant origin, long periodSeconds) {
    Map<Long, List<Datapoint>> byIndex = new TreeMap<>();
    for (Datapoint p : points) {
      long offset = p.start().getEpochSecond() - origin.getEpochSecond();
      if (offset < 0 || p.sampleCount() <= 0) {
        continue;
      }
      byIndex.computeIfAbsent(offset / periodSeconds, k -> new ArrayList<>()).add(p);
    }
    List<Aggregate> out = new ArrayList<>();
    byIndex.forEach((index, group) -> out.add(merge(origin.plusSeconds(index * periodSeconds), group)));
    return out;
  }

  private static Aggregate merge(Instant start, List<Datapoint> group) {
    double sum = 0;
    double count = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    SortedMap<Double, Long> buckets = new TreeMap<>();
    for (Datapoint p : group) {
      sum += p.sum();
      count += p.sampleCount();
      min = Math.min(min, p.minimum());
      max = Math.max(max, p.maximum());
      p.buckets().forEach((bound, n) -> buckets.merge(bound, n, Long::sum));
    }
    return new Aggregate(start, sum, count, min, max, group.get(0).unit(), buckets);
  }
}
