package dev.wharf.api.cloudmap;

import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.testing.ApiHarness;
import dev.wharf.api.testing.ApiHarness.Result;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CloudMapOperationsTest {
  private final ApiHarness h = new ApiHarness();

  private String namespace(String name) {
    String opId = h.cloudMapOk("CreateHttpNamespace", j("{'Name': '" + name + "'}")).get("OperationId").asText();
    JsonNode op = h.cloudMapOk("GetOperation", j("{'OperationId': '" + opId + "'}")).get("Operation");
    return op.at("/Targets/NAMESPACE").asText();
  }

  private String service(String nsId, String name, String extra) {
    return h.cloudMapOk("CreateService", j("{'Name': '" + name + "', 'NamespaceId': '" + nsId + "'" + extra + "}"))
        .at("/Service/Id").asText();
  }

  @Test
  void createHttpNamespaceReturnsOperationThatProgressesToSuccess() {
    JsonNode created = h.cloudMapOk("CreateHttpNamespace", j("{'Name': 'prod', 'Description': 'd'}"));
    String opId = created.get("OperationId").asText();
    assertTrue(opId.matches("[a-z0-9]{32}-[a-z0-9]{8}"), opId);
    assertEquals("SUBMITTED",
        h.cloudMapOk("GetOperation", j("{'OperationId': '" + opId + "'}")).at("/Operation/Status").asText());
    h.clock.advance(Duration.ofMillis(150));
    assertEquals("PENDING",
        h.cloudMapOk("GetOperation", j("{'OperationId': '" + opId + "'}")).at("/Operation/Status").asText());
    h.clock.advance(Duration.ofMillis(200));
    JsonNode op = h.cloudMapOk("GetOperation", j("{'OperationId': '" + opId + "'}")).get("Operation");
    assertEquals("SUCCESS", op.get("Status").asText());
    assertEquals("CREATE_NAMESPACE", op.get("Type").asText());
    assertTrue(op.get("CreateDate").isNumber());
    String nsId = op.at("/Targets/NAMESPACE").asText();
    assertTrue(nsId.matches("ns-[a-z0-9]{16}"), nsId);
    JsonNode ns = h.cloudMapOk("GetNamespace", j("{'Id': '" + nsId + "'}")).get("Namespace");
    assertEquals("prod", ns.get("Name").asText());
    assertEquals("HTTP", ns.get("Type").asText());
    assertEquals("prod", ns.at("/Properties/HttpProperties/HttpName").asText());
    assertEquals("arn:aws:servicediscovery:us-east-1:000000000000:namespace/" + nsId, ns.get("Arn").asText());
    assertEquals(0, ns.get("ServiceCount").asInt());
    assertEquals(ns, h.cloudMapOk("GetNamespace", j("{'Id': '" + ns.get("Arn").asText() + "'}")).get("Namespace"));
  }

  @Test
  void duplicateNamespaceIsNamespaceAlreadyExistsUnlessSameCreatorRequestId() {
    String first = h.cloudMapOk("CreateHttpNamespace", j("{'Name': 'prod', 'CreatorRequestId': 'r1'}"))
        .get("OperationId").asText();
    assertEquals(first, h.cloudMapOk("CreateHttpNamespace", j("{'Name': 'prod', 'CreatorRequestId': 'r1'}"))
        .get("OperationId").asText());
    Result dup = h.cloudMap("CreateHttpNamespace", j("{'Name': 'prod', 'CreatorRequestId': 'r2'}"));
    assertEquals("NamespaceAlreadyExists", dup.errorType());
    assertTrue(dup.body().get("NamespaceId").asText().startsWith("ns-"));
    assertEquals("r1", dup.body().get("CreatorRequestId").asText());
  }

  @Test
  void listNamespacesFiltersAndPages() {
    for (String n : new String[] {"alpha", "beta", "alpine"}) {
      namespace(n);
    }
    JsonNode byPrefix = h.cloudMapOk("ListNamespaces",
        j("{'Filters': [{'Name': 'NAME', 'Values': ['al'], 'Condition': 'BEGINS_WITH'}]}"));
    assertEquals(2, byPrefix.get("Namespaces").size());
    assertEquals(3, h.cloudMapOk("ListNamespaces", j("{'Filters': [{'Name': 'TYPE', 'Values': ['HTTP']}]}"))
        .get("Namespaces").size());
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page = h.cloudMapOk("ListNamespaces", token == null ? j("{'MaxResults': 2}")
          : j("{'MaxResults': 2, 'NextToken': '" + token + "'}"));
      page.get("Namespaces").forEach(n -> seen.add(n.get("Id").asText()));
      token = page.has("NextToken") ? page.get("NextToken").asText() : null;
      pages++;
    } while (token != null);
    assertEquals(3, seen.size());
    assertEquals(2, pages);
    assertEquals("InvalidInput", h.cloudMap("ListNamespaces", j("{'MaxResults': 101}")).errorType());
    assertEquals("InvalidInput", h.cloudMap("ListNamespaces", j("{'NextToken': 'garbage!'}")).errorType());
    assertEquals("InvalidInput", h.cloudMap("ListNamespaces",
        j("{'Filters': [{'Name': 'NAME', 'Values': ['a'], 'Condition': 'BETWEEN'}]}")).errorType());
  }

  @Test
  void servicesAndInstancesRoundTrip() {
    String nsId = namespace("prod");
    String srvId = service(nsId, "payments", "");
    assertTrue(srvId.matches("srv-[a-z0-9]{16}"), srvId);
    assertEquals("ServiceAlreadyExists", h.cloudMap("CreateService",
        j("{'Name': 'payments', 'NamespaceId': '" + nsId + "'}")).errorType());
    String opId = h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-1', "
        + "'Attributes': {'AWS_INSTANCE_IPV4': '10.0.0.1', 'AWS_INSTANCE_PORT': '8080', 'color': 'blue'}}"))
        .get("OperationId").asText();
    assertEquals("DuplicateRequest", h.cloudMap("RegisterInstance", j("{'ServiceId': '" + srvId
        + "', 'InstanceId': 'i-1', 'Attributes': {}}")).errorType());
    h.clock.advance(Duration.ofSeconds(1));
    assertEquals("REGISTER_INSTANCE", h.cloudMapOk("GetOperation", j("{'OperationId': '" + opId + "'}"))
        .at("/Operation/Type").asText());
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-2', "
        + "'Attributes': {'AWS_INSTANCE_IPV4': '10.0.0.2', 'color': 'green'}}"));
    JsonNode list = h.cloudMapOk("ListInstances", j("{'ServiceId': '" + srvId + "'}"));
    assertEquals("000000000000", list.get("ResourceOwner").asText());
    assertEquals(2, list.get("Instances").size());
    assertEquals("10.0.0.1", h.cloudMapOk("GetInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-1'}"))
        .at("/Instance/Attributes/AWS_INSTANCE_IPV4").asText());
    assertEquals(2, h.cloudMapOk("GetService", j("{'Id': '" + srvId + "'}")).at("/Service/InstanceCount").asInt());
    assertEquals("ResourceInUse", h.cloudMap("DeleteService", j("{'Id': '" + srvId + "'}")).errorType());
    assertEquals("ResourceInUse", h.cloudMap("DeleteNamespace", j("{'Id': '" + nsId + "'}")).errorType());
    h.clock.advance(Duration.ofSeconds(1));
    h.cloudMapOk("DeregisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-1'}"));
    h.cloudMapOk("DeregisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-2'}"));
    assertEquals("InstanceNotFound", h.cloudMap("GetInstance",
        j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-1'}")).errorType());
    assertEquals(0, h.cloudMapOk("DeleteService", j("{'Id': '" + srvId + "'}")).size());
    h.cloudMapOk("DeleteNamespace", j("{'Id': '" + nsId + "'}"));
    assertEquals("NamespaceNotFound", h.cloudMap("GetNamespace", j("{'Id': '" + nsId + "'}")).errorType());
  }

  @Test
  void discoverInstancesFiltersByParametersAndReportsUnknownHealth() {
    String nsId = namespace("prod");
    String srvId = service(nsId, "payments", "");
    for (int i = 0; i < 3; i++) {
      h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'i-" + i + "', "
          + "'Attributes': {'color': '" + (i == 0 ? "blue" : "green") + "', 'stage': 'prod'}}"));
    }
    JsonNode all = h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments', "
        + "'HealthStatus': 'HEALTHY'}"));
    assertEquals(3, all.get("Instances").size());
    assertEquals("UNKNOWN", all.at("/Instances/0/HealthStatus").asText());
    assertEquals("prod", all.at("/Instances/0/NamespaceName").asText());
    assertTrue(all.get("InstancesRevision").isIntegralNumber());
    assertEquals(2, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments', "
        + "'QueryParameters': {'color': 'green'}}")).get("Instances").size());
    assertEquals(1, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments', "
        + "'OptionalParameters': {'color': 'blue'}}")).get("Instances").size());
    assertEquals(3, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments', "
        + "'OptionalParameters': {'color': 'red'}}")).get("Instances").size());
    assertEquals(1, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments', "
        + "'MaxResults': 1}")).get("Instances").size());
    assertEquals("NamespaceNotFound", h.cloudMap("DiscoverInstances",
        j("{'NamespaceName': 'nope', 'ServiceName': 'payments'}")).errorType());
    assertEquals("ServiceNotFound", h.cloudMap("DiscoverInstances",
        j("{'NamespaceName': 'prod', 'ServiceName': 'nope'}")).errorType());
    assertEquals(all.get("InstancesRevision"), h.cloudMapOk("DiscoverInstancesRevision",
        j("{'NamespaceName': 'prod', 'ServiceName': 'payments'}")).get("InstancesRevision"));
  }

  @Test
  void customHealthChecksDriveHealthStatusAndFilter() {
    String nsId = namespace("prod");
    String srvId = service(nsId, "web", ", 'HealthCheckCustomConfig': {'FailureThreshold': 3}");
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'a', 'Attributes': {}}"));
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'b', "
        + "'Attributes': {'AWS_INIT_HEALTH_STATUS': 'UNHEALTHY'}}"));
    assertEquals(1, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'web'}"))
        .get("Instances").size());
    h.cloudMapOk("UpdateInstanceCustomHealthStatus", j("{'ServiceId': '" + srvId + "', 'InstanceId': 'a', "
        + "'Status': 'UNHEALTHY'}"));
    JsonNode status = h.cloudMapOk("GetInstancesHealthStatus", j("{'ServiceId': '" + srvId + "'}")).get("Status");
    assertEquals("UNHEALTHY", status.get("a").asText());
    assertEquals(2, h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'web', "
        + "'HealthStatus': 'HEALTHY_OR_ELSE_ALL'}")).get("Instances").size());
    String plain = service(nsId, "plain", "");
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + plain + "', 'InstanceId': 'x', 'Attributes': {}}"));
    assertEquals("CustomHealthNotFound", h.cloudMap("UpdateInstanceCustomHealthStatus",
        j("{'ServiceId': '" + plain + "', 'InstanceId': 'x', 'Status': 'HEALTHY'}")).errorType());
  }

  @Test
  void instancesRevisionMovesOnRegisterDeregisterAndAttributesOnlyForItsOwnService() {
    String nsId = namespace("prod");
    String web = service(nsId, "web", ", 'HealthCheckCustomConfig': {'FailureThreshold': 1}");
    String other = service(nsId, "other", "");
    String discover = "{'NamespaceName': 'prod', 'ServiceName': 'web'}";
    long empty = h.cloudMapOk("DiscoverInstancesRevision", j(discover)).get("InstancesRevision").asLong();
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + web + "', 'InstanceId': 'a', 'Attributes': {'k': '1'}}"));
    long registered = h.cloudMapOk("DiscoverInstancesRevision", j(discover)).get("InstancesRevision").asLong();
    assertTrue(registered > empty);
    // Health changes, other services' instances and unrelated changes leave it alone.
    h.cloudMapOk("UpdateInstanceCustomHealthStatus", j("{'ServiceId': '" + web + "', 'InstanceId': 'a', "
        + "'Status': 'UNHEALTHY'}"));
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + other + "', 'InstanceId': 'x', 'Attributes': {}}"));
    namespace("elsewhere");
    assertEquals(registered, h.cloudMapOk("DiscoverInstances", j(discover)).get("InstancesRevision").asLong());
    // Same attributes again: no change; new attributes: a new revision; deregistration: another.
    h.clock.advance(Duration.ofSeconds(1));
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + web + "', 'InstanceId': 'a', 'Attributes': {'k': '1'}}"));
    h.clock.advance(Duration.ofSeconds(1));
    assertEquals(registered, h.cloudMapOk("DiscoverInstancesRevision", j(discover)).get("InstancesRevision").asLong());
    h.cloudMapOk("RegisterInstance", j("{'ServiceId': '" + web + "', 'InstanceId': 'a', 'Attributes': {'k': '2'}}"));
    long changed = h.cloudMapOk("DiscoverInstancesRevision", j(discover)).get("InstancesRevision").asLong();
    assertTrue(changed > registered);
    h.clock.advance(Duration.ofSeconds(1));
    h.cloudMapOk("DeregisterInstance", j("{'ServiceId': '" + web + "', 'InstanceId': 'a'}"));
    assertTrue(h.cloudMapOk("DiscoverInstancesRevision", j(discover)).get("InstancesRevision").asLong() > changed);
    // The stored revision is not a member of any AWS shape.
    assertTrue(h.cloudMapOk("GetService", j("{'Id': '" + web + "'}")).get("Service").get("InstancesRevision") == null);
  }

  @Test
  void tagsOnNamespacesAndServices() {
    String nsId = namespace("prod");
    String arn = h.cloudMapOk("GetNamespace", j("{'Id': '" + nsId + "'}")).at("/Namespace/Arn").asText();
    h.cloudMapOk("TagResource", j("{'ResourceARN': '" + arn + "', 'Tags': [{'Key': 'team', 'Value': 'pay'}]}"));
    assertEquals("team", h.cloudMapOk("ListTagsForResource", j("{'ResourceARN': '" + arn + "'}"))
        .at("/Tags/0/Key").asText());
    h.cloudMapOk("UntagResource", j("{'ResourceARN': '" + arn + "', 'TagKeys': ['team']}"));
    assertEquals(0, h.cloudMapOk("ListTagsForResource", j("{'ResourceARN': '" + arn + "'}")).get("Tags").size());
    assertEquals("ResourceNotFoundException", h.cloudMap("ListTagsForResource",
        j("{'ResourceARN': 'arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-zzzzzzzzzzzzzzzz'}"))
        .errorType());
  }

  @Test
  void listOperationsFiltersByTypeAndStatus() {
    namespace("a");
    namespace("b");
    JsonNode ops = h.cloudMapOk("ListOperations", j("{'Filters': [{'Name': 'TYPE', 'Values': ['CREATE_NAMESPACE']}, "
        + "{'Name': 'STATUS', 'Condition': 'IN', 'Values': ['SUBMITTED', 'PENDING']}]}"));
    assertEquals(2, ops.get("Operations").size());
    h.clock.advance(Duration.ofSeconds(1));
    assertEquals(0, h.cloudMapOk("ListOperations", j("{'Filters': [{'Name': 'STATUS', 'Values': ['PENDING']}]}"))
        .get("Operations").size());
  }

  @Test
  void invalidInputChangesNothing() {
    MeshState before = h.store.current();
    assertEquals("InvalidInput", h.cloudMap("CreateHttpNamespace", j("{'Name': 'arn:nope'}")).errorType());
    assertEquals("InvalidInput", h.cloudMap("CreateHttpNamespace", "{}").errorType());
    assertEquals("InvalidInput",
        h.cloudMap("CreateService", j("{'Name': 'bad name', 'NamespaceId': 'x'}")).errorType());
    assertSame(before, h.store.current());
    assertNull(h.cloudMap("CreateHttpNamespace", "{}").body().get("message"));
    assertFalse(h.cloudMap("CreateHttpNamespace", "{}").message().isEmpty());
  }
}
