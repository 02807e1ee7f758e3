/**
 * Service Connect's metrics end to end (spec 58-61): real Envoy sidecars, real traffic, the
 * control plane's collector read through its {@link dev.wharf.api.metrics.MetricsSource}, and the
 * sidecars' Prometheus text read with the reference Prometheus text parser.
 */
package dev.wharf.tests.metrics;
