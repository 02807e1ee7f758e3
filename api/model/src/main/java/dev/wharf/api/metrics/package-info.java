/**
 * The read contract between metric collection and the APIs that answer metric queries: a
 * {@link dev.wharf.api.metrics.MetricsSource} holds series named by {@link
 * dev.wharf.api.metrics.MetricKey} (CloudWatch namespace, metric name, dimensions) and answers
 * per-interval {@link dev.wharf.api.metrics.Datapoint}s. The control plane's collector implements
 * it; the CloudWatch operations read it. Nothing here knows Envoy or HTTP.
 */
package dev.wharf.api.metrics;
