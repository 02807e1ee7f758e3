package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.AwsCli;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every ECS operation Wharf serves through the real AWS CLI ({@code aws ecs ...}), asserting the members
 * AWS returns: clusters with {@code serviceConnectDefaults} (a new name creates an HTTP namespace, read
 * back as its ARN), task definitions with named port mappings and {@code appProtocol}, services whose
 * {@code deployments[]} carry {@code serviceConnectConfiguration} and {@code serviceConnectResources},
 * ListServicesByNamespace, ListTasks/DescribeTasks for a task whose real Envoy sidecar is connected,
 * and tags.
 */
class EcsCliTest {
  private static final String ACCT = "000000000000";
  private static final String ECS = "arn:aws:ecs:us-east-1:" + ACCT + ":";

  private static final String CONTAINERS = "[{\"name\":\"app\",\"image\":\"wharf/demo-app\",\"essential\":true,"
      + "\"portMappings\":[{\"name\":\"api\",\"containerPort\":8080,\"protocol\":\"tcp\",\"appProtocol\":\"http\"}]}]";

  @Test
  void clustersTaskDefinitionsServicesTasksAndTagsThroughTheCli() {
    try (Mesh mesh = Mesh.start()) {
      AwsCli aws = new AwsCli(mesh.controlPlane().apiPort());

      // ---- CreateCluster with serviceConnectDefaults: a new name makes an HTTP namespace ----
      JsonNode cluster = aws.ok("ecs", "create-cluster", "--cluster-name", "shop",
          "--service-connect-defaults", "namespace=shop-ns", "--tags", "key=team,value=core").path("cluster");
      assertEquals(ECS + "cluster/shop", cluster.path("clusterArn").asText());
      assertEquals("shop", cluster.path("clusterName").asText());
      assertEquals("ACTIVE", cluster.path("status").asText());
      String nsArn = cluster.at("/serviceConnectDefaults/namespace").asText();
      assertTrue(nsArn.matches("arn:aws:servicediscovery:us-east-1:" + ACCT + ":namespace/ns-[a-z0-9]{16}"), nsArn);
      String nsId = nsArn.substring(nsArn.lastIndexOf('/') + 1);
      JsonNode ns = aws.ok("servicediscovery", "get-namespace", "--id", nsId).path("Namespace");
      assertEquals("shop-ns", ns.path("Name").asText());
      assertEquals("HTTP", ns.path("Type").asText());
      assertEquals(0, cluster.path("activeServicesCount").asInt(-1));
      assertEquals(0, cluster.path("runningTasksCount").asInt(-1));

      aws.ok("ecs", "create-cluster", "--cluster-name", "spare");
      // ---- UpdateCluster: another default (also created), then back ----
      JsonNode updated = aws.ok("ecs", "update-cluster", "--cluster", "spare",
          "--service-connect-defaults", "namespace=spare-ns").path("cluster");
      assertTrue(updated.at("/serviceConnectDefaults/namespace").asText().startsWith("arn:aws:servicediscovery:"),
          updated.toString());
      assertEquals(ECS + "cluster/spare", updated.path("clusterArn").asText());
      Cli.fails(aws, "ClusterNotFoundException", "ecs", "update-cluster", "--cluster", "nope",
          "--service-connect-defaults", "namespace=x");

      // ---- DescribeClusters (include ATTACHMENTS, TAGS; MISSING failures), ListClusters ----
      JsonNode described = aws.ok("ecs", "describe-clusters", "--clusters", "shop", "nope",
          "--include", "ATTACHMENTS", "TAGS");
      JsonNode shop = described.at("/clusters/0");
      assertEquals(ECS + "cluster/shop", shop.path("clusterArn").asText());
      assertEquals(nsArn, shop.at("/serviceConnectDefaults/namespace").asText());
      assertEquals("sc", shop.at("/attachments/0/type").asText());
      assertEquals("ATTACHED", shop.at("/attachments/0/status").asText());
      assertEquals("team", shop.at("/tags/0/key").asText());
      assertEquals("core", shop.at("/tags/0/value").asText());
      assertEquals(ECS + "cluster/nope", described.at("/failures/0/arn").asText());
      assertEquals("MISSING", described.at("/failures/0/reason").asText());
      assertEquals(Set.of(ECS + "cluster/shop", ECS + "cluster/spare"),
          strings(aws.ok("ecs", "list-clusters").path("clusterArns")));
      assertEquals(2, aws.ok("ecs", "list-clusters", "--page-size", "1").path("clusterArns").size());

      // ---- RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions, DeregisterTaskDefinition ----
      JsonNode td = aws.ok("ecs", "register-task-definition", "--family", "api", "--network-mode", "awsvpc",
          "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512",
          "--container-definitions", CONTAINERS).path("taskDefinition");
      assertEquals(ECS + "task-definition/api:1", td.path("taskDefinitionArn").asText());
      assertEquals("api", td.path("family").asText());
      assertEquals(1, td.path("revision").asInt());
      assertEquals("ACTIVE", td.path("status").asText());
      assertEquals("awsvpc", td.path("networkMode").asText());
      assertEquals("512", td.path("memory").asText());
      assertEquals("256", td.path("cpu").asText());
      assertTrue(td.path("registeredAt").isNumber(), td.toString());
      JsonNode pm = td.at("/containerDefinitions/0/portMappings/0");
      assertEquals("api", pm.path("name").asText());
      assertEquals(8080, pm.path("containerPort").asInt());
      assertEquals("http", pm.path("appProtocol").asText());
      assertEquals("tcp", pm.path("protocol").asText());
      assertEquals(2, aws.ok("ecs", "register-task-definition", "--family", "api", "--network-mode", "awsvpc",
          "--cpu", "256", "--memory", "1024", "--container-definitions", CONTAINERS).at("/taskDefinition/revision").asInt());
      JsonNode d1 = aws.ok("ecs", "describe-task-definition", "--task-definition", "api:1").path("taskDefinition");
      assertEquals(td.path("containerDefinitions"), d1.path("containerDefinitions"));
      assertEquals("1024", aws.ok("ecs", "describe-task-definition", "--task-definition", "api")
          .at("/taskDefinition/memory").asText(), "the family alone means its latest ACTIVE revision");
      assertEquals(List.of(ECS + "task-definition/api:1", ECS + "task-definition/api:2"),
          list(aws.ok("ecs", "list-task-definitions", "--family-prefix", "api").path("taskDefinitionArns")));
      JsonNode dereg = aws.ok("ecs", "deregister-task-definition", "--task-definition", "api:2").path("taskDefinition");
      assertEquals("INACTIVE", dereg.path("status").asText());
      assertTrue(dereg.path("deregisteredAt").isNumber(), dereg.toString());
      assertEquals(List.of(ECS + "task-definition/api:1"),
          list(aws.ok("ecs", "list-task-definitions", "--family-prefix", "api", "--status", "ACTIVE").path("taskDefinitionArns")));
      aws.ok("ecs", "register-task-definition", "--family", "web", "--network-mode", "awsvpc", "--cpu", "256",
          "--memory", "512", "--container-definitions",
          "[{\"name\":\"web\",\"image\":\"wharf/demo-app\",\"essential\":true}]");

      // ---- CreateService with serviceConnectConfiguration ----
      String sc = "{\"enabled\":true,\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\","
          + "\"clientAliases\":[{\"port\":8080,\"dnsName\":\"api\"}]}]}";
      JsonNode svc = aws.ok("ecs", "create-service", "--cluster", "shop", "--service-name", "api",
          "--task-definition", "api:1", "--desired-count", "1", "--launch-type", "FARGATE",
          "--service-connect-configuration", sc, "--tags", "key=tier,value=backend").path("service");
      assertEquals(ECS + "service/shop/api", svc.path("serviceArn").asText());
      assertEquals("api", svc.path("serviceName").asText());
      assertEquals(ECS + "cluster/shop", svc.path("clusterArn").asText());
      assertEquals("ACTIVE", svc.path("status").asText());
      assertEquals(1, svc.path("desiredCount").asInt());
      assertEquals(ECS + "task-definition/api:1", svc.path("taskDefinition").asText());
      assertTrue(svc.path("serviceConnectConfiguration").isMissingNode(), "no top-level SC configuration: " + svc);
      JsonNode dep = svc.at("/deployments/0");
      assertTrue(dep.path("id").asText().matches("ecs-svc/\\d{19}"), dep.toString());
      assertEquals("PRIMARY", dep.path("status").asText());
      assertEquals(nsArn, dep.at("/serviceConnectConfiguration/namespace").asText(), "namespace defaults to the cluster's");
      assertEquals("api", dep.at("/serviceConnectConfiguration/services/0/discoveryName").asText());
      assertEquals(8080, dep.at("/serviceConnectConfiguration/services/0/clientAliases/0/port").asInt());
      assertEquals("api", dep.at("/serviceConnectResources/0/discoveryName").asText());
      String discoveryArn = dep.at("/serviceConnectResources/0/discoveryArn").asText();
      assertTrue(discoveryArn.matches("arn:aws:servicediscovery:us-east-1:" + ACCT + ":service/srv-[a-z0-9]{16}"), dep.toString());
      assertEquals("IN_PROGRESS", dep.path("rolloutState").asText());
      assertTrue(dep.path("createdAt").isNumber() && svc.path("createdAt").isNumber(), svc.toString());
      // ECS created exactly one Cloud Map service for the discoveryName, in the namespace.
      JsonNode cm = aws.ok("servicediscovery", "get-service", "--id", discoveryArn.substring(discoveryArn.lastIndexOf('/') + 1));
      assertEquals("api", cm.at("/Service/Name").asText());
      assertEquals(nsId, cm.at("/Service/NamespaceId").asText());

      // A client-only service in the same namespace.
      aws.ok("ecs", "create-service", "--cluster", "shop", "--service-name", "web", "--task-definition", "web",
          "--desired-count", "0", "--service-connect-configuration", "{\"enabled\":true,\"namespace\":\"shop-ns\"}");
      // AWS's own messages.
      Cli.Failure badPort = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
          "--service-name", "bad", "--task-definition", "api:1",
          "--service-connect-configuration", "{\"enabled\":true,\"services\":[{\"portName\":\"nope\"}]}");
      assertEquals("portName(nope) does not refer to any named PortMapping in the container definitions",
          badPort.message());
      Cli.Failure taken = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
          "--service-name", "api2", "--task-definition", "api:1", "--service-connect-configuration",
          "{\"enabled\":true,\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\"}]}");
      assertEquals("SC service is already used by " + nsArn, taken.message());
      Cli.fails(aws, "NamespaceNotFoundException", "ecs", "create-service", "--cluster", "shop",
          "--service-name", "api3", "--task-definition", "api:1",
          "--service-connect-configuration", "{\"enabled\":true,\"namespace\":\"no-such-ns\"}");
      Cli.fails(aws, "ClusterNotFoundException", "ecs", "create-service", "--cluster", "nope",
          "--service-name", "x", "--task-definition", "api:1");

