package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tests.harness.Boto3;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plain boto3 script ({@code src/test/resources/boto3/cloudwatch_metrics.py}) reads CloudWatch
 * metrics from Wharf, once in the protocol botocore picks for CloudWatch (AWS JSON 1.0) and once in
 * smithy-rpc-v2-cbor, with the same answers.
 */
class CloudWatchBoto3Test {

  @ParameterizedTest
  @CsvSource({"default,json", "cbor,smithy-rpc-v2-cbor"})
  void theScriptReadsTheSameMetricsInEitherProtocol(String mode, String protocol) throws Exception {
    try (CloudWatchEndpoint endpoint = new CloudWatchEndpoint(new KnownMetrics())) {
      String stdout = Boto3.run("cloudwatch_metrics.py", endpoint.port(), "AKIAIOSFODNN7EXAMPLE", "us-east-1",
          Map.of(), mode);
      assertEquals(List.of(
          "PROTOCOL " + protocol,
          "SUM 2026-11-30T10:00:00+00:00 12.0 Count",
          "SUM 2026-11-30T10:01:00+00:00 8.0 Count",
          "SUM 2026-11-30T10:02:00+00:00 0.0 Count",
          "PCT 2026-11-30T10:00:00+00:00 6.666667 175.0",
          "PCT 2026-11-30T10:01:00+00:00 5.0 50.0",
          "DATA p99 Complete ['2026-11-30T10:01:00+00:00', '2026-11-30T10:00:00+00:00'] [50.0, 175.0]",
          "LIST 5",
          "ERROR InvalidParameterValue 400 The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
          "ERROR ValidationError 400",
          "DONE"), stdout.lines().toList(), stdout);
    }
  }
}
