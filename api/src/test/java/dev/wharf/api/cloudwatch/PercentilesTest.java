package dev.wharf.api.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  /** Pairs of (upper bound, count). */
  private static SortedMap<Double, Long> buckets(double... pairs) {
    SortedMap<Double, Long> out = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], (long) pairs[i + 1]);
    }
    return out;
  }

  @Test
  void p50AndP99InterpolateWithinTheBucketHoldingTheRank() {
    // 1000 samples: 500 in (0,10], 400 in (10,20], 90 in (20,50], 10 in (50,100].
    SortedMap<Double, Long> b = buckets(10, 500, 20, 400, 50, 90, 100, 10);
    // p50: rank 500 is the last sample of the first bucket -> its upper bound.
    assertEquals(10.0, Percentiles.estimate(b, 50, 0, 100).getAsDouble(), 1e-9);
    // p99: rank 990 is the 90th of 90 in (20,50] -> 50.
    assertEquals(50.0, Percentiles.estimate(b, 99, 0, 100).getAsDouble(), 1e-9);
    // p99.5: rank 995 is the 5th of 10 in (50,100] -> 75.
    assertEquals(75.0, Percentiles.estimate(b, 99.5, 0, 100).getAsDouble(), 1e-9);
    // p70: rank 700 is the 200th of 400 in (10,20] -> 15.
    assertEquals(15.0, Percentiles.estimate(b, 70, 0, 100).getAsDouble(), 1e-9);
  }

  @Test
  void emptyBucketsAreSkippedAndTheEstimateStaysWithinMinimumAndMaximum() {
    SortedMap<Double, Long> b = buckets(1, 0, 5, 0, 10, 4, 25, 0, 50, 0);
    // All 4 samples in (5,10]: p50 = 5 + 5 * 2/4; p0 is the bucket's lower bound.
    assertEquals(7.5, Percentiles.estimate(b, 50, 5, 10).getAsDouble(), 1e-9);
    assertEquals(5.0, Percentiles.estimate(b, 0, 5, 10).getAsDouble(), 1e-9);
    assertEquals(10.0, Percentiles.estimate(b, 100, 5, 10).getAsDouble(), 1e-9);
    // A known true maximum below the bucket's bound caps the estimate.
    assertEquals(8.0, Percentiles.estimate(b, 99, 5, 8).getAsDouble(), 1e-9);
  }

  @Test
  void aRankInTheOverflowBucketAnswersItsLowerBoundAndNoSamplesAnswersNothing() {
    SortedMap<Double, Long> b = buckets(100, 9, Double.POSITIVE_INFINITY, 1);
    assertEquals(100.0, Percentiles.estimate(b, 99, 0, 100).getAsDouble(), 1e-9);
    assertTrue(Percentiles.estimate(buckets(10, 0), 50, 0, 0).isEmpty());
  }
}
