package dev.wharf.controlplane.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Counter and histogram deltas, including a sidecar that restarted between two scrapes. */
class DeltasTest {
  private static final String RQ = "cluster.egress~payments.upstream_rq_2xx";
  private static final String TIME = "cluster.egress~payments.upstream_rq_time";

  private static EnvoyStats stats(long uptime, long rq, long... cumulative) {
    SortedMap<Double, Long> buckets = new TreeMap<>();
    double[] bounds = {1, 10, 100};
    for (int i = 0; i < cumulative.length; i++) {
      buckets.put(bounds[i], cumulative[i]);
    }
    return new EnvoyStats(Map.of(EnvoyStats.UPTIME, uptime, RQ, rq), Map.of(TIME, buckets));
  }

  @Test
  void countersGiveTheIncreaseSinceTheLastScrape() {
    Deltas d = Deltas.between(stats(10, 100, 5, 8, 9), stats(30, 130, 6, 12, 20));
    assertEquals(30, d.counter(RQ));
    assertEquals(Map.of(1.0, 1L, 10.0, 3L, 100.0, 7L), d.histograms().get(TIME), "disjoint bucket increases");
  }

  @Test
  void aRestartedSidecarCountsFromZeroNeverNegativeNorDoubled() {
    // Restarted: uptime went down; the new counters are what happened since the restart.
    Deltas d = Deltas.between(stats(300, 500, 10, 20, 30), stats(4, 7, 1, 2, 3));
    assertEquals(7, d.counter(RQ));
    assertEquals(Map.of(1.0, 1L, 10.0, 1L, 100.0, 1L), d.histograms().get(TIME));
    // Restarted and already busier than before: uptime still tells, so nothing is subtracted wrongly.
    Deltas busy = Deltas.between(stats(300, 5, 1, 1, 1), stats(2, 50, 5, 5, 5));
    assertEquals(50, busy.counter(RQ));
  }

  @Test
  void aCounterThatWentDownAloneCountsFromZero() {
    Deltas d = Deltas.between(stats(10, 100, 5, 5, 5), stats(20, 3, 1, 1, 1));
    assertEquals(3, d.counter(RQ));
    assertEquals(Map.of(1.0, 1L, 10.0, 0L, 100.0, 0L), d.histograms().get(TIME));
  }

  @Test
  void aSidecarSeenForTheFirstTimeCountsEverything() {
    Deltas d = Deltas.between(null, stats(5, 12, 2, 4, 4));
    assertEquals(12, d.counter(RQ));
    assertEquals(Map.of(1.0, 2L, 10.0, 2L, 100.0, 0L), d.histograms().get(TIME));
  }
}
