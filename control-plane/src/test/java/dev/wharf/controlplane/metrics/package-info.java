/**
 * Unit tests of metric collection beside its code: counter and histogram deltas across sidecar
 * restarts, the bounded history behind the {@code MetricsSource}, and the {@code wharf up} per-edge
 * summary.
 */
package dev.wharf.controlplane.metrics;
