/**
 * Amazon CloudWatch's metric reads ({@code GetMetricStatistics}, {@code GetMetricData}, {@code
 * ListMetrics}) over a {@link dev.wharf.api.metrics.MetricsSource}: AWS's validation and error
 * codes, aggregation of the source's fixed-resolution intervals into the requested period, and
 * percentile statistics estimated from histogram buckets. Protocol-neutral: {@link
 * dev.wharf.api.protocol.QueryCompatibleService} carries the operations over smithy-rpc-v2-cbor,
 * awsJson1_0 and awsQuery.
 */
package dev.wharf.api.cloudwatch;
