package dev.wharf.api.cloudwatch;

import static dev.wharf.api.cloudwatch.SeriesSource.count;
import static dev.wharf.api.cloudwatch.SeriesSource.latency;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.wharf.api.metrics.Datapoint;
import org.junit.jupiter.api.Test;

class AggregateTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void minuteIntervalsMergeIntoFiveMinutePeriodsAlignedToTheOrigin() {
    List<Datapoint> points = List.of(
        count(T0.minusSeconds(60), 99), // before the origin: not counted
        count(T0, 1), count(T0.plusSeconds(60), 2), count(T0.plusSeconds(240), 3),
        count(T0.plusSeconds(300), 4), count(T0.plusSeconds(540), 5));
    List<Aggregate> periods = Aggregate.byPeriod(points, T0, 300);
    assertEquals(2, periods.size());
    assertEquals(T0, periods.get(0).start());
    assertEquals(6, periods.get(0).sum(), 0);
    assertEquals(3, periods.get(0).sampleCount(), 0);
    assertEquals(1, periods.get(0).minimum(), 0);
    assertEquals(3, periods.get(0).maximum(), 0);
    assertEquals(T0.plusSeconds(300), periods.get(1).start());
    assertEquals(9, periods.get(1).sum(), 0);
  }

  @Test
  void histogramsMergeBoundByBoundAndPeriodsWithoutSamplesAreLeftOut() {
    Datapoint a = latency(T0, new TreeMap<>(Map.of(5.0, 3L, 10.0, 1L)));
    Datapoint b = latency(T0.plusSeconds(60), new TreeMap<>(Map.of(10.0, 2L, 50.0, 4L)));
    Datapoint empty = new Datapoint(T0.plusSeconds(180), 60, 0, 0, 0, 0, "Milliseconds", new TreeMap<>());
    List<Aggregate> periods = Aggregate.byPeriod(List.of(a, b, empty), T0, 120);
    assertEquals(1, periods.size());
    assertEquals(Map.of(5.0, 3L, 10.0, 3L, 50.0, 4L), periods.get(0).buckets());
    assertEquals(10, periods.get(0).sampleCount(), 0);
    assertEquals("Milliseconds", periods.get(0).unit());
  }

  @Test
  void theOriginIsStartTimeRoundedDownToAMinuteOrToAShorterPeriod() {
    Instant start = Instant.parse("2026-11-30T10:03:47Z");
    assertEquals(Instant.parse("2026-11-30T10:03:00Z"), CloudWatchOperations.origin(start, 300));
    assertEquals(Instant.parse("2026-11-30T10:03:40Z"), CloudWatchOperations.origin(start, 10));
  }
}
