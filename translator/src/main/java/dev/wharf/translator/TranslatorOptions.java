package dev.wharf.translator;

import dev.wharf.translator.ir.OutlierDetection;
import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the translation that are not in the ECS state.
 *
 * @param baseEjectionTime outlier {@code base_ejection_time} (spec 37: 30 s); tests shorten it
 * @param maxEjectionTime outlier {@code max_ejection_time} (spec 37: 300 s)
 * @param outlierInterval outlier {@code interval}: how often Envoy sweeps its hosts, which is when an
 *     ejected host whose ejection time has passed is brought back (so a host returns between
 *     {@code base} and {@code base + interval} after its ejection). Default Envoy's 10 s, left
 *     unrendered; tests shorten it together with the ejection times
 * @param frozenAliases false (default): every alias currently in the namespace is rendered for every
 *     client, so new aliases reach running tasks live (improves on pain point 4.3). true (AWS-strict,
 *     spec 26): a task only gets the aliases that existed when it started, i.e. whose earliest
 *     listed declaring deployment of the owner service has {@code createdAt <= task.startedAt}. A
 *     task without {@code startedAt}, or an alias without a known time, is treated as visible.
 *     Aliases removed since the task started disappear either way: their target is gone.
 * @param mutualTls false (default, as Service Connect, spec 56): only the client verifies the server.
 *     true (Wharf's extension, server flag {@code --tls-mutual}): ingress listeners with TLS also
 *     require and verify a client certificate, and each sidecar presents its own
 */
public record TranslatorOptions(Duration baseEjectionTime, Duration maxEjectionTime, boolean frozenAliases,
    Duration outlierInterval, boolean mutualTls) {
  /** Envoy's default outlier detection interval, which Wharf keeps (AWS does not document one). */
  public static final Duration DEFAULT_OUTLIER_INTERVAL = OutlierDetection.DEFAULT_INTERVAL;

  public TranslatorOptions {
    Objects.requireNonNull(outlierInterval, "outlierInterval");
    if (outlierInterval.isNegative() || outlierInterval.isZero()) {
      throw new IllegalArgumentException("outlierInterval must be positive");
    }
    Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
    Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
      throw new IllegalArgumentException("baseEjectionTime must be positive");
    }
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException("maxEjectionTime must be at least baseEjectionTime");
    }
  }

  /** One-way TLS. */
  public TranslatorOptions(Duration baseEjectionTime, Duration maxEjectionTime, boolean frozenAliases,
      Duration outlierInterval) {
    this(baseEjectionTime, maxEjectionTime, frozenAliases, outlierInterval, false);
  }

  /** The same with Envoy's default outlier interval. */
  public TranslatorOptions(Duration baseEjectionTime, Duration maxEjectionTime, boolean frozenAliases) {
    this(baseEjectionTime, maxEjectionTime, frozenAliases, DEFAULT_OUTLIER_INTERVAL);
  }

  /** AWS's numbers: ejection 30 s growing to 300 s; aliases pushed live. */
  public static TranslatorOptions defaults() {
    return new TranslatorOptions(Duration.ofSeconds(30), Duration.ofSeconds(300), false);
  }

  public TranslatorOptions withFrozenAliases(boolean frozen) {
    return new TranslatorOptions(baseEjectionTime, maxEjectionTime, frozen, outlierInterval, mutualTls);
  }

  public TranslatorOptions withEjectionTimes(Duration base, Duration max) {
    return new TranslatorOptions(base, max, frozenAliases, outlierInterval, mutualTls);
  }

  /** A copy with another outlier detection interval (tests: sub-second, so ejections end on time). */
  public TranslatorOptions withOutlierInterval(Duration interval) {
    return new TranslatorOptions(baseEjectionTime, maxEjectionTime, frozenAliases, interval, mutualTls);
  }

  /** A copy with mutual TLS on or off. */
  public TranslatorOptions withMutualTls(boolean mutual) {
    return new TranslatorOptions(baseEjectionTime, maxEjectionTime, frozenAliases, outlierInterval, mutual);
  }
}
