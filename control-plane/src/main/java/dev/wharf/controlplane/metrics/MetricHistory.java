package dev.wharf.controlplane.metrics;

import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.metrics.MetricsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded in-memory history behind {@link MetricsSource}: per series, one aggregate per interval
 * of {@link #resolution()} (aligned to the epoch), kept for {@link #retention()} (default 3 h at
 * 60 s, 180 intervals per series). Samples land in the interval containing the time they were
 * recorded. Intervals older than the retention are dropped on every write and ignored on read;
 * a series with no interval left disappears. Nothing is written to disk: a restart starts empty.
 *
 * <p>Thread-safe: each series is locked on its own, briefly.
 */
public final class MetricHistory implements MetricsSource {
  private static final Comparator<MetricKey> ORDER = Comparator.comparing(MetricKey::namespace)
      .thenComparing(MetricKey::metricName)
      .thenComparing(k -> k.dimensions().toString());

  private final Duration resolution;
  private final Duration retention;
  private final Clock clock;
  private final Map<MetricKey, Series> series = new ConcurrentHashMap<>();

  /**
   * @param resolution interval length, at least 1 s, whole seconds
   * @param retention how long intervals are kept, at least one resolution
   * @param clock the time samples are recorded at and retention is measured from
   */
  public MetricHistory(Duration resolution, Duration retention, Clock clock) {
    if (resolution.getSeconds() < 1 || resolution.getNano() != 0 || retention.compareTo(resolution) < 0) {
      throw new IllegalArgumentException("resolution must be whole seconds >= 1 and retention >= resolution");
    }
    this.resolution = resolution;
    this.retention = retention;
    this.clock = clock;
  }

  /** Records samples now. */
  public void record(List<Sample> samples) {
    long start = intervalStart(clock.instant());
    long oldest = oldestKept();
    for (Sample s : samples) {
      Series ser = series.computeIfAbsent(s.key(), k -> new Series(s.unit()));
      synchronized (ser) {
        ser.add(start, s);
        ser.intervals.headMap(oldest).clear();
      }
    }
    series.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        e.getValue().intervals.headMap(oldest).clear();
        return e.getValue().intervals.isEmpty();
      }
    });
  }

  @Override
  public List<MetricKey> series() {
    long oldest = oldestKept();
    List<MetricKey> out = new ArrayList<>();
    series.forEach((k, s) -> {
      synchronized (s) {
        if (!s.intervals.tailMap(oldest).isEmpty()) {
          out.add(k);
        }
      }
    });
    out.sort(ORDER);
    return out;
  }

  @Override
  public List<Datapoint> datapoints(MetricKey key, Instant from, Instant to) {
    Series s = series.get(key);
    if (s == null) {
      return List.of();
    }
    long lo = Math.max(from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0), oldestKept());
    long hi = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
    List<Datapoint> out = new ArrayList<>();
    synchronized (s) {
      if (lo >= hi) {
        return out;
      }
      s.intervals.subMap(lo, hi).forEach((start, agg) -> out.add(agg.toDatapoint(start, resolution, s.unit)));
    }
    return out;
  }

  @Override
  public Duration resolution() {
    return resolution;
  }

  @Override
  public Duration retention() {
    return retention;
  }

  private long intervalStart(Instant t) {
    long r = resolution.getSeconds();
    return Math.floorDiv(t.getEpochSecond(), r) * r;
  }

  private long oldestKept() {
    return intervalStart(clock.instant().minus(retention)) + resolution.getSeconds();
  }

  /** One series: unit and intervals by start (epoch seconds). */
  private static final class Series {
    final String unit;
    final TreeMap<Long, Aggregate> intervals = new TreeMap<>();

    Series(String unit) {
      this.unit = unit;
    }

    void add(long start, Sample s) {
      intervals.computeIfAbsent(start, k -> new Aggregate()).add(s);
    }
  }

  /** Sum, count, min, max and buckets of one interval. */
  private static final class Aggregate {
    double sum;
    double count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    final TreeMap<Double, Long> buckets = new TreeMap<>();

    void add(Sample s) {
      if (!s.histogram()) {
        sum += s.value();
        count += 1;
        min = Math.min(min, s.value());
        max = Math.max(max, s.value());
        return;
      }
      double lower = 0;
      for (Map.Entry<Double, Long> b : s.buckets().entrySet()) {
        long n = b.getValue();
        if (n > 0) {
          buckets.merge(b.getKey(), n, Long::sum);
          // Envoy reports no exact sum; each sample is taken at its bucket's midpoint.
          sum += n * (lower + b.getKey()) / 2;
          count += n;
          min = Math.min(min, lower);
          max = Math.max(max, b.getKey());
        }
        lower = b.getKey();
      }
    }

    Datapoint toDatapoint(long start, Duration resolution, String unit) {
      SortedMap<Double, Long> copy = new TreeMap<>(buckets);
      return new Datapoint(Instant.ofEpochSecond(start), resolution.getSeconds(), sum, count,
          count == 0 ? 0 : min, count == 0 ? 0 : max, unit, copy);
    }
  }
}
