/**
 * Tests of the CloudWatch operations without sockets: period aggregation, percentile estimation
 * from histogram buckets, the three wire protocols (CBOR, JSON 1.0, query), AWS-shaped errors for
 * bad input, and fuzzing that no request yields a 5xx or changes anything.
 */
package dev.wharf.api.cloudwatch;
