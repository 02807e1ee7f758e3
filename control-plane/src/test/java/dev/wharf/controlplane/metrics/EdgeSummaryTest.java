package dev.wharf.controlplane.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.api.metrics.MetricKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The {@code wharf up} per-edge lines from collected metrics. */
class EdgeSummaryTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  private static Sample count(String metric, Map<String, String> dims, double v) {
    return new Sample(MetricKey.of("AWS/ECS", metric, dims), "Count", v, new TreeMap<>());
  }

  @Test
  void oneLinePerEdgeWithRequestsErrorsAndP99() {
    MetricHistory h = new MetricHistory(Duration.ofSeconds(5), Duration.ofHours(1),
        Clock.fixed(NOW.minusSeconds(20), ZoneOffset.UTC));
    Map<String, String> pay =
        Map.of("TargetDiscoveryName", "payments", "ServiceName", "checkout", "ClusterName", "shop");
    Map<String, String> led = Map.of("TargetDiscoveryName", "ledger", "ServiceName", "payments", "ClusterName", "shop");
    TreeMap<Double, Long> times = new TreeMap<>(Map.of(5.0, 98L, 250.0, 1L, 500.0, 1L));
    h.record(List.of(
        count("HTTPCode_Target_2XX_Count", pay, 97), count("HTTPCode_Target_5XX_Count", pay, 3),
        new Sample(MetricKey.of("AWS/ECS", "TargetResponseTime", pay), "Milliseconds", 0, times),
        count("HTTPCode_Target_2XX_Count", led, 40),
        count("HTTPCode_Target_2XX_Count", Map.of("TargetDiscoveryName", "payments"), 100)));
    assertEquals(List.of(
        "  checkout -> payments  100 requests  3 5xx  p99 <= 250 ms",
        "  payments -> ledger  40 requests  0 5xx  p99 -"), EdgeSummary.lines(h, NOW, Duration.ofSeconds(60)));
    assertEquals(List.of(), EdgeSummary.lines(h, NOW.plusSeconds(600), Duration.ofSeconds(60)), "nothing recent");
  }
}
