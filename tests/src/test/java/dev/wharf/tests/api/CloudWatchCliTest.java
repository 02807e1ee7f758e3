package dev.wharf.tests.api;

import static dev.wharf.tests.api.KnownMetrics.NS;
import static dev.wharf.tests.api.KnownMetrics.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real AWS CLI's CloudWatch commands against Wharf ({@code --endpoint-url}), answered from
 * {@link KnownMetrics}: the seed's verification command exactly as written, percentiles through
 * get-metric-data, list-metrics filters, and AWS-shaped errors for bad input.
 */
class CloudWatchCliTest {
  private static CloudWatchEndpoint endpoint;
  private static AwsCli aws;

  private static final String[] DIMS = {"--dimensions", "Name=TargetDiscoveryName,Value=payments",
      "Name=ServiceName,Value=checkout", "Name=ClusterName,Value=shop"};

  @BeforeAll
  static void start() {
    endpoint = new CloudWatchEndpoint(new KnownMetrics());
    aws = new AwsCli(endpoint.port());
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  @Test
  void theSeedsGetMetricStatisticsCommandAnswersPerMinuteSums() {
    JsonNode out = aws.ok("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ECS",
        "--metric-name", "HTTPCode_Target_5XX_Count",
        "--dimensions", "Name=TargetDiscoveryName,Value=payments", "Name=ServiceName,Value=checkout",
        "Name=ClusterName,Value=shop", "--period", "60", "--statistics", "Sum",
        "--start-time", "2026-11-30T10:00:00Z", "--end-time", "2026-11-30T10:05:00Z");
    assertEquals("HTTPCode_Target_5XX_Count", out.path("Label").asText());
    JsonNode points = out.path("Datapoints");
    assertEquals(3, points.size(), out.toString());
    double[] sums = {12, 8, 0};
    for (int i = 0; i < 3; i++) {
      // The CLI v1 prints timestamps as the wire has them: epoch seconds in AWS JSON 1.0.
      assertEquals(T0.getEpochSecond() + 60 * i, points.get(i).path("Timestamp").asDouble(), 0);
      assertEquals(sums[i], points.get(i).path("Sum").asDouble(), 0);
      assertEquals("Count", points.get(i).path("Unit").asText());
      assertTrue(points.get(i).path("Average").isMissingNode(), "only the statistics asked for");
    }
  }

  @Test
  void aLongerPeriodSumsTheMinutesAndExtendedStatisticsArePercentiles() {
    JsonNode sum = aws.ok("cloudwatch", "get-metric-statistics", "--namespace", NS, "--metric-name",
        "HTTPCode_Target_5XX_Count", DIMS[0], DIMS[1], DIMS[2], DIMS[3], "--period", "300",
        "--statistics", "Sum", "SampleCount", "Maximum", "--start-time", "2026-11-30T10:00:00Z",
        "--end-time", "2026-11-30T10:05:00Z");
    JsonNode p = sum.path("Datapoints").get(0);
    assertEquals(20, p.path("Sum").asDouble(), 0);
    assertEquals(9, p.path("SampleCount").asDouble(), 0);
    assertEquals(6, p.path("Maximum").asDouble(), 0);
    JsonNode pct = aws.ok("cloudwatch", "get-metric-statistics", "--namespace", NS, "--metric-name",
        "TargetResponseTime", DIMS[0], DIMS[1], DIMS[2], DIMS[3], "--period", "60",
        "--extended-statistics", "p50", "p99", "--start-time", "2026-11-30T10:00:00Z",
        "--end-time", "2026-11-30T10:02:00Z");
    JsonNode first = pct.path("Datapoints").get(0).path("ExtendedStatistics");
    assertEquals(5 + 5 * 10.0 / 30, first.path("p50").asDouble(), 1e-9);
    assertEquals(175, first.path("p99").asDouble(), 1e-9);
    assertEquals("Milliseconds", pct.path("Datapoints").get(0).path("Unit").asText());
  }

  @Test
  void getMetricDataAnswersP99NewestFirstAndAscendingOnRequest() {
    String queries = "[{\"Id\":\"p99\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ECS\","
        + "\"MetricName\":\"TargetResponseTime\",\"Dimensions\":[{\"Name\":\"TargetDiscoveryName\","
        + "\"Value\":\"payments\"},{\"Name\":\"ServiceName\",\"Value\":\"checkout\"},{\"Name\":\"ClusterName\","
        + "\"Value\":\"shop\"}]},\"Period\":60,\"Stat\":\"p99\"}},"
        + "{\"Id\":\"requests\",\"Label\":\"calls\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ECS\","
        + "\"MetricName\":\"RequestCount\",\"Dimensions\":[{\"Name\":\"TargetDiscoveryName\","
        + "\"Value\":\"payments\"},{\"Name\":\"ServiceName\",\"Value\":\"checkout\"},{\"Name\":\"ClusterName\","
        + "\"Value\":\"shop\"}]},\"Period\":120,\"Stat\":\"Sum\"}}]";
    JsonNode out = aws.ok("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
        "--start-time", "2026-11-30T10:00:00Z", "--end-time", "2026-11-30T10:05:00Z");
    JsonNode p99 = out.path("MetricDataResults").get(0);
    assertEquals("p99", p99.path("Id").asText());
    assertEquals("TargetResponseTime", p99.path("Label").asText());
    assertEquals("Complete", p99.path("StatusCode").asText());
    assertEquals(List.of(T0.getEpochSecond() + 60.0, (double) T0.getEpochSecond()), doubles(p99.path("Timestamps")));
    assertEquals(List.of(50.0, 175.0), doubles(p99.path("Values")));
    JsonNode requests = out.path("MetricDataResults").get(1);
    assertEquals("calls", requests.path("Label").asText());
    assertEquals(List.of(200.0), doubles(requests.path("Values")));
    JsonNode ascending = aws.ok("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
        "--start-time", "2026-11-30T10:00:00Z", "--end-time", "2026-11-30T10:05:00Z",
        "--scan-by", "TimestampAscending");
    assertEquals(List.of(175.0, 50.0), doubles(ascending.path("MetricDataResults").get(0).path("Values")));
  }

  @Test
  void listMetricsFiltersByNamespaceNameAndDimensionsWithOrWithoutValue() {
    assertEquals(6, aws.ok("cloudwatch", "list-metrics", "--namespace", NS).path("Metrics").size());
    assertEquals(0, aws.ok("cloudwatch", "list-metrics", "--namespace", "AWS/EC2").path("Metrics").size());
    JsonNode requests = aws.ok("cloudwatch", "list-metrics", "--namespace", NS, "--metric-name", "RequestCount");
    assertEquals(2, requests.path("Metrics").size());
    JsonNode toLedger = aws.ok("cloudwatch", "list-metrics", "--dimensions", "Name=TargetDiscoveryName,Value=ledger");
    assertEquals(1, toLedger.path("Metrics").size());
    JsonNode m = toLedger.path("Metrics").get(0);
    assertEquals("RequestCount", m.path("MetricName").asText());
    assertEquals("[{\"Name\":\"ClusterName\",\"Value\":\"shop\"},{\"Name\":\"ServiceName\",\"Value\":\"payments\"},"
        + "{\"Name\":\"TargetDiscoveryName\",\"Value\":\"ledger\"}]", m.path("Dimensions").toString());
    JsonNode anyTarget = aws.ok("cloudwatch", "list-metrics", "--dimensions", "Name=TargetDiscoveryName");
    assertEquals(4, anyTarget.path("Metrics").size());
    JsonNode byDiscovery = aws.ok("cloudwatch", "list-metrics", "--metric-name", "ActiveConnectionCount",
        "--dimensions", "Name=DiscoveryName,Value=payments", "Name=ClusterName");
    assertEquals(1, byDiscovery.path("Metrics").size());
  }

  @Test
  void theCliSpeaksAwsJson10ToWharf() {
    // botocore ranks json above smithy-rpc-v2-cbor (utils.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS).
    AwsCli.Result r = aws.run("cloudwatch", "list-metrics", "--namespace", NS, "--debug");
    assertEquals(0, r.exit(), r.stderr());
    assertTrue(r.stderr().contains("'X-Amz-Target': b'GraniteServiceVersion20100801.ListMetrics'"), "JSON target");
    assertTrue(r.stderr().contains("application/x-amz-json-1.0"), "JSON 1.0 content type");
  }

  @Test
  void badInputGetsCloudWatchsErrors() {
    String[] base = {"cloudwatch", "get-metric-statistics", "--namespace", NS, "--metric-name", "RequestCount",
        "--start-time", "2026-11-30T10:00:00Z"};
    Cli.Failure period = Cli.fails(aws, "InvalidParameterValue", concat(base, "--end-time", "2026-11-30T10:05:00Z",
        "--period", "61", "--statistics", "Sum"));
    assertEquals("The parameter Period must be 1, 5, 10, 30, or a multiple of 60.", period.message());
    Cli.Failure equal = Cli.fails(aws, "InvalidParameterValue", concat(base, "--end-time", "2026-11-30T10:00:00Z",
        "--period", "60", "--statistics", "Sum"));
    assertEquals("The parameter StartTime must not equal parameter EndTime.", equal.message());
    Cli.fails(aws, "InvalidParameterCombination", concat(base, "--end-time", "2026-11-30T10:05:00Z",
        "--period", "60", "--statistics", "Sum", "--extended-statistics", "p99"));
    Cli.fails(aws, "InvalidParameterValue", concat(base, "--end-time", "2026-11-30T10:05:00Z",
        "--period", "60", "--extended-statistics", "p101"));
    Cli.Failure tooMany = Cli.fails(aws, "InvalidParameterCombination", concat(base,
        "--end-time", "2026-12-02T10:00:00Z", "--period", "60", "--statistics", "Sum"));
    assertTrue(tooMany.message().startsWith("You have requested up to 2,880 datapoints"), tooMany.message());
    Cli.fails(aws, "ValidationError", "cloudwatch", "get-metric-data", "--metric-data-queries",
        "[{\"Id\":\"e1\",\"Expression\":\"SUM(METRICS())\"}]", "--start-time", "2026-11-30T10:00:00Z",
        "--end-time", "2026-11-30T10:05:00Z");
    Cli.fails(aws, "ValidationError", "cloudwatch", "get-metric-data", "--metric-data-queries",
        "[{\"Id\":\"Bad\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ECS\",\"MetricName\":\"RequestCount\"},"
            + "\"Period\":60,\"Stat\":\"Sum\"}}]", "--start-time", "2026-11-30T10:00:00Z",
        "--end-time", "2026-11-30T10:05:00Z");
  }

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(String[]::new);
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }
}
