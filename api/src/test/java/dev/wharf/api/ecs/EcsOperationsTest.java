package dev.wharf.api.ecs;

import static dev.wharf.api.testing.ApiHarness.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.testing.ApiHarness;
import dev.wharf.api.testing.ApiHarness.Result;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EcsOperationsTest {
  static final String TD = j("{'family': '%s', 'networkMode': 'awsvpc', 'memory': '512', 'cpu': '256', "
      + "'requiresCompatibilities': ['FARGATE'], 'containerDefinitions': [{'name': 'app', 'image': 'demo', "
      + "'essential': true, 'portMappings': [{'name': 'http', 'containerPort': 8080, 'protocol': 'tcp', "
      + "'appProtocol': 'http'}, {'name': 'raw', 'containerPort': 9000}]}]}");

  private final ApiHarness h = new ApiHarness();
  private String nsArn;

  @BeforeEach
  void cluster() {
    JsonNode c =
        h.ecsOk("CreateCluster", j("{'clusterName': 'prod', 'serviceConnectDefaults': {'namespace': 'prod'}}"));
    nsArn = c.at("/cluster/serviceConnectDefaults/namespace").asText();
    for (String family : new String[] {"payments", "ledger", "checkout"}) {
      h.ecsOk("RegisterTaskDefinition", String.format(TD, family));
    }
  }

  private JsonNode createService(String name, String scc) {
    return h.ecsOk("CreateService", j("{'cluster': 'prod', 'serviceName': '" + name + "', 'taskDefinition': '"
        + name + "', 'desiredCount': 2, 'serviceConnectConfiguration': " + scc + "}")).get("service");
  }

  @Test
  void clusterDefaultNamespaceIsCreatedAndReturnedAsArn() {
    assertTrue(nsArn.matches("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-[a-z0-9]{16}"), nsArn);
    JsonNode ns = h.cloudMapOk("ListNamespaces", "{}").get("Namespaces");
    assertEquals(1, ns.size());
    assertEquals("prod", ns.at("/0/Properties/HttpProperties/HttpName").asText());
    JsonNode again =
        h.ecsOk("CreateCluster", j("{'clusterName': 'other', 'serviceConnectDefaults': {'namespace': 'prod'}}"));
    assertEquals(nsArn, again.at("/cluster/serviceConnectDefaults/namespace").asText());
    JsonNode described = h.ecsOk("DescribeClusters", j("{'clusters': ['prod', 'nope'], 'include': ['ATTACHMENTS']}"));
    assertEquals("sc", described.at("/clusters/0/attachments/0/type").asText());
    assertEquals("MISSING", described.at("/failures/0/reason").asText());
    assertEquals("arn:aws:ecs:us-east-1:000000000000:cluster/nope", described.at("/failures/0/arn").asText());
  }

  @Test
  void taskDefinitionEchoesServiceConnectFields() {
    JsonNode td = h.ecsOk("DescribeTaskDefinition", j("{'taskDefinition': 'payments'}")).get("taskDefinition");
    assertEquals("arn:aws:ecs:us-east-1:000000000000:task-definition/payments:1", td.get("taskDefinitionArn").asText());
    assertEquals("awsvpc", td.get("networkMode").asText());
    assertEquals("512", td.get("memory").asText());
    assertEquals("http", td.at("/containerDefinitions/0/portMappings/0/name").asText());
    assertEquals("http", td.at("/containerDefinitions/0/portMappings/0/appProtocol").asText());
    assertEquals(2,
        h.ecsOk("RegisterTaskDefinition", String.format(TD, "payments")).at("/taskDefinition/revision").asInt());
    assertEquals(4, h.ecsOk("ListTaskDefinitions", "{}").get("taskDefinitionArns").size());
    h.ecsOk("DeregisterTaskDefinition", j("{'taskDefinition': 'payments:2'}"));
    assertEquals(1,
        h.ecsOk("DescribeTaskDefinition", j("{'taskDefinition': 'payments'}")).at("/taskDefinition/revision").asInt());
    assertEquals("ClientException", h.ecs("DescribeTaskDefinition", j("{'taskDefinition': 'nope'}")).errorType());
  }

  @Test
  void createServiceKeepsConfigurationOnThePrimaryDeploymentAndMakesCloudMapServices() {
    JsonNode svc = createService("payments", "{'enabled': true, 'services': [{'portName': 'http', "
        + "'clientAliases': [{'port': 8080, 'dnsName': 'payments'}]}]}");
    assertEquals("arn:aws:ecs:us-east-1:000000000000:service/prod/payments", svc.get("serviceArn").asText());
    JsonNode d = svc.at("/deployments/0");
    assertEquals("PRIMARY", d.get("status").asText());
    assertTrue(d.get("id").asText().matches("ecs-svc/\\d{19}"), d.get("id").asText());
    assertEquals(nsArn, d.at("/serviceConnectConfiguration/namespace").asText());
    assertEquals("payments", d.at("/serviceConnectConfiguration/services/0/clientAliases/0/dnsName").asText());
    assertFalse(d.at("/serviceConnectConfiguration/services/0").has("discoveryName"), "kept as sent");
    assertEquals("http", d.at("/serviceConnectResources/0/discoveryName").asText());
    String discoveryArn = d.at("/serviceConnectResources/0/discoveryArn").asText();
    assertTrue(discoveryArn.matches("arn:aws:servicediscovery:us-east-1:000000000000:service/srv-[a-z0-9]{16}"));
    JsonNode cm = h.cloudMapOk("ListServices", "{}").get("Services");
    assertEquals("http", cm.at("/0/Name").asText());
    assertFalse(svc.has("serviceConnectConfiguration"), "spec 3.2: only on deployments");
    JsonNode described = h.ecsOk("DescribeServices", j("{'cluster': 'prod', 'services': ['payments', 'ghost']}"));
    assertEquals(d.get("serviceConnectConfiguration"),
        described.at("/services/0/deployments/0/serviceConnectConfiguration"));
    assertEquals("MISSING", described.at("/failures/0/reason").asText());
    assertEquals("arn:aws:ecs:us-east-1:000000000000:service/prod/ghost", described.at("/failures/0/arn").asText());
  }

  @Test
  void aliasesGetStableLowestFreeVipIndexesIncludingTheImplicitOne() {
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'payments', "
        + "'clientAliases': [{'port': 8080, 'dnsName': 'payments'}]}]}");
    createService("ledger", "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'ledger'}]}");
    MeshState s = h.store.current();
    String nsId = nsArn.substring(nsArn.lastIndexOf('/') + 1);
    assertEquals(0, s.aliasVips().get(MeshState.aliasKey(nsId, "payments", 8080)));
    assertEquals(1, s.aliasVips().get(MeshState.aliasKey(nsId, "ledger.prod", 8080)), "spec 8 implicit alias");
    h.ecsOk("DeleteService", j("{'cluster': 'prod', 'service': 'payments', 'force': true}"));
    assertEquals(Map.of(MeshState.aliasKey(nsId, "ledger.prod", 8080), 1), h.store.current().aliasVips());
    createService("checkout", "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'checkout', "
        + "'clientAliases': [{'port': 80}]}]}");
    assertEquals(0, h.store.current().aliasVips().get(MeshState.aliasKey(nsId, "checkout.prod", 80)));
  }

  @Test
  void serviceConnectValidationUsesAwsMessages() {
    Result r = h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 'payments', 'taskDefinition': 'payments', "
        + "'serviceConnectConfiguration': {'enabled': true, 'services': [{'portName': 'nope'}]}}"));
    assertEquals("InvalidParameterException", r.errorType());
    assertEquals("portName(nope) does not refer to any named PortMapping in the container definitions", r.message());
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http'}]}");
    Result clash = h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 'ledger', 'taskDefinition': 'ledger', "
        + "'serviceConnectConfiguration': {'enabled': true, 'services': [{'portName': 'http', "
        + "'clientAliases': [{'port': 1234}]}]}}"));
    assertEquals("SC service is already used by " + nsArn, clash.message());
    Result alias = h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 'ledger', 'taskDefinition': 'ledger', "
        + "'serviceConnectConfiguration': {'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'l', "
        + "'clientAliases': [{'port': 8080, 'dnsName': 'http.prod'}]}]}}"));
    assertEquals("InvalidParameterException", alias.errorType());
    assertTrue(alias.message().contains("http.prod:8080"), alias.message());
    String[] bad = {
        "{'enabled': true, 'services': [{'portName': 'raw', 'discoveryName': 'r', "
            + "'timeout': {'perRequestTimeoutSeconds': 5}}]}",
        "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'x', 'clientAliases': [{'port': 0}]}]}",
        "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'x', "
            + "'clientAliases': [{'port': 1}, {'port': 2}]}]}",
        "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'Bad_Name'}]}",
        "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'x', 'ingressPortOverride': 70000}]}",
        "{'enabled': true, 'accessLogConfiguration': {'format': 'TEXT'}}",
        "{'services': []}",
    };
    MeshState before = h.store.current();
    for (String scc : bad) {
      Result e = h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 'ledger', 'taskDefinition': 'ledger', "
          + "'serviceConnectConfiguration': " + scc + "}"));
      assertEquals("InvalidParameterException", e.errorType(), scc + " -> " + e.body());
    }
    assertSame(before, h.store.current());
    assertEquals("NamespaceNotFoundException", h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 'ledger', "
        + "'taskDefinition': 'ledger', 'serviceConnectConfiguration': {'enabled': true, 'namespace': 'nope'}}"))
        .errorType());
  }

  @Test
  void taskDefinitionRulesForServiceConnect() {
    h.ecsOk("RegisterTaskDefinition", j("{'family': 'host', 'networkMode': 'host', 'memory': '512', "
        + "'containerDefinitions': [{'name': 'a', 'image': 'i', "
        + "'portMappings': [{'name': 'http', 'containerPort': 80}]}]}"));
    h.ecsOk("RegisterTaskDefinition", j("{'family': 'nomem', 'networkMode': 'awsvpc', "
        + "'containerDefinitions': [{'name': 'a', 'image': 'i', "
        + "'portMappings': [{'name': 'http', 'containerPort': 80}]}]}"));
    for (String family : new String[] {"host", "nomem"}) {
      Result r = h.ecs("CreateService", j("{'cluster': 'prod', 'serviceName': 's', 'taskDefinition': '" + family
          + "', 'serviceConnectConfiguration': {'enabled': true, 'services': [{'portName': 'http'}]}}"));
      assertEquals("InvalidParameterException", r.errorType(), family);
    }
    assertEquals("InvalidParameterException", h.ecs("RegisterTaskDefinition", j("{'family': 'x', "
        + "'containerDefinitions': [{'name': 'a', 'image': 'i', 'portMappings': [{'containerPort': 80, "
        + "'appProtocol': 'https'}]}]}")).errorType());
  }

  @Test
  void tasksCountAsRunningAndAppearInCloudMapAndListTasks() {
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http', 'discoveryName': 'payments', "
        + "'clientAliases': [{'port': 8080}]}]}");
    for (int i = 1; i <= 2; i++) {
      String taskArn = "arn:aws:ecs:us-east-1:000000000000:task/prod/task" + i;
      h.store.apply(TaskLifecycle.register(new TaskRegistration(taskArn, "prod", "payments", "loopback",
          "127.1.0." + i, "127.2.0." + i, "0." + i, "us-east-1a"), h.clock));
    }
    JsonNode svc = h.ecsOk("DescribeServices", j("{'cluster': 'prod', 'services': ['payments']}")).at("/services/0");
    assertEquals(2, svc.get("runningCount").asInt());
    assertEquals(2, svc.at("/deployments/0/runningCount").asInt());
    assertEquals("COMPLETED", svc.at("/deployments/0/rolloutState").asText());
    JsonNode found = h.cloudMapOk("DiscoverInstances", j("{'NamespaceName': 'prod', 'ServiceName': 'payments'}"));
    assertEquals(2, found.get("Instances").size());
    JsonNode attrs = h.cloudMapOk("GetInstance", j("{'ServiceId': '" + h.store.current().discoveryServices().firstKey()
        + "', 'InstanceId': 'task1'}")).at("/Instance/Attributes");
    assertEquals("127.1.0.1", attrs.get("AWS_INSTANCE_IPV4").asText());
    assertEquals("8080", attrs.get("AWS_INSTANCE_PORT").asText());
    assertEquals("prod", attrs.get("ECS_CLUSTER_NAME").asText());
    assertEquals("payments", attrs.get("ECS_SERVICE_NAME").asText());
    assertEquals(2, h.ecsOk("ListTasks", j("{'cluster': 'prod', 'serviceName': 'payments'}")).get("taskArns").size());
    JsonNode tasks = h.ecsOk("DescribeTasks", j("{'cluster': 'prod', 'tasks': ['task1', 'gone']}"));
    assertEquals("RUNNING", tasks.at("/tasks/0/lastStatus").asText());
    assertEquals("service:payments", tasks.at("/tasks/0/group").asText());
    assertEquals("MISSING", tasks.at("/failures/0/reason").asText());
    assertEquals("ResourceInUse", h.cloudMap("DeleteNamespace",
        j("{'Id': '" + nsArn.substring(nsArn.lastIndexOf('/') + 1) + "'}")).errorType());
    assertEquals("ClusterContainsServicesException", h.ecs("DeleteCluster", j("{'cluster': 'prod'}")).errorType());
  }

  @Test
  void updateServiceMakesANewDeploymentOnlyForServiceConnectOrTaskDefinitionChanges() {
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http'}]}");
    String taskArn = "arn:aws:ecs:us-east-1:000000000000:task/prod/t1";
    h.store.apply(TaskLifecycle.register(new TaskRegistration(taskArn, "prod", "payments", "loopback",
        "127.1.0.1", "127.2.0.1", "0.1", null), h.clock));
    JsonNode scaled = h.ecsOk("UpdateService", j("{'cluster': 'prod', 'service': 'payments', 'desiredCount': 5}"))
        .get("service");
    assertEquals(1, scaled.get("deployments").size());
    assertEquals(5, scaled.get("desiredCount").asInt());
    JsonNode redeployed = h.ecsOk("UpdateService", j("{'cluster': 'prod', 'service': 'payments', "
        + "'serviceConnectConfiguration': {'enabled': true, 'services': [{'portName': 'http', "
        + "'clientAliases': [{'port': 80, 'dnsName': 'pay'}]}]}}")).get("service");
    assertEquals(2, redeployed.get("deployments").size());
    assertEquals("PRIMARY", redeployed.at("/deployments/0/status").asText());
    assertEquals("ACTIVE", redeployed.at("/deployments/1/status").asText());
    assertEquals(1, redeployed.at("/deployments/1/runningCount").asInt());
    h.store.apply(TaskLifecycle.withdraw(taskArn));
    JsonNode after = h.ecsOk("DescribeServices", j("{'cluster': 'prod', 'services': ['payments']}")).at("/services/0");
    assertEquals(1, after.get("deployments").size(), "the old deployment ends with its last task");
  }

  @Test
  void deleteServiceDrainsThenGoesInactiveAndFreesTheDiscoveryName() {
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http'}]}");
    assertEquals("InvalidParameterException",
        h.ecs("DeleteService", j("{'cluster': 'prod', 'service': 'payments'}")).errorType());
    h.ecsOk("UpdateService", j("{'cluster': 'prod', 'service': 'payments', 'desiredCount': 0}"));
    assertEquals("INACTIVE",
        h.ecsOk("DeleteService", j("{'cluster': 'prod', 'service': 'payments'}")).at("/service/status").asText());
    assertEquals(0, h.cloudMapOk("ListServices", "{}").get("Services").size());
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http'}]}");
    assertEquals(1, h.ecsOk("ListServices", j("{'cluster': 'prod'}")).get("serviceArns").size());
  }

  @Test
  void listServicesByNamespaceAndTags() {
    createService("payments", "{'enabled': true, 'services': [{'portName': 'http'}]}");
    createService("checkout", "{'enabled': true}");
    assertEquals(2, h.ecsOk("ListServicesByNamespace", j("{'namespace': 'prod'}")).get("serviceArns").size());
    assertEquals(2, h.ecsOk("ListServicesByNamespace", j("{'namespace': '" + nsArn + "'}")).get("serviceArns").size());
    assertEquals("NamespaceNotFoundException", h.ecs("ListServicesByNamespace", j("{'namespace': 'x'}")).errorType());
    String arn = "arn:aws:ecs:us-east-1:000000000000:service/prod/payments";
    h.ecsOk("TagResource", j("{'resourceArn': '" + arn + "', 'tags': [{'key': 'team', 'value': 'pay'}]}"));
    assertEquals("pay",
        h.ecsOk("ListTagsForResource", j("{'resourceArn': '" + arn + "'}")).at("/tags/0/value").asText());
    assertEquals("team", h.ecsOk("DescribeServices", j("{'cluster': 'prod', 'services': ['payments'], "
        + "'include': ['TAGS']}")).at("/services/0/tags/0/key").asText());
    h.ecsOk("UntagResource", j("{'resourceArn': '" + arn + "', 'tagKeys': ['team']}"));
    assertEquals(0, h.ecsOk("ListTagsForResource", j("{'resourceArn': '" + arn + "'}")).get("tags").size());
    assertEquals("ClusterNotFoundException", h.ecs("ListTagsForResource",
        j("{'resourceArn': 'arn:aws:ecs:us-east-1:000000000000:cluster/nope'}")).errorType());
  }

  @Test
  void listServicesPagesByTenByDefault() {
    for (int i = 0; i < 12; i++) {
      h.ecsOk("CreateService", j("{'cluster': 'prod', 'serviceName': 's" + i + "', 'taskDefinition': 'payments'}"));
    }
    JsonNode first = h.ecsOk("ListServices", j("{'cluster': 'prod'}"));
    assertEquals(10, first.get("serviceArns").size());
    JsonNode second =
        h.ecsOk("ListServices", j("{'cluster': 'prod', 'nextToken': '" + first.get("nextToken").asText() + "'}"));
    assertEquals(2, second.get("serviceArns").size());
    assertFalse(second.has("nextToken"));
  }
}
