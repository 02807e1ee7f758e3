package dev.wharf.api.cloudwatch;

import static dev.wharf.api.cloudwatch.SeriesSource.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.api.WharfApi;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import dev.wharf.api.state.InMemoryStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** The CloudWatch operations' semantics and validation, over AWS JSON 1.0. */
class CloudWatchOperationsTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTS = "{\"Namespace\":\"AWS/ECS\",\"MetricName\":\"RequestCount\","
      + "\"Dimensions\":[{\"Name\":\"DiscoveryName\",\"Value\":\"payments\"}]}";

  private final SeriesSource source = new SeriesSource();
  private final AwsJsonService api =
      WharfApi.create(new InMemoryStateStore(), Clock.systemUTC(), ApiOptions.defaults(), source);

  CloudWatchOperationsTest() {
    source.add(MetricKey.of("AWS/ECS", "RequestCount", Map.of("DiscoveryName", "payments")),
        count(T0, 5), count(T0.plusSeconds(60), 7), count(T0.plusSeconds(120), 9));
    for (int i = 0; i < 1200; i++) {
      source.add(MetricKey.of("Load", "Calls", Map.of("Caller", String.format("c%04d", i))), count(T0, i));
    }
  }

  private JsonNode call(String op, String body, int status) {
    AwsResponse r = api.handle(new AwsRequest("GraniteServiceVersion20100801." + op,
        body.getBytes(StandardCharsets.UTF_8), Map.of()));
    assertEquals(status, r.status(), r.bodyText());
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String data(String queries, String extra) {
    return "{\"StartTime\":" + T0.getEpochSecond() + ",\"EndTime\":" + (T0.getEpochSecond() + 300)
        + ",\"MetricDataQueries\":" + queries + extra + "}";
  }

  private static String stat(String id, String stat, int period) {
    return "{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":" + REQUESTS + ",\"Period\":" + period
        + ",\"Stat\":\"" + stat + "\"}}";
  }

  @Test
  void listMetricsPagesByFiveHundredAndATokenOnlyFitsItsOwnRequest() {
    JsonNode first = call("ListMetrics", "{\"Namespace\":\"Load\"}", 200);
    assertEquals(500, first.path("Metrics").size());
    assertEquals("c0000", first.path("Metrics").get(0).path("Dimensions").get(0).path("Value").asText());
    String token = first.path("NextToken").asText();
    JsonNode second = call("ListMetrics", "{\"Namespace\":\"Load\",\"NextToken\":\"" + token + "\"}", 200);
    assertEquals("c0500", second.path("Metrics").get(0).path("Dimensions").get(0).path("Value").asText());
    JsonNode third = call("ListMetrics", "{\"Namespace\":\"Load\",\"NextToken\":\""
        + second.path("NextToken").asText() + "\"}", 200);
    assertEquals(200, third.path("Metrics").size());
    assertFalse(third.has("NextToken"));
    JsonNode other = call("ListMetrics", "{\"Namespace\":\"AWS/ECS\",\"NextToken\":\"" + token + "\"}", 400);
    assertEquals("com.amazonaws.cloudwatch#InvalidParameterValueException", other.path("__type").asText());
  }

  @Test
  void getMetricDataPagesByMaxDatapointsWithPartialDataAndATokenForTheRest() {
    String queries = "[" + stat("a", "Sum", 60) + "," + stat("b", "Average", 120) + "]";
    String paging = ",\"MaxDatapoints\":2,\"ScanBy\":\"TimestampAscending\"";
    JsonNode page = call("GetMetricData", data(queries, paging), 200);
    JsonNode a = page.path("MetricDataResults").get(0);
    assertEquals("[5.0,7.0]", a.path("Values").toString());
    assertEquals("PartialData", a.path("StatusCode").asText());
    assertEquals("[]", page.path("MetricDataResults").get(1).path("Values").toString());
    String token = page.path("NextToken").asText();
    JsonNode rest = call("GetMetricData", data(queries, paging + ",\"NextToken\":\"" + token + "\""), 200);
    assertEquals("[9.0]", rest.path("MetricDataResults").get(0).path("Values").toString());
    // b: (5 + 7) / 2 over 10:00-10:02, 9 over 10:02-10:04.
    assertEquals("[6.0]", rest.path("MetricDataResults").get(1).path("Values").toString());
    assertEquals("PartialData", rest.path("MetricDataResults").get(1).path("StatusCode").asText());
    JsonNode bad = call("GetMetricData", data(queries, ",\"NextToken\":\"bm9wZQ\""), 400);
    assertEquals("InvalidNextToken", bad.path("__type").asText().replaceAll(".*#", ""));
  }

  @Test
  void returnDataFalseHidesAQueryAndAnotherUnitMatchesNothing() {
    String hidden = "[{\"Id\":\"h\",\"ReturnData\":false,\"MetricStat\":{\"Metric\":" + REQUESTS
        + ",\"Period\":60,\"Stat\":\"Sum\"}}," + stat("v", "Maximum", 300) + "]";
    JsonNode out = call("GetMetricData", data(hidden, ""), 200);
    assertEquals(1, out.path("MetricDataResults").size());
    assertEquals("[9.0]", out.path("MetricDataResults").get(0).path("Values").toString());
    JsonNode bytes = call("GetMetricStatistics", REQUESTS.replace("}]}", "}],\"StartTime\":" + T0.getEpochSecond()
        + ",\"EndTime\":" + (T0.getEpochSecond() + 300) + ",\"Period\":60,\"Statistics\":[\"Sum\"],"
        + "\"Unit\":\"Bytes\"}"), 200);
    assertEquals(0, bytes.path("Datapoints").size());
  }

  @ParameterizedTest
  @CsvFileSource(resources = "/cloudwatch/bad-input.psv", delimiter = '|', quoteCharacter = '\'')
  void badInputIsA400WithCloudWatchsCode(String op, String body, String code) {
    JsonNode error = call(op, body, 400);
    String type = error.path("__type").asText();
    assertTrue(type.startsWith("com.amazonaws.cloudwatch#") || type.equals(code), type);
    AwsResponse raw = api.handle(new AwsRequest("GraniteServiceVersion20100801." + op,
        body.getBytes(StandardCharsets.UTF_8), Map.of()));
    String header = raw.header("x-amzn-query-error");
    assertEquals(code, header == null ? type : header.substring(0, header.indexOf(';')), raw.bodyText());
    assertFalse(error.path("message").asText().isBlank());
  }
}