      // ---- ListServices, ListServicesByNamespace ----
      assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"),
          strings(aws.ok("ecs", "list-services", "--cluster", "shop").path("serviceArns")));
      assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"),
          strings(aws.ok("ecs", "list-services-by-namespace", "--namespace", "shop-ns").path("serviceArns")));
      assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"),
          strings(aws.ok("ecs", "list-services-by-namespace", "--namespace", nsArn, "--page-size", "1").path("serviceArns")));
      Cli.fails(aws, "NamespaceNotFoundException", "ecs", "list-services-by-namespace", "--namespace", "no-such-ns");

      // ---- a running task: its real Envoy sidecar connects; ListTasks, DescribeTasks, DescribeServices ----
      Mesh.Task task = mesh.task("shop", "api", 41, 1, 8080);
      String taskArn = ECS + "task/shop/" + task.id();
      Await.until(Duration.ofSeconds(20), "the task is listed", () ->
          strings(aws.ok("ecs", "list-tasks", "--cluster", "shop", "--service-name", "api").path("taskArns")).contains(taskArn));
      assertEquals(Set.of(taskArn), strings(aws.ok("ecs", "list-tasks", "--cluster", "shop").path("taskArns")));
      assertEquals(Set.of(), strings(aws.ok("ecs", "list-tasks", "--cluster", "shop", "--service-name", "web").path("taskArns")));
      JsonNode tasks = aws.ok("ecs", "describe-tasks", "--cluster", "shop", "--tasks", taskArn, ECS + "task/shop/0123");
      JsonNode t = tasks.at("/tasks/0");
      assertEquals(taskArn, t.path("taskArn").asText());
      assertEquals(ECS + "cluster/shop", t.path("clusterArn").asText());
      assertEquals(ECS + "task-definition/api:1", t.path("taskDefinitionArn").asText());
      assertEquals("RUNNING", t.path("lastStatus").asText());
      assertEquals("RUNNING", t.path("desiredStatus").asText());
      assertEquals("service:api", t.path("group").asText());
      assertEquals(dep.path("id").asText(), t.path("startedBy").asText());
      assertEquals("app", t.at("/containers/0/name").asText());
      assertTrue(t.path("createdAt").isNumber(), t.toString());
      assertEquals("MISSING", tasks.at("/failures/0/reason").asText());
      JsonNode running = aws.ok("ecs", "describe-services", "--cluster", "shop", "--services", "api", "nope",
          "--include", "TAGS");
      JsonNode api = running.at("/services/0");
      assertEquals(1, api.path("runningCount").asInt());
      assertEquals("COMPLETED", api.at("/deployments/0/rolloutState").asText());
      assertEquals("tier", api.at("/tags/0/key").asText());
      assertTrue(api.path("events").size() >= 1, api.toString());
      assertTrue(api.at("/events/0/message").asText().contains("(service api)"), api.path("events").toString());
      assertEquals(ECS + "service/shop/nope", running.at("/failures/0/arn").asText());
      assertEquals("MISSING", running.at("/failures/0/reason").asText());
      assertEquals(1, aws.ok("ecs", "describe-clusters", "--clusters", "shop").at("/clusters/0/runningTasksCount").asInt());

      // ---- UpdateService: a Service Connect change makes a new deployment ----
      JsonNode same = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api", "--desired-count", "2")
          .path("service");
      assertEquals(2, same.path("desiredCount").asInt());
      assertEquals(1, same.path("deployments").size(), "desiredCount alone keeps the deployment: " + same);
      String sc2 = "{\"enabled\":true,\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\","
          + "\"clientAliases\":[{\"port\":80,\"dnsName\":\"api.internal\"}],\"timeout\":{\"perRequestTimeoutSeconds\":5}}]}";
      JsonNode redeployed = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api",
          "--service-connect-configuration", sc2).path("service");
      assertEquals(2, redeployed.path("deployments").size(), redeployed.toString());
      JsonNode primary = redeployed.at("/deployments/0");
      assertEquals("PRIMARY", primary.path("status").asText());
      assertEquals("ACTIVE", redeployed.at("/deployments/1/status").asText());
      assertNotEquals(dep.path("id").asText(), primary.path("id").asText());
      assertEquals("api.internal", primary.at("/serviceConnectConfiguration/services/0/clientAliases/0/dnsName").asText());
      assertEquals(5, primary.at("/serviceConnectConfiguration/services/0/timeout/perRequestTimeoutSeconds").asInt());
      assertEquals(discoveryArn, primary.at("/serviceConnectResources/0/discoveryArn").asText(), "same Cloud Map service");
      Cli.fails(aws, "ServiceNotFoundException", "ecs", "update-service", "--cluster", "shop", "--service", "nope",
          "--desired-count", "1");

      // ---- TagResource, UntagResource, ListTagsForResource on a cluster and a service ----
      String svcArn = ECS + "service/shop/api";
      aws.ok("ecs", "tag-resource", "--resource-arn", svcArn, "--tags", "key=env,value=prod", "key=owner,value=me");
      assertEquals(Map.of("tier", "backend", "env", "prod", "owner", "me"),
          tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", svcArn)));
      aws.ok("ecs", "untag-resource", "--resource-arn", svcArn, "--tag-keys", "owner", "tier");
      assertEquals(Map.of("env", "prod"), tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", svcArn)));
      aws.ok("ecs", "tag-resource", "--resource-arn", ECS + "cluster/shop", "--tags", "key=cost,value=42");
      assertEquals(Map.of("team", "core", "cost", "42"),
          tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", ECS + "cluster/shop")));

      // ---- DeleteService, DeleteCluster; the namespace stays in use while its services exist ----
      Cli.fails(aws, "ResourceInUse", "servicediscovery", "delete-namespace", "--id", nsId);
      Cli.fails(aws, "InvalidParameterException", "ecs", "delete-service", "--cluster", "shop", "--service", "api");
      JsonNode deleted = aws.ok("ecs", "delete-service", "--cluster", "shop", "--service", "api", "--force").path("service");
      assertEquals(svcArn, deleted.path("serviceArn").asText());
      assertTrue(Set.of("DRAINING", "INACTIVE").contains(deleted.path("status").asText()), deleted.toString());
      aws.ok("ecs", "delete-service", "--cluster", "shop", "--service", "web");
      Cli.fails(aws, "ClusterNotFoundException", "ecs", "delete-cluster", "--cluster", "nope");
      JsonNode gone = aws.ok("ecs", "delete-cluster", "--cluster", "spare").path("cluster");
      assertEquals("INACTIVE", gone.path("status").asText());
      assertEquals(Set.of(ECS + "cluster/shop"), strings(aws.ok("ecs", "list-clusters").path("clusterArns")));
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> list(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> tags(JsonNode reply) {
    Map<String, String> tags = new HashMap<>();
    reply.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    return tags;
  }
}
