package dev.wharf.translator;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the translation that are not in the ECS state.
 *
 * @param baseEjectionTime outlier {@code base_ejection_time} (spec 37: 30 s); tests shorten it
 * @param maxEjectionTime outlier {@code max_ejection_time} (spec 37: 300 s)
 * @param frozenAliases false (default): every alias currently in the namespace is rendered for every
 *     client, so new aliases reach running tasks live (improves on pain point 4.3). true (AWS-strict,
 *     spec 26): a task only gets the aliases that existed when it started, i.e. whose earliest
 *     listed declaring deployment of the owner service has {@code createdAt <= task.startedAt}. A
 *     task without {@code startedAt}, or an alias without a known time, is treated as visible.
 *     Aliases removed since the task started disappear either way: their target is gone.
 */
public record TranslatorOptions(Duration baseEjectionTime, Duration maxEjectionTime, boolean frozenAliases) {
  public TranslatorOptions {
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
      throw new IllegalArgumentException("baseEjectionTime must be positive");
    }
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException("maxEjectionTime must be at least baseEjectionTime");
    }
  }

  /** AWS's numbers: ejection 30 s growing to 300 s; aliases pushed live. */
  public static TranslatorOptions defaults() {
    return new TranslatorOptions(Duration.ofSeconds(30), Duration.ofSeconds(300), false);
  }

  public TranslatorOptions withFrozenAliases(boolean frozen) {
    return new TranslatorOptions(baseEjectionTime, maxEjectionTime, frozen);
  }

  public TranslatorOptions withEjectionTimes(Duration base, Duration max) {
    return new TranslatorOptions(base, max, frozenAliases);
  }
}
