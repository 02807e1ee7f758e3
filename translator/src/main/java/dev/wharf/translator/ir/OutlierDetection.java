package dev.wharf.translator.ir;

import java.time.Duration;

/**
 * Passive health checking of every upstream (spec 37): a host failing {@code consecutive5xx} times in a
 * row is ejected for {@code baseEjectionTime} times its ejection count, at most {@code maxEjectionTime};
 * Envoy sweeps for hosts to bring back every {@code interval}.
 */
public record OutlierDetection(int consecutive5xx, Duration baseEjectionTime, Duration maxEjectionTime,
    Duration interval) {
  /** Spec 37: "5 or more of the connections failed". */
  public static final int CONSECUTIVE_5XX = 5;

  /** Envoy's default sweep interval, which Wharf keeps (AWS documents none); left unrendered. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** With Envoy's default sweep interval. */
  public OutlierDetection(int consecutive5xx, Duration baseEjectionTime, Duration maxEjectionTime) {
    this(consecutive5xx, baseEjectionTime, maxEjectionTime, DEFAULT_INTERVAL);
  }
}
