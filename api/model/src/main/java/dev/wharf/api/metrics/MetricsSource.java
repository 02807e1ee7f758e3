package dev.wharf.api.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A bounded, in-memory history of metric series, read by the CloudWatch operations. Implementations
 * are thread-safe; reads never block collection for long.
 *
 * <p>Contract: data is kept at a fixed {@link #resolution()} (intervals aligned to the epoch), for
 * at most {@link #retention()}; older intervals are dropped. The history is not durable: it is lost
 * when the server restarts. Callers aggregate the resolution's intervals into the period a query
 * asks for.
 */
public interface MetricsSource {

  /** Every series with at least one datapoint still retained, sorted by namespace, name, dimensions. */
  List<MetricKey> series();

  /**
   * The datapoints of {@code key} whose intervals start in {@code [from, to)}, oldest first, one per
   * interval of {@link #resolution()} that has data; empty when the series is unknown.
   */
  List<Datapoint> datapoints(MetricKey key, Instant from, Instant to);

  /** The length of one stored interval (for example 60 s, or 1 s in tests). */
  Duration resolution();

  /** How far back datapoints are kept. */
  Duration retention();

  /** A source with no series, for servers that collect nothing. */
  static MetricsSource empty() {
    return new MetricsSource() {
      @Override
      public List<MetricKey> series() {
        return List.of();
      }

      @Override
      public List<Datapoint> datapoints(MetricKey key, Instant from, Instant to) {
        return List.of();
      }

      @Override
      public Duration resolution() {
        return Duration.ofSeconds(60);
      }

      @Override
      public Duration retention() {
        return Duration.ofHours(3);
      }
    };
  }
}
