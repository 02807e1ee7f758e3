package dev.wharf.controlplane.metrics;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happened on one sidecar between two scrapes: counter increases and histogram bucket
 * increases (disjoint: the count of samples in each bucket alone), plus the current values for
 * gauges. Pure.
 *
 * <p>Resets: when the sidecar restarted (its {@code server.uptime} went down) every counter counts
 * from zero, so the delta is the new value; a single counter that went down is treated the same
 * way. Either way no delta is negative, and nothing counted before the restart is counted again.
 * Increases between the last scrape and the restart are lost, as with Prometheus's
 * {@code increase()}.
 *
 * @param counters increase of each counter (only the stats present in the current scrape)
 * @param current the current scrape (for gauges)
 * @param histograms per-bucket (disjoint) increase of each histogram
 */
public record Deltas(Map<String, Long> counters, EnvoyStats current, Map<String, SortedMap<Double, Long>> histograms) {

  /**
   * The deltas from {@code previous} to {@code current}; with no previous scrape (a sidecar first
   * seen after collection started) everything counts from zero.
   */
  public static Deltas between(EnvoyStats previous, EnvoyStats current) {
    boolean restarted = previous == null || current.uptime() < previous.uptime();
    Map<String, Long> counters = new TreeMap<>();
    current.values().forEach((name, v) -> {
      long before = restarted ? 0 : previous.values().getOrDefault(name, 0L);
      counters.put(name, v >= before ? v - before : v);
    });
    Map<String, SortedMap<Double, Long>> histograms = new TreeMap<>();
    current.histograms().forEach((name, cumulative) -> {
      SortedMap<Double, Long> before = restarted ? null : previous.histograms().get(name);
      histograms.put(name, disjoint(increase(before, cumulative)));
    });
    return new Deltas(counters, current, histograms);
  }

  /** Cumulative bucket increases; a histogram whose total went down restarted and counts from zero. */
  static SortedMap<Double, Long> increase(SortedMap<Double, Long> before, SortedMap<Double, Long> now) {
    boolean reset = before == null || total(now) < total(before);
    SortedMap<Double, Long> out = new TreeMap<>();
    now.forEach((bound, n) -> {
      long b = reset ? 0 : before.getOrDefault(bound, 0L);
      out.put(bound, Math.max(0, n - b));
    });
    return out;
  }

  /** Cumulative counts to per-bucket counts. */
  static SortedMap<Double, Long> disjoint(SortedMap<Double, Long> cumulative) {
    SortedMap<Double, Long> out = new TreeMap<>();
    long below = 0;
    for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
      out.put(e.getKey(), Math.max(0, e.getValue() - below));
      below = Math.max(below, e.getValue());
    }
    return out;
  }

  private static long total(SortedMap<Double, Long> cumulative) {
    return cumulative.isEmpty() ? 0 : cumulative.get(cumulative.lastKey());
  }

  /** The increase of {@code name}, 0 when absent. */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }
}
