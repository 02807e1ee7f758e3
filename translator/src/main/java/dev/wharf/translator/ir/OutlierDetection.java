package dev.wharf.translator.ir;

import java.time.Duration;

/**
 * Passive health checking of every upstream (spec 37): a host failing {@code consecutive5xx} times in a
 * row is ejected for {@code baseEjectionTime} times its ejection count, at most {@code maxEjectionTime};
 * Envoy sweeps for hosts to bring back every {@code interval}.
 */
public record OutlierDetection(int consecutive5xx, Duration baseEjectionTime, Duration maxEjectionTime,
    Duration interval) {
  /** With Envoy's default sweep interval. */
  public OutlierDetection(int consecutive5xx, Duration baseEjectionTime, Duration maxEjectionTime) {
    this(consecutive5xx, baseEjectionTime, maxEjectionTime, dev.wharf.translator.TranslatorOptions.DEFAULT_OUTLIER_INTERVAL);
  }
}
