package dev.wharf.controlplane.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.metrics.Datapoint;
import dev.wharf.api.metrics.MetricKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Interval aggregation, the retention bound and histogram datapoints. */
class MetricHistoryTest {
  private static final MetricKey RQ = MetricKey.of("AWS/ECS", "RequestCount", Map.of("DiscoveryName", "payments"));
  private static final MetricKey RT =
      MetricKey.of("AWS/ECS", "TargetResponseTime", Map.of("TargetDiscoveryName", "payments"));

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Sample count(double v) {
    return new Sample(RQ, "Count", v, new TreeMap<>());
  }

  @Test
  void samplesOfOneIntervalAggregate() {
    Manual clock = new Manual();
    MetricHistory h = new MetricHistory(Duration.ofSeconds(60), Duration.ofHours(3), clock);
    h.record(List.of(count(3)));
    clock.now = clock.now.plusSeconds(20);
    h.record(List.of(count(5)));
    clock.now = clock.now.plusSeconds(40);
    h.record(List.of(count(1)));
    List<Datapoint> points = h.datapoints(RQ, Instant.EPOCH, clock.now.plusSeconds(60));
    assertEquals(2, points.size());
    Datapoint first = points.get(0);
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), first.start());
    assertEquals(8, first.sum());
    assertEquals(2, first.sampleCount());
    assertEquals(3, first.minimum());
    assertEquals(5, first.maximum());
    assertEquals("Count", first.unit());
    assertEquals(List.of(RQ), h.series());
  }

  @Test
  void historyIsBoundedByRetention() {
    Manual clock = new Manual();
    MetricHistory h = new MetricHistory(Duration.ofSeconds(60), Duration.ofMinutes(10), clock);
    for (int i = 0; i < 60; i++) {
      h.record(List.of(count(1)));
      clock.now = clock.now.plusSeconds(60);
    }
    List<Datapoint> points = h.datapoints(RQ, Instant.EPOCH, clock.now.plusSeconds(60));
    assertTrue(points.size() <= 10, "at most retention / resolution intervals: " + points.size());
    assertTrue(points.get(0).start().isAfter(clock.now.minus(Duration.ofMinutes(11))), "old intervals dropped");
    clock.now = clock.now.plus(Duration.ofHours(1));
    h.record(List.of());
    assertEquals(List.of(), h.series(), "a series with nothing retained disappears");
  }

  @Test
  void histogramSamplesKeepTheirBuckets() {
    Manual clock = new Manual();
    MetricHistory h = new MetricHistory(Duration.ofSeconds(1), Duration.ofMinutes(5), clock);
    TreeMap<Double, Long> buckets = new TreeMap<>(Map.of(1.0, 2L, 10.0, 0L, 100.0, 3L));
    h.record(List.of(new Sample(RT, "Milliseconds", 0, buckets)));
    Datapoint p = h.datapoints(RT, Instant.EPOCH, clock.now.plusSeconds(1)).get(0);
    assertEquals(5, p.sampleCount());
    assertEquals(Map.of(1.0, 2L, 100.0, 3L), p.buckets());
    assertEquals(0, p.minimum());
    assertEquals(100, p.maximum());
    assertEquals(2 * 0.5 + 3 * 55, p.sum(), "midpoints: Envoy reports no exact sum");
  }

  @Test
  void resolutionMustBeWholeSeconds() {
    assertThrows(IllegalArgumentException.class,
        () -> new MetricHistory(Duration.ofMillis(500), Duration.ofMinutes(1), Clock.systemUTC()));
  }
}
