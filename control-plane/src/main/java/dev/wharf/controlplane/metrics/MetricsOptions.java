package dev.wharf.controlplane.metrics;

import java.time.Duration;

/**
 * How the collector runs: scrape every {@code scrapePeriod} (20 s by default, as the ECS agent
 * polls its Service Connect agent, spec 58; {@code wharf server --metrics-scrape-seconds}), keep
 * {@code retention} of history at {@code resolution} (default 3 h at 60 s). Tests shorten all three.
 * A zero scrape period turns collection off.
 *
 * @param scrapePeriod time between two scrapes of every sidecar; zero for none
 * @param resolution the stored interval
 * @param retention how long intervals are kept
 */
public record MetricsOptions(Duration scrapePeriod, Duration resolution, Duration retention) {

  public MetricsOptions {
    if (scrapePeriod.isNegative()) {
      throw new IllegalArgumentException("scrape period must not be negative");
    }
  }

  /** 20 s scrapes, 60 s resolution, 3 h retention. */
  public static MetricsOptions defaults() {
    return new MetricsOptions(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofHours(3));
  }

  public MetricsOptions withScrapePeriod(Duration period) {
    return new MetricsOptions(period, resolution, retention);
  }

  public MetricsOptions withResolution(Duration r) {
    return new MetricsOptions(scrapePeriod, r, retention);
  }
}
