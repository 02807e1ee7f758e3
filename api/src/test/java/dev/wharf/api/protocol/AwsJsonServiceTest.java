package dev.wharf.api.protocol;

import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.WharfApi;
import dev.wharf.api.state.InMemoryStateStore;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.testing.ApiHarness;
import dev.wharf.api.testing.ApiHarness.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsJsonServiceTest {
  private final ApiHarness h = new ApiHarness();

  @Test
  void everyResponseHasRequestIdAndContentType() {
    Result ok = h.cloudMap("ListNamespaces", "");
    Result bad = h.call("Nope.Nothing", "{}", Map.of());
    for (Result r : new Result[] {ok, bad}) {
      assertTrue(r.raw().header("x-amzn-RequestId").matches("[0-9a-f-]{36}"));
      assertEquals("application/x-amz-json-1.1", r.raw().header("Content-Type"));
    }
    assertEquals(200, ok.status());
    assertTrue(ok.body().path("Namespaces").isArray());
  }

  @Test
  void unknownTargetIsUnknownOperationException() {
    Result r = h.call("AmazonEC2ContainerServiceV20141113.LaunchRockets", "{}", Map.of());
    assertEquals(400, r.status());
    assertEquals("UnknownOperationException", r.errorType());
    assertEquals("UnknownOperationException", r.raw().header("X-Amzn-ErrorType"));
    assertEquals("UnknownOperationException", h.call(null, "{}", Map.of()).errorType());
  }

  @Test
  void malformedJsonAndWrongTypesAreSerializationExceptions() {
    assertEquals("SerializationException", h.ecs("CreateCluster", "{").errorType());
    assertEquals("SerializationException", h.ecs("CreateCluster", "[]").errorType());
    assertEquals("SerializationException", h.ecs("CreateCluster", j("{'clusterName': 5}")).errorType());
    Result r = h.cloudMap("ListNamespaces", j("{'MaxResults': '5'}"));
    assertEquals(400, r.status());
    assertEquals("SerializationException", r.errorType());
    assertNotNull(r.body().get("Message"), "Cloud Map errors use Message");
    assertFalse(r.raw().bodyText().contains("at dev.wharf"));
    assertFalse(r.raw().bodyText().contains("com.fasterxml"));
  }

  @Test
  void ecsErrorsUseLowerCaseMessageAndCloudMapUpperCase() {
    Result ecs = h.ecs("DescribeServices", j("{'cluster': 'nope', 'services': ['a']}"));
    assertEquals("ClusterNotFoundException", ecs.errorType());
    assertNotNull(ecs.body().get("message"));
    Result cm = h.cloudMap("GetNamespace", j("{'Id': 'ns-aaaaaaaaaaaaaaaa'}"));
    assertEquals("NamespaceNotFound", cm.errorType());
    assertNotNull(cm.body().get("Message"));
  }

  @Test
  void oversizedBodyIsRejectedBeforeParsing() {
    ApiHarness small = new ApiHarness(new InMemoryStateStore(), ApiOptions.defaults().withMaxBodyBytes(100));
    Result r = small.ecs("CreateCluster", "{\"clusterName\":\"" + "a".repeat(200) + "\"}");
    assertEquals(400, r.status());
    assertEquals("ClientException", r.errorType());
    assertEquals("InvalidInput", small.cloudMap("ListNamespaces", " ".repeat(200)).errorType());
  }

  @Test
  void accountAndRegionComeFromTheSigV4Credential() {
    String auth = "AWS4-HMAC-SHA256 Credential=123456789012/20240518/eu-west-1/ecs/aws4_request, "
        + "SignedHeaders=host;x-amz-date, Signature=abc";
    Result r = h.call(ApiHarness.ECS + "CreateCluster", j("{'clusterName': 'c'}"), Map.of("Authorization", auth));
    assertEquals("arn:aws:ecs:eu-west-1:123456789012:cluster/c", r.body().at("/cluster/clusterArn").asText());
    Result d = h.ecs("CreateCluster", "{}");
    assertEquals("arn:aws:ecs:us-east-1:000000000000:cluster/default", d.body().at("/cluster/clusterArn").asText());
    Caller fake = Caller.from("AWS4-HMAC-SHA256 Credential=FOOBARKEY/20240518/ap-south-1/ecs/aws4_request",
        ApiOptions.defaults());
    assertEquals(new Caller("000000000000", "ap-south-1"), fake);
  }

  @Test
  void resetWipesStateOnlyWhenEnabled() {
    h.cloudMapOk("CreateHttpNamespace", j("{'Name': 'prod'}"));
    long before = h.store.current().revision();
    h.api.resetAll();
    assertTrue(h.store.current().namespaces().isEmpty());
    assertEquals(before + 1, h.store.current().revision());
    AwsJsonService off = WharfApi.create(new InMemoryStateStore(), h.clock, ApiOptions.defaults());
    assertThrows(IllegalStateException.class, off::resetAll);
  }

  @Test
  void readsDoNotChangeState() {
    MeshState before = h.store.current();
    h.cloudMap("ListServices", "{}");
    h.ecs("ListClusters", "{}");
    assertSame(before, h.store.current());
  }
}
