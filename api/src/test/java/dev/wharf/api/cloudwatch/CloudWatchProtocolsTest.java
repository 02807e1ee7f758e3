package dev.wharf.api.cloudwatch;

import static dev.wharf.api.cloudwatch.SeriesSource.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.wharf.api.WharfApi;
import dev.wharf.api.metrics.MetricKey;
import dev.wharf.api.protocol.ApiOptions;
import dev.wharf.api.protocol.AwsJsonService;
import dev.wharf.api.protocol.AwsRequest;
import dev.wharf.api.protocol.AwsResponse;
import dev.wharf.api.state.InMemoryStateStore;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * CloudWatch over each of its protocols through Wharf's one request handler: success and error
 * shapes, decoded with real codecs (Jackson CBOR, Jackson JSON, the JDK's XML parser).
 */
class CloudWatchProtocolsTest {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final String TARGET = "GraniteServiceVersion20100801.";
  static final String CBOR_PATH = "/service/GraniteServiceVersion20100801/operation/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  private final SeriesSource source = new SeriesSource()
      .add(MetricKey.of("AWS/ECS", "RequestCount", Map.of("DiscoveryName", "payments")),
          count(T0, 5), count(T0.plusSeconds(60), 7));
  final AwsJsonService api =
      WharfApi.create(new InMemoryStateStore(), Clock.systemUTC(), ApiOptions.defaults(), source);

  AwsResponse json(String op, String body) {
    return api.handle(new AwsRequest(TARGET + op, body.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-amz-json-1.0")));
  }

  AwsResponse cbor(String op, byte[] body) {
    return api.handle(new AwsRequest("", body, Map.of("Content-Type", "application/cbor",
        "Smithy-Protocol", "rpc-v2-cbor"), CBOR_PATH + op));
  }

  AwsResponse query(String form) {
    return api.handle(new AwsRequest("", form.getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), "/"));
  }

  /** A GetMetricStatistics body as botocore writes it in CBOR: timestamps under tag 1. */
  private static byte[] cborStatistics(long period) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("Namespace", "AWS/ECS");
      g.writeStringField("MetricName", "RequestCount");
      g.writeArrayFieldStart("Dimensions");
      g.writeStartObject();
      g.writeStringField("Name", "DiscoveryName");
      g.writeStringField("Value", "payments");
      g.writeEndObject();
      g.writeEndArray();
      g.writeFieldName("StartTime");
      g.writeTag(1);
      g.writeNumber(T0.getEpochSecond());
      g.writeFieldName("EndTime");
      g.writeTag(1);
      g.writeNumber(T0.getEpochSecond() + 300.5);
      g.writeNumberField("Period", period);
      g.writeArrayFieldStart("Statistics");
      g.writeString("Sum");
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void cborAnswersCborWithTaggedTimestamps() throws IOException {
    AwsResponse r = cbor("GetMetricStatistics", cborStatistics(120));
    assertEquals(200, r.status());
    assertEquals("rpc-v2-cbor", r.header("Smithy-Protocol"));
    assertEquals("application/cbor", r.header("Content-Type"));
    JsonNode body = CBOR.readTree(r.body());
    assertEquals(12.0, body.path("Datapoints").get(0).path("Sum").asDouble(), 0);
    try (CBORParser p = new CBORFactory().createParser(new ByteArrayInputStream(r.body()))) {
      int tagged = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("Timestamp")) {
          p.nextToken();
          assertEquals(1, p.getCurrentTag(), "a timestamp is tag 1");
          assertEquals(T0.getEpochSecond(), p.getDoubleValue(), 0);
          tagged++;
        }
      }
      assertEquals(1, tagged);
    }
  }

  @Test
  void cborErrorsCarryTheShapeAndTheQueryErrorHeader() throws IOException {
    AwsResponse r = cbor("GetMetricStatistics", cborStatistics(7));
    assertEquals(400, r.status());
    JsonNode body = CBOR.readTree(r.body());
    assertEquals("com.amazonaws.cloudwatch#InvalidParameterValueException", body.path("__type").asText());
    assertEquals("The parameter Period must be 1, 5, 10, 30, or a multiple of 60.", body.path("message").asText());
    assertEquals("InvalidParameterValue;Sender", r.header("x-amzn-query-error"));
    AwsResponse unknown = cbor("PutMetricData", new byte[0]);
    assertEquals(404, unknown.status());
    assertEquals("UnknownOperationException", CBOR.readTree(unknown.body()).path("__type").asText());
    AwsResponse garbage = cbor("ListMetrics", new byte[] {(byte) 0xff, 0x01, 0x02});
    assertEquals(400, garbage.status());
    assertEquals("SerializationException", CBOR.readTree(garbage.body()).path("__type").asText());
  }

  @Test
  void jsonErrorsCarryTheShapeTheTypeHeaderAndTheQueryErrorHeader() throws IOException {
    AwsResponse r = json("GetMetricStatistics", "{\"MetricName\":\"RequestCount\",\"StartTime\":1,\"EndTime\":2,"
        + "\"Period\":60,\"Statistics\":[\"Sum\"]}");
    assertEquals(400, r.status());
    assertEquals("application/x-amz-json-1.0", r.header("Content-Type"));
    JsonNode body = JSON.readTree(r.body());
    assertEquals("com.amazonaws.cloudwatch#MissingRequiredParameterException", body.path("__type").asText());
    assertEquals("The parameter Namespace is required.", body.path("message").asText());
    assertEquals("MissingParameter;Sender", r.header("x-amzn-query-error"));
    assertEquals(400, json("ListMetrics", "{").status());
    assertEquals("SerializationException", JSON.readTree(json("ListMetrics", "[1]").body()).path("__type").asText());
    AwsResponse dims = json("ListMetrics", "{\"Dimensions\":{\"Name\":\"x\"}}");
    assertEquals("InvalidParameterValue;Sender", dims.header("x-amzn-query-error"));
  }

  @Test
  void queryAnswersXmlAndXmlErrors() throws Exception {
    AwsResponse ok = query("Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FECS"
        + "&MetricName=RequestCount&Dimensions.member.1.Name=DiscoveryName&Dimensions.member.1.Value=payments"
        + "&StartTime=2026-11-30T10%3A00%3A00.000Z&EndTime=2026-11-30T10%3A05%3A00Z&Period=60"
        + "&Statistics.member.1=Sum&Statistics.member.2=Maximum");
    assertEquals(200, ok.status());
    Document doc = xml(ok.body());
    assertEquals("GetMetricStatisticsResponse", doc.getDocumentElement().getLocalName());
    assertEquals("http://monitoring.amazonaws.com/doc/2010-08-01/", doc.getDocumentElement().getNamespaceURI());
    assertEquals("2026-11-30T10:01:00Z", text(doc, "Timestamp", 1));
    assertEquals("7.0", text(doc, "Sum", 1));
    assertEquals("RequestCount", text(doc, "Label", 0));
    AwsResponse bad = query("Action=GetMetricStatistics&Namespace=AWS%2FECS&MetricName=RequestCount"
        + "&StartTime=2026-11-30T10%3A00%3A00Z&EndTime=2026-11-30T09%3A00%3A00Z&Period=60&Statistics.member.1=Sum");
    assertEquals(400, bad.status());
    Document err = xml(bad.body());
    assertEquals("ErrorResponse", err.getDocumentElement().getLocalName());
    assertEquals("Sender", text(err, "Type", 0));
    assertEquals("InvalidParameterValue", text(err, "Code", 0));
    assertEquals("The parameter StartTime must be less than the parameter EndTime.", text(err, "Message", 0));
    assertEquals("InvalidAction", text(xml(query("Action=PutMetricData").body()), "Code", 0));
    assertEquals("MalformedQueryString", text(xml(query("Action=ListMetrics&Namespace=%zz").body()), "Code", 0));
  }

  @Test
  void ecsAndCloudMapStillRouteByTheirTargets() {
    AwsResponse r = api.handle(AwsRequest.of("AmazonEC2ContainerServiceV20141113.ListClusters", "{}"));
    assertEquals(200, r.status());
    assertNull(r.header("x-amzn-query-error"));
    AwsResponse noTarget = api.handle(new AwsRequest("", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-amz-json-1.1")));
    assertTrue(noTarget.bodyText().contains("UnknownOperationException"), noTarget.bodyText());
  }

  static Document xml(byte[] body) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
  }

  static String text(Document doc, String element, int index) {
    return doc.getElementsByTagNameNS("*", element).item(index).getTextContent();
  }
}
