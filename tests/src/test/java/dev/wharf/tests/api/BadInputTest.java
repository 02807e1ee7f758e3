package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;

/**
 * Bad input through the wire, the AWS CLI and the AWS SDK for Java v2: unknown targets, malformed
 * JSON, wrong types, missing required members, oversized bodies, invalid enums, out-of-range numbers
 * and broken patterns each get HTTP 400 with the AWS error type in both {@code __type} and
 * {@code X-Amzn-ErrorType}, the service's message member ({@code message} for ECS, {@code Message} for
 * Cloud Map), a request id, and leave the state exactly as it was (same store revision).
 *
 * <p>One seeded Wharf serves the class: every call here is rejected, so no test changes what another
 * sees, and each checks that the store revision is the one it started with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
  private static final String CM = "Route53AutoNaming_v20170314.";
  /** The networkConfiguration member the awsvpc task definition {@code api} needs, so the other rule is hit. */
  private static final String NETWORK =
      "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-1\"]}},";

  private record Case(String target, String body, String type) {}

  private Mesh mesh;
  private HttpClient http;
  private URI api;

  @BeforeAll
  void start() {
    mesh = Mesh.start();
    seed(mesh);
    http = HttpClient.newHttpClient();
    api = URI.create("http://127.0.0.1:" + mesh.controlPlane().apiPort() + "/");
  }

  @AfterAll
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void unknownAndMissingTargetsAreUnknownOperationException() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "LaunchRockets", "{}", "UnknownOperationException"),
        new Case(CM + "CreateGalaxy", "{}", "UnknownOperationException"),
        new Case("NoSuchService_20990101.CreateCluster", "{}", "UnknownOperationException"),
        new Case(null, "{}", "UnknownOperationException")));
  }

  @Test
  void malformedJsonAndWrongTypesAreSerializationException() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "CreateCluster", "{\"clusterName\":", "SerializationException"),
        new Case(CM + "CreateHttpNamespace", "{\"Name\": \"x\",}", "SerializationException"),
        new Case(ECS + "CreateCluster", "[1,2]", "SerializationException"),
        new Case(ECS + "CreateCluster", "{\"clusterName\": 42}", "SerializationException"),
        new Case(ECS + "CreateService", service("s") + "\"desiredCount\":\"2\"}",
            "SerializationException"),
        new Case(CM + "RegisterInstance", "{\"ServiceId\":\"srv-aaaaaaaaaaaaaaaa\",\"InstanceId\":\"i\","
            + "\"Attributes\":[\"not\",\"a\",\"map\"]}", "SerializationException"),
        new Case(ECS + "CreateService", service("s")
            + "\"serviceConnectConfiguration\":{\"enabled\":\"yes\"}}", "SerializationException")));
  }

  @Test
  void missingRequiredMembersAreInvalidParameterOrInvalidInput() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "CreateService", "{\"cluster\":\"shop\",\"taskDefinition\":\"api\"}",
            "InvalidParameterException"),
        new Case(ECS + "RegisterTaskDefinition", "{\"family\":\"x\"}", "InvalidParameterException"),
        new Case(ECS + "ListServicesByNamespace", "{}", "InvalidParameterException"),
        new Case(ECS + "CreateService", service("s")
            + NETWORK + "\"serviceConnectConfiguration\":{\"services\":[]}}", "InvalidParameterException"),
        new Case(CM + "CreateHttpNamespace", "{}", "InvalidInput"),
        new Case(CM + "RegisterInstance", "{\"ServiceId\":\"srv-aaaaaaaaaaaaaaaa\"}", "InvalidInput"),
        new Case(CM + "DiscoverInstances", "{\"NamespaceName\":\"prod\"}", "InvalidInput")));
  }

  @Test
  void oversizedBodiesAreClientExceptionOrInvalidInput() throws Exception {
    String big = "{\"family\":\"x\",\"containerDefinitions\":[{\"name\":\"" + "a".repeat(1_100_000) + "\"}]}";
    String bigCm = "{\"Name\":\"x\",\"Description\":\"" + "a".repeat(1_100_000) + "\"}";
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "RegisterTaskDefinition", big, "ClientException"),
        new Case(CM + "CreateHttpNamespace", bigCm, "InvalidInput")));
  }

  @Test
  void invalidEnumValuesAreInvalidParameterOrInvalidInput() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "RegisterTaskDefinition", "{\"family\":\"x\",\"networkMode\":\"warp\",\"memory\":\"512\","
            + "\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\"}]}", "InvalidParameterException"),
        new Case(ECS + "RegisterTaskDefinition", "{\"family\":\"x\",\"memory\":\"512\",\"containerDefinitions\":"
            + "[{\"name\":\"a\",\"image\":\"i\",\"portMappings\":[{\"containerPort\":80,\"appProtocol\":\"ftp\"}]}]}",
            "InvalidParameterException"),
        new Case(ECS + "DescribeClusters", "{\"clusters\":[\"shop\"],\"include\":[\"EVERYTHING\"]}",
            "InvalidParameterException"),
        new Case(CM + "DiscoverInstances",
            "{\"NamespaceName\":\"prod\",\"ServiceName\":\"api\",\"HealthStatus\":\"SOMETIMES\"}", "InvalidInput"),
        new Case(CM + "ListNamespaces", "{\"Filters\":[{\"Name\":\"COLOR\",\"Values\":[\"x\"]}]}", "InvalidInput"),
        new Case(CM + "UpdateInstanceCustomHealthStatus",
            "{\"ServiceId\":\"srv-aaaaaaaaaaaaaaaa\",\"InstanceId\":\"i\",\"Status\":\"MAYBE\"}", "InvalidInput")));
  }

  @Test
  void outOfRangeNumbersAreInvalidParameterOrInvalidInput() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "ListClusters", "{\"maxResults\":0}", "InvalidParameterException"),
        new Case(ECS + "ListServices", "{\"maxResults\":101}", "InvalidParameterException"),
        new Case(ECS + "CreateService", service("s") + NETWORK + "\"desiredCount\":-1}",
            "InvalidParameterException"),
        new Case(ECS + "CreateService", service("s2") + NETWORK
            + "\"serviceConnectConfiguration\":{\"enabled\":true,\"services\":[{\"portName\":\"api\","
            + "\"clientAliases\":[{\"port\":70000}]}]}}", "InvalidParameterException"),
        new Case(CM + "ListNamespaces", "{\"MaxResults\":101}", "InvalidInput"),
        new Case(CM + "DiscoverInstances",
            "{\"NamespaceName\":\"prod\",\"ServiceName\":\"api\",\"MaxResults\":1001}", "InvalidInput")));
  }

  @Test
  void namesThatBreakThePatternsAreInvalidParameterOrInvalidInput() throws Exception {
    assertRejectedOnTheWire(List.of(
        new Case(ECS + "CreateCluster", "{\"clusterName\":\"has spaces!\"}", "InvalidParameterException"),
        new Case(ECS + "CreateService", service("s3") + NETWORK
            + "\"serviceConnectConfiguration\":{\"enabled\":true,\"services\":[{\"portName\":\"api\","
            + "\"discoveryName\":\"-Bad_Name\"}]}}", "InvalidParameterException"),
        new Case(ECS + "RegisterTaskDefinition", "{\"family\":\"bad family\",\"memory\":\"512\","
            + "\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\"}]}", "InvalidParameterException"),
        new Case(CM + "CreateHttpNamespace", "{\"Name\":\"arn:aws:nope\"}", "InvalidInput"),
        new Case(CM + "CreateService", "{\"Name\":\"bad name!\",\"NamespaceId\":\"ns-aaaaaaaaaaaaaaaa\"}",
            "InvalidInput"),
        new Case(CM + "RegisterInstance", "{\"ServiceId\":\"srv-aaaaaaaaaaaaaaaa\",\"InstanceId\":\"bad id!\","
            + "\"Attributes\":{}}", "InvalidInput")));
  }

  @Test
  void badInputThroughTheCliIsRejectedByBotocoreOrTheServerAndChangesNothing() {
    long revision = mesh.controlPlane().store().current().revision();
    AwsCli aws = new AwsCli(mesh.controlPlane().apiPort());
    // botocore checks types and required members itself; enums, maximums and patterns are the server's.
    Cli.fails(aws, "InvalidParameterException", "ecs", "register-task-definition", "--family", "x",
        "--network-mode", "warp", "--memory", "512", "--container-definitions", "[{\"name\":\"a\",\"image\":\"i\"}]");
    Cli.fails(aws, "InvalidParameterException", "ecs", "create-cluster", "--cluster-name", "has spaces!");
    Cli.fails(aws, "InvalidParameterException", "ecs", "list-services", "--cluster", "shop", "--max-results", "101");
    Cli.fails(aws, "InvalidInput", "servicediscovery", "list-namespaces", "--max-results", "101");
    Cli.fails(aws, "InvalidInput", "servicediscovery", "discover-instances", "--namespace-name", "prod",
        "--service-name", "api", "--health-status", "SOMETIMES");
    Cli.fails(aws, "InvalidInput", "servicediscovery", "create-http-namespace", "--name", "arn:aws:nope");
    AwsCli.Result missing = aws.run("ecs", "create-service", "--cluster", "shop");
    assertTrue(missing.exit() != 0 && missing.stderr().contains("--service-name"), missing.stderr());
    assertEquals(revision, mesh.controlPlane().store().current().revision(), "a rejected call changed the state");
  }

  @Test
  void badInputThroughTheSdkComesBackAsTypedExceptionsAndChangesNothing() {
    long revision = mesh.controlPlane().store().current().revision();
    // The SDK for Java v2 validates nothing itself: everything reaches the server and comes back typed.
    try (EcsClient ecs = Sdk.ecs(mesh.controlPlane().apiPort());
        ServiceDiscoveryClient sd = Sdk.cloudMap(mesh.controlPlane().apiPort())) {
      assertError(assertThrows(InvalidParameterException.class, () -> ecs.createService(r -> r.cluster("shop")
          .taskDefinition("api"))), "InvalidParameterException");
      assertError(assertThrows(InvalidParameterException.class, () -> ecs.registerTaskDefinition(r -> r.family("x")
          .networkMode("warp").memory("512").containerDefinitions(c -> c.name("a").image("i")))),
          "InvalidParameterException");
      assertError(assertThrows(InvalidParameterException.class, () -> ecs.listClusters(r -> r.maxResults(0))),
          "InvalidParameterException");
      assertError(assertThrows(InvalidParameterException.class, () -> ecs.createService(r -> r.cluster("shop")
          .serviceName("s").taskDefinition("api").networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("s1")))
          .serviceConnectConfiguration(c -> c.enabled(true)
              .services(s -> s.portName("api").discoveryName("-Bad_Name"))))), "InvalidParameterException");
      assertError(assertThrows(ClientException.class, () -> ecs.registerTaskDefinition(r -> r.family("x").memory("512")
          .containerDefinitions(c -> c.name("a").image("a".repeat(1_100_000))))), "ClientException");
      assertError(assertThrows(InvalidInputException.class, () -> sd.createHttpNamespace(r -> r.name("x")
          .description("d".repeat(1_100_000)))), "InvalidInput");
      assertError(assertThrows(InvalidInputException.class, () -> sd.createHttpNamespace(r -> r.name("arn:aws:x"))),
          "InvalidInput");
      assertError(assertThrows(InvalidInputException.class, () -> sd.discoverInstances(r -> r.namespaceName("prod")
          .serviceName("api").healthStatus("SOMETIMES"))), "InvalidInput");
      assertError(assertThrows(InvalidInputException.class, () -> sd.registerInstance(r -> r
          .serviceId("srv-aaaaaaaaaaaaaaaa").instanceId("bad id!").attributes(Map.of()))), "InvalidInput");
      assertError(assertThrows(InvalidInputException.class, () -> sd.listNamespaces(r -> r.maxResults(0))),
          "InvalidInput");
    }
    assertEquals(revision, mesh.controlPlane().store().current().revision(), "a rejected call changed the state");
  }

  /**
   * Sends each case as raw JSON over HTTP: HTTP 400, the error type in {@code X-Amzn-ErrorType} and
   * {@code __type}, a request id, the service's message member and no other, no stack trace; and the
   * store revision unchanged after all of them.
   */
  private void assertRejectedOnTheWire(List<Case> cases) throws Exception {
    long revision = mesh.controlPlane().store().current().revision();
    for (Case c : cases) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(api)
          .header("Content-Type", "application/x-amz-json-1.1")
          .POST(HttpRequest.BodyPublishers.ofString(c.body()));
      if (c.target() != null) {
        rb.header("X-Amz-Target", c.target());
      }
      HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String what = c.target() + " " + abbreviate(c.body()) + " -> " + r.statusCode() + " " + r.headers().map()
          + " " + r.body();
      assertEquals(400, r.statusCode(), what);
      assertEquals(c.type(), r.headers().firstValue("X-Amzn-ErrorType").orElse(null), what);
      assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent(), what);
      assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").orElse(null), what);
      JsonNode body = Mesh.JSON.readTree(r.body());
      assertEquals(c.type(), body.path("__type").asText(), what);
      boolean cloudMap = c.target() != null && c.target().startsWith(CM);
      String member = cloudMap ? "Message" : "message";
      String other = cloudMap ? "message" : "Message";
      assertTrue(body.path(member).isTextual() && !body.path(member).asText().isBlank(), what);
      assertFalse(body.has(other), what);
      String b = r.body();
      assertFalse(b.contains("Exception:") || b.contains("\tat ") || b.contains("dev.wharf"), what);
    }
    assertEquals(revision, mesh.controlPlane().store().current().revision(), "a rejected call changed the state");
  }

  /** The start of a CreateService body for the seeded cluster and task definition. */
  private static String service(String name) {
    return "{\"cluster\":\"shop\",\"serviceName\":\"" + name + "\",\"taskDefinition\":\"api\",";
  }

  private static void seed(Mesh mesh) {
    mesh.namespace("prod");
    mesh.cluster("shop");
    mesh.taskDefinition("api", "api", 8080, "http");
    mesh.service("shop", "api", "api", 1, Map.of("enabled", true, "namespace", "prod",
        "services", List.of(Map.of("portName", "api", "discoveryName", "api",
            "clientAliases", List.of(Map.of("port", 8080))))));
  }

  private static void assertError(AwsServiceException e, String code) {
    assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
    assertEquals(400, e.statusCode(), e.toString());
    assertNotNull(e.awsErrorDetails().errorMessage(), e.toString());
    assertNotNull(e.requestId());
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
  }
}
