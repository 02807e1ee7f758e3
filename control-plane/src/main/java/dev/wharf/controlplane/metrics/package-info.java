/**
 * Service Connect's metrics from stock Envoy (spec 58-61): the collector scrapes every registered
 * sidecar's metrics listener each period, turns Envoy's cumulative counters and histograms into
 * per-period deltas (a restarted sidecar's reset counters count from zero, never negative), derives
 * the CloudWatch-named series ({@code RequestCount}, {@code HTTPCode_Target_5XX_Count},
 * {@code TargetResponseTime}, ...) with Service Connect's dimensions and keeps them in a bounded,
 * in-memory {@link dev.wharf.api.metrics.MetricsSource}, lost on restart.
 */
package dev.wharf.controlplane.metrics;
