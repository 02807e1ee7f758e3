package dev.wharf.translator.ir;

import java.time.Duration;

/**
 * Passive health checking of every upstream (spec 37): a host failing {@code consecutive5xx} times in a
 * row is ejected for {@code baseEjectionTime} times its ejection count, at most {@code maxEjectionTime}.
 */
public record OutlierDetection(int consecutive5xx, Duration baseEjectionTime, Duration maxEjectionTime) {}
