package dev.wharf.tests.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared set-up of {@link CloudMapCliTest}: one Wharf, the real AWS CLI, and the scenario's
 * resources (HTTP namespaces {@code cm-cli}, tagged, and {@code cm-other}; services {@code api} and
 * {@code web} in {@code cm-cli}; instances {@code i-1} (healthy) and {@code i-2} (initially unhealthy)
 * of {@code api}). Each is made through the CLI on first use and remembered with the reply, so a test
 * asks for what it needs and can also run alone.
 */
final class CloudMapCliFixture implements AutoCloseable {
  final Mesh mesh;
  final AwsCli aws;
  private String namespaceOperationId;
  private JsonNode namespaceOperation;
  private String nsId;
  private Long registeredRevision;
  private boolean other;
  private JsonNode api;
  private boolean web;
  private List<String> registrations;

  CloudMapCliFixture() {
    mesh = Mesh.start();
    aws = new AwsCli(mesh.controlPlane().apiPort());
  }

  /** GetOperation of {@code cm-cli}'s creation, right after it: the operation as first read, whatever its status. */
  JsonNode namespaceOperation() {
    if (namespaceOperation == null) {
      namespaceOperation = aws.ok("servicediscovery", "get-operation", "--operation-id", namespaceOperationId())
          .path("Operation");
    }
    return namespaceOperation;
  }

  /** The {@code OperationId} CreateHttpNamespace {@code cm-cli} answered. */
  String namespaceOperationId() {
    if (namespaceOperationId == null) {
      namespaceOperationId = aws.ok("servicediscovery", "create-http-namespace", "--name", "cm-cli",
          "--description", "cli ns", "--tags", "Key=team,Value=core").path("OperationId").asText();
    }
    return namespaceOperationId;
  }

  /** The id of {@code cm-cli}, once its operation succeeded. */
  String nsId() {
    if (nsId == null) {
      Cli.awaitOperation(aws, namespaceOperationId());
      nsId = namespaceOperation().at("/Targets/NAMESPACE").asText();
    }
    return nsId;
  }

  /** CreateHttpNamespace {@code cm-other}, awaited. */
  void otherNamespace() {
    if (!other) {
      Cli.awaitOperation(aws, aws.ok("servicediscovery", "create-http-namespace", "--name", "cm-other")
          .path("OperationId").asText());
      other = true;
    }
  }

  /** CreateService {@code api} in {@code cm-cli} (described, custom health check): the reply's service. */
  JsonNode api() {
    if (api == null) {
      api = aws.ok("servicediscovery", "create-service", "--name", "api", "--namespace-id", nsId(),
          "--description", "api srv", "--health-check-custom-config", "FailureThreshold=1").path("Service");
    }
    return api;
  }

  String srvId() {
    return api().path("Id").asText();
  }

  /** CreateService {@code web} in {@code cm-cli}. */
  void web() {
    if (!web) {
      aws.ok("servicediscovery", "create-service", "--name", "web", "--namespace-id", nsId());
      web = true;
    }
  }

  /**
   * RegisterInstance {@code i-1} (blue, zone a) and {@code i-2} (green, initially UNHEALTHY, creator
   * request id {@code req-2}) of {@code api}, both awaited: their two operation ids.
   */
  List<String> registrations() {
    if (registrations == null) {
      String reg1 = aws.ok("servicediscovery", "register-instance", "--service-id", srvId(), "--instance-id", "i-1",
          "--attributes", "AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=8080,stage=blue,zone=a")
          .path("OperationId").asText();
      String reg2 = aws.ok("servicediscovery", "register-instance", "--service-id", srvId(), "--instance-id", "i-2",
          "--creator-request-id", "req-2", "--attributes",
          "AWS_INSTANCE_IPV4=10.0.0.2,AWS_INSTANCE_PORT=8080,stage=green,AWS_INIT_HEALTH_STATUS=UNHEALTHY")
          .path("OperationId").asText();
      Cli.awaitOperation(aws, reg1);
      Cli.awaitOperation(aws, reg2);
      registrations = List.of(reg1, reg2);
    }
    return registrations;
  }

  /** {@code cm-cli/api}'s instances revision right after {@link #registrations()} (health changes keep it). */
  long registeredRevision() {
    if (registeredRevision == null) {
      registrations();
      registeredRevision = currentRevision();
    }
    return registeredRevision;
  }

  /** DiscoverInstancesRevision of {@code cm-cli/api} now. */
  long currentRevision() {
    return aws.ok("servicediscovery", "discover-instances-revision", "--namespace-name", "cm-cli",
        "--service-name", "api").path("InstancesRevision").asLong();
  }

  static List<String> names(JsonNode listOrReply) {
    JsonNode list = listOrReply.has("Namespaces") ? listOrReply.path("Namespaces") : listOrReply;
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.path("Name").asText()));
    return names;
  }

  static Set<String> ids(JsonNode list) {
    Set<String> ids = new HashSet<>();
    list.forEach(n -> ids.add(n.path("Id").asText()));
    return ids;
  }

  static Set<String> instanceIds(JsonNode discovered) {
    Set<String> ids = new HashSet<>();
    discovered.path("Instances").forEach(n -> ids.add(n.path("InstanceId").asText()));
    return ids;
  }

  static Map<String, String> tags(JsonNode reply) {
    Map<String, String> tags = new HashMap<>();
    reply.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    return tags;
  }

  @Override
  public void close() {
    mesh.close();
  }
}
