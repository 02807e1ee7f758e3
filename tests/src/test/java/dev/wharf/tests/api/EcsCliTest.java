package dev.wharf.tests.api;

import static dev.wharf.tests.api.EcsCliFixture.ACCT;
import static dev.wharf.tests.api.EcsCliFixture.CONTAINERS;
import static dev.wharf.tests.api.EcsCliFixture.ECS;
import static dev.wharf.tests.api.EcsCliFixture.NETWORK;
import static dev.wharf.tests.api.EcsCliFixture.list;
import static dev.wharf.tests.api.EcsCliFixture.strings;
import static dev.wharf.tests.api.EcsCliFixture.tags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.tests.harness.AwsCli;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every ECS operation Wharf serves through the real AWS CLI ({@code aws ecs ...}), asserting the members
 * AWS returns: clusters with {@code serviceConnectDefaults} (a new name creates an HTTP namespace, read
 * back as its ARN), task definitions with named port mappings and {@code appProtocol}, services whose
 * {@code deployments[]} carry {@code serviceConnectConfiguration} and {@code serviceConnectResources},
 * {@code networkConfiguration} (required for awsvpc) and {@code deploymentConfiguration} (ECS's
 * defaults), ListServicesByNamespace, ListTasks/DescribeTasks for a task whose real Envoy sidecar is
 * connected, and tags.
 *
 * <p>One Wharf serves the class; {@link EcsCliFixture} makes each shared resource once. The order
 * only matters for the tests that change shared resources (UpdateService, tags, deletes), which run
 * last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcsCliTest {
  private EcsCliFixture fx;
  private AwsCli aws;

  @BeforeAll
  void start() {
    fx = new EcsCliFixture();
    aws = fx.aws;
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  @Order(1)
  void createClusterWithServiceConnectDefaultsMakesAnHttpNamespace() {
    JsonNode cluster = fx.shop();
    assertEquals(ECS + "cluster/shop", cluster.path("clusterArn").asText());
    assertEquals("shop", cluster.path("clusterName").asText());
    assertEquals("ACTIVE", cluster.path("status").asText());
    String nsArn = fx.nsArn();
    assertTrue(nsArn.matches("arn:aws:servicediscovery:us-east-1:" + ACCT + ":namespace/ns-[a-z0-9]{16}"), nsArn);
    JsonNode ns = aws.ok("servicediscovery", "get-namespace", "--id", fx.nsId()).path("Namespace");
    assertEquals("shop-ns", ns.path("Name").asText());
    assertEquals("HTTP", ns.path("Type").asText());
    assertEquals(0, cluster.path("activeServicesCount").asInt(-1));
    assertEquals(0, cluster.path("runningTasksCount").asInt(-1));
  }

  @Test
  @Order(2)
  void updateClusterSetsAnotherDefaultNamespace() {
    fx.spare();
    JsonNode updated = aws.ok("ecs", "update-cluster", "--cluster", "spare",
        "--service-connect-defaults", "namespace=spare-ns").path("cluster");
    assertTrue(updated.at("/serviceConnectDefaults/namespace").asText().startsWith("arn:aws:servicediscovery:"),
        updated.toString());
    assertEquals(ECS + "cluster/spare", updated.path("clusterArn").asText());
    Cli.fails(aws, "ClusterNotFoundException", "ecs", "update-cluster", "--cluster", "nope",
        "--service-connect-defaults", "namespace=x");
  }

  @Test
  @Order(3)
  void describeClustersWithAttachmentsAndTagsAndListClusters() {
    fx.shop();
    fx.spare();
    JsonNode described = aws.ok("ecs", "describe-clusters", "--clusters", "shop", "nope",
        "--include", "ATTACHMENTS", "TAGS");
    JsonNode shop = described.at("/clusters/0");
    assertEquals(ECS + "cluster/shop", shop.path("clusterArn").asText());
    assertEquals(fx.nsArn(), shop.at("/serviceConnectDefaults/namespace").asText());
    assertEquals("sc", shop.at("/attachments/0/type").asText());
    assertEquals("ATTACHED", shop.at("/attachments/0/status").asText());
    assertEquals("team", shop.at("/tags/0/key").asText());
    assertEquals("core", shop.at("/tags/0/value").asText());
    assertEquals(ECS + "cluster/nope", described.at("/failures/0/arn").asText());
    assertEquals("MISSING", described.at("/failures/0/reason").asText());
    assertEquals(Set.of(ECS + "cluster/shop", ECS + "cluster/spare"),
        strings(aws.ok("ecs", "list-clusters").path("clusterArns")));
    assertEquals(2, aws.ok("ecs", "list-clusters", "--page-size", "1").path("clusterArns").size());
  }

  @Test
  @Order(4)
  void registerDescribeListAndDeregisterTaskDefinitions() {
    JsonNode td = fx.apiTaskDefinition();
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
        "--cpu", "256", "--memory", "1024", "--container-definitions", CONTAINERS)
        .at("/taskDefinition/revision").asInt());
    JsonNode d1 = aws.ok("ecs", "describe-task-definition", "--task-definition", "api:1").path("taskDefinition");
    assertEquals(td.path("containerDefinitions"), d1.path("containerDefinitions"));
    assertEquals("1024", aws.ok("ecs", "describe-task-definition", "--task-definition", "api")
        .at("/taskDefinition/memory").asText(), "the family alone means its latest ACTIVE revision");
    assertEquals(List.of(ECS + "task-definition/api:1", ECS + "task-definition/api:2"),
        list(aws.ok("ecs", "list-task-definitions", "--family-prefix", "api").path("taskDefinitionArns")));
    JsonNode dereg = aws.ok("ecs", "deregister-task-definition", "--task-definition", "api:2").path("taskDefinition");
    assertEquals("INACTIVE", dereg.path("status").asText());
    assertTrue(dereg.path("deregisteredAt").isNumber(), dereg.toString());
    assertEquals(List.of(ECS + "task-definition/api:1"), list(aws.ok("ecs", "list-task-definitions",
        "--family-prefix", "api", "--status", "ACTIVE").path("taskDefinitionArns")));
  }

  @Test
  @Order(5)
  void createServiceKeepsServiceConnectOnItsDeploymentAndMakesTheCloudMapService() {
    JsonNode svc = fx.apiService();
    assertEquals(ECS + "service/shop/api", svc.path("serviceArn").asText());
    assertEquals("api", svc.path("serviceName").asText());
    assertEquals(ECS + "cluster/shop", svc.path("clusterArn").asText());
    assertEquals("ACTIVE", svc.path("status").asText());
    assertEquals(1, svc.path("desiredCount").asInt());
    assertEquals(ECS + "task-definition/api:1", svc.path("taskDefinition").asText());
    assertTrue(svc.path("serviceConnectConfiguration").isMissingNode(), "no top-level SC configuration: " + svc);
    JsonNode dep = fx.apiDeployment();
    assertTrue(dep.path("id").asText().matches("ecs-svc/\\d{19}"), dep.toString());
    assertEquals("PRIMARY", dep.path("status").asText());
    assertEquals(fx.nsArn(), dep.at("/serviceConnectConfiguration/namespace").asText(),
        "namespace defaults to the cluster's");
    assertEquals("api", dep.at("/serviceConnectConfiguration/services/0/discoveryName").asText());
    assertEquals(8080, dep.at("/serviceConnectConfiguration/services/0/clientAliases/0/port").asInt());
    assertEquals("api", dep.at("/serviceConnectResources/0/discoveryName").asText());
    String discoveryArn = fx.discoveryArn();
    assertTrue(discoveryArn.matches("arn:aws:servicediscovery:us-east-1:" + ACCT + ":service/srv-[a-z0-9]{16}"),
        dep.toString());
    assertEquals("IN_PROGRESS", dep.path("rolloutState").asText());
    assertTrue(dep.path("createdAt").isNumber() && svc.path("createdAt").isNumber(), svc.toString());
    // ECS created exactly one Cloud Map service for the discoveryName, in the namespace.
    JsonNode cm = aws.ok("servicediscovery", "get-service", "--id",
        discoveryArn.substring(discoveryArn.lastIndexOf('/') + 1));
    assertEquals("api", cm.at("/Service/Name").asText());
    assertEquals(fx.nsId(), cm.at("/Service/NamespaceId").asText());
  }

  @Test
  @Order(6)
  void createServiceErrorsUseAwsMessages() {
    fx.apiService();
    Cli.Failure badPort = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "bad", "--task-definition", "api:1", "--network-configuration", NETWORK,
        "--service-connect-configuration", "{\"enabled\":true,\"services\":[{\"portName\":\"nope\"}]}");
    assertEquals("portName(nope) does not refer to any named PortMapping in the container definitions",
        badPort.message());
    Cli.Failure taken = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "api2", "--task-definition", "api:1", "--network-configuration", NETWORK,
        "--service-connect-configuration", "{\"enabled\":true,\"services\":[{\"portName\":\"api\","
            + "\"discoveryName\":\"api\",\"clientAliases\":[{\"port\":8081}]}]}");
    assertEquals("SC service is already used by " + fx.nsArn(), taken.message());
    Cli.fails(aws, "NamespaceNotFoundException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "api3", "--task-definition", "api:1", "--network-configuration", NETWORK,
        "--service-connect-configuration", "{\"enabled\":true,\"namespace\":\"no-such-ns\"}");
    Cli.fails(aws, "ClusterNotFoundException", "ecs", "create-service", "--cluster", "nope",
        "--service-name", "x", "--task-definition", "api:1");
  }

  /** Issue 13 item 1: ECS's errors for networkConfiguration, and the stored one echoed everywhere. */
  @Test
  @Order(7)
  void networkConfigurationIsRequiredForAwsvpcAndEchoedOnTheServiceAndItsDeployments() {
    fx.apiService();
    Cli.Failure missing = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "no-network", "--task-definition", "api:1");
    assertEquals("Network Configuration must be provided when networkMode 'awsvpc' is specified.", missing.message());
    Cli.Failure empty = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "no-subnets", "--task-definition", "api:1",
        "--network-configuration", "awsvpcConfiguration={subnets=[]}");
    assertEquals("subnets can not be empty.", empty.message());
    aws.ok("ecs", "register-task-definition", "--family", "bridged", "--network-mode", "bridge", "--memory", "512",
        "--container-definitions", CONTAINERS);
    Cli.Failure notValid = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
        "--service-name", "bridged", "--task-definition", "bridged", "--network-configuration", NETWORK);
    assertEquals("Network Configuration is not valid for the given networkMode of this task definition.",
        notValid.message());
    JsonNode sent = fx.apiService().at("/networkConfiguration/awsvpcConfiguration");
    assertEquals(List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"), list(sent.path("subnets")));
    assertEquals(List.of("sg-0a1b2c3d4e5f60001"), list(sent.path("securityGroups")));
    assertEquals("DISABLED", sent.path("assignPublicIp").asText());
    assertEquals(fx.apiService().path("networkConfiguration"), fx.apiDeployment().path("networkConfiguration"));
    JsonNode described = aws.ok("ecs", "describe-services", "--cluster", "shop", "--services", "api",
        "no-network", "bridged").path("services");
    assertEquals(1, described.size(), "the refused services were not created: " + described);
    assertEquals(fx.apiService().path("networkConfiguration"), described.at("/0/networkConfiguration"));
    assertEquals(fx.apiService().path("networkConfiguration"), described.at("/0/deployments/0/networkConfiguration"));
  }

  /** Issue 13 item 2: deploymentConfiguration and the other members ECS always returns. */
  @Test
  @Order(8)
  void servicesAndDeploymentsCarryTheMembersEcsAlwaysReturns() {
    JsonNode dc = fx.apiService().path("deploymentConfiguration");
    assertEquals(200, dc.path("maximumPercent").asInt());
    assertEquals(100, dc.path("minimumHealthyPercent").asInt());
    assertEquals(false, dc.at("/deploymentCircuitBreaker/enable").asBoolean(true));
    assertEquals(false, dc.at("/deploymentCircuitBreaker/rollback").asBoolean(true));
    assertEquals("ROLLING", dc.path("strategy").asText());
    for (String empty : List.of("loadBalancers", "serviceRegistries", "placementConstraints", "placementStrategy")) {
      assertTrue(fx.apiService().path(empty).isArray() && fx.apiService().path(empty).isEmpty(), empty);
    }
    assertEquals("REPLICA", fx.apiService().path("schedulingStrategy").asText());
    JsonNode dep = fx.apiDeployment();
    assertEquals(0, dep.path("failedTasks").asInt(-1));
    assertEquals("FARGATE", dep.path("launchType").asText());
    assertEquals("ECS deployment " + dep.path("id").asText() + " in progress.",
        dep.path("rolloutStateReason").asText());
    JsonNode changed = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api",
        "--deployment-configuration", "maximumPercent=150,minimumHealthyPercent=50").path("service");
    assertEquals(150, changed.at("/deploymentConfiguration/maximumPercent").asInt());
    assertEquals(50, changed.at("/deploymentConfiguration/minimumHealthyPercent").asInt());
    assertEquals(false, changed.at("/deploymentConfiguration/deploymentCircuitBreaker/enable").asBoolean(true));
    assertEquals("ROLLING", changed.at("/deploymentConfiguration/strategy").asText());
    assertEquals(1, changed.path("deployments").size(), "a deploymentConfiguration change is no new deployment");
    Cli.Failure blueGreen = Cli.fails(aws, "InvalidParameterException", "ecs", "update-service", "--cluster", "shop",
        "--service", "api", "--deployment-configuration", "strategy=BLUE_GREEN");
    assertTrue(blueGreen.message().contains("ROLLING"), blueGreen.message());
  }

  /** Issue 13 item 3 (spec 69): a services[] entry needs exactly one client alias. */
  @Test
  @Order(9)
  void aServiceConnectEntryWithoutAClientAliasIsRefused() {
    fx.apiTaskDefinition();
    for (String aliases : new String[] {"", ",\"clientAliases\":[]"}) {
      Cli.Failure f = Cli.fails(aws, "InvalidParameterException", "ecs", "create-service", "--cluster", "shop",
          "--service-name", "no-alias", "--task-definition", "api:1", "--network-configuration", NETWORK,
          "--service-connect-configuration", "{\"enabled\":true,\"services\":[{\"portName\":\"api\","
              + "\"discoveryName\":\"no-alias\"" + aliases + "}]}");
      assertEquals("clientAliases must have 1 element.", f.message());
    }
    assertEquals("MISSING", aws.ok("ecs", "describe-services", "--cluster", "shop", "--services", "no-alias")
        .at("/failures/0/reason").asText());
  }

  @Test
  @Order(10)
  void listServicesAndListServicesByNamespace() {
    fx.apiService();
    fx.webService();
    assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"),
        strings(aws.ok("ecs", "list-services", "--cluster", "shop").path("serviceArns")));
    assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"),
        strings(aws.ok("ecs", "list-services-by-namespace", "--namespace", "shop-ns").path("serviceArns")));
    assertEquals(Set.of(ECS + "service/shop/api", ECS + "service/shop/web"), strings(aws.ok("ecs",
        "list-services-by-namespace", "--namespace", fx.nsArn(), "--page-size", "1").path("serviceArns")));
    Cli.fails(aws, "NamespaceNotFoundException", "ecs", "list-services-by-namespace", "--namespace", "no-such-ns");
  }

  @Test
  @Order(11)
  void listTasksAndDescribeTasksShowATaskWhoseSidecarIsConnected() {
    fx.webService();
    String taskArn = fx.taskArn();
    assertEquals(Set.of(taskArn), strings(aws.ok("ecs", "list-tasks", "--cluster", "shop").path("taskArns")));
    assertEquals(Set.of(), strings(aws.ok("ecs", "list-tasks", "--cluster", "shop", "--service-name", "web")
        .path("taskArns")));
    JsonNode tasks = aws.ok("ecs", "describe-tasks", "--cluster", "shop", "--tasks", taskArn, ECS + "task/shop/0123");
    JsonNode t = tasks.at("/tasks/0");
    assertEquals(taskArn, t.path("taskArn").asText());
    assertEquals(ECS + "cluster/shop", t.path("clusterArn").asText());
    assertEquals(ECS + "task-definition/api:1", t.path("taskDefinitionArn").asText());
    assertEquals("RUNNING", t.path("lastStatus").asText());
    assertEquals("RUNNING", t.path("desiredStatus").asText());
    assertEquals("service:api", t.path("group").asText());
    assertEquals(fx.apiDeployment().path("id").asText(), t.path("startedBy").asText());
    assertEquals("app", t.at("/containers/0/name").asText());
    assertTrue(t.path("createdAt").isNumber(), t.toString());
    assertEquals("MISSING", tasks.at("/failures/0/reason").asText());
  }

  @Test
  @Order(12)
  void describeServicesCountsTheRunningTask() {
    fx.task();
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
    assertEquals(1, aws.ok("ecs", "describe-clusters", "--clusters", "shop")
        .at("/clusters/0/runningTasksCount").asInt());
  }

  @Test
  @Order(13)
  void updateServiceMakesANewDeploymentForAServiceConnectOrNetworkChange() {
    fx.task();
    JsonNode same = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api", "--desired-count", "2")
        .path("service");
    assertEquals(2, same.path("desiredCount").asInt());
    assertEquals(1, same.path("deployments").size(), "desiredCount alone keeps the deployment: " + same);
    String sc2 = "{\"enabled\":true,\"services\":[{\"portName\":\"api\",\"discoveryName\":\"api\",\"clientAliases\":"
        + "[{\"port\":80,\"dnsName\":\"api.internal\"}],\"timeout\":{\"perRequestTimeoutSeconds\":5}}]}";
    JsonNode redeployed = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api",
        "--service-connect-configuration", sc2).path("service");
    assertEquals(2, redeployed.path("deployments").size(), redeployed.toString());
    JsonNode primary = redeployed.at("/deployments/0");
    assertEquals("PRIMARY", primary.path("status").asText());
    assertEquals("ACTIVE", redeployed.at("/deployments/1/status").asText());
    assertNotEquals(fx.apiDeployment().path("id").asText(), primary.path("id").asText());
    assertEquals("api.internal",
        primary.at("/serviceConnectConfiguration/services/0/clientAliases/0/dnsName").asText());
    assertEquals(5, primary.at("/serviceConnectConfiguration/services/0/timeout/perRequestTimeoutSeconds").asInt());
    assertEquals(fx.discoveryArn(), primary.at("/serviceConnectResources/0/discoveryArn").asText(),
        "same Cloud Map service");
    JsonNode moved = aws.ok("ecs", "update-service", "--cluster", "shop", "--service", "api",
        "--network-configuration", "awsvpcConfiguration={subnets=[subnet-0a1b2c3d4e5f60003],assignPublicIp=ENABLED}")
        .path("service");
    assertNotEquals(primary.path("id").asText(), moved.at("/deployments/0/id").asText(), "a new deployment");
    assertEquals("subnet-0a1b2c3d4e5f60003", moved.at("/networkConfiguration/awsvpcConfiguration/subnets/0").asText());
    assertEquals(moved.path("networkConfiguration"), moved.at("/deployments/0/networkConfiguration"));
    assertEquals("ENABLED",
        moved.at("/deployments/0/networkConfiguration/awsvpcConfiguration/assignPublicIp").asText());
    Cli.fails(aws, "ServiceNotFoundException", "ecs", "update-service", "--cluster", "shop", "--service", "nope",
        "--desired-count", "1");
  }

  @Test
  @Order(14)
  void tagResourceUntagResourceAndListTagsOnAClusterAndAService() {
    fx.apiService();
    String svcArn = ECS + "service/shop/api";
    aws.ok("ecs", "tag-resource", "--resource-arn", svcArn, "--tags", "key=env,value=prod", "key=owner,value=me");
    assertEquals(Map.of("tier", "backend", "env", "prod", "owner", "me"),
        tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", svcArn)));
    aws.ok("ecs", "untag-resource", "--resource-arn", svcArn, "--tag-keys", "owner", "tier");
    assertEquals(Map.of("env", "prod"), tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", svcArn)));
    aws.ok("ecs", "tag-resource", "--resource-arn", ECS + "cluster/shop", "--tags", "key=cost,value=42");
    assertEquals(Map.of("team", "core", "cost", "42"),
        tags(aws.ok("ecs", "list-tags-for-resource", "--resource-arn", ECS + "cluster/shop")));
  }

  @Test
  @Order(15)
  void deleteServiceAndDeleteClusterWhileTheNamespaceStaysInUse() {
    fx.apiService();
    fx.webService();
    fx.spare();
    String svcArn = ECS + "service/shop/api";
    Cli.fails(aws, "ResourceInUse", "servicediscovery", "delete-namespace", "--id", fx.nsId());
    Cli.fails(aws, "InvalidParameterException", "ecs", "delete-service", "--cluster", "shop", "--service", "api");
    JsonNode deleted = aws.ok("ecs", "delete-service", "--cluster", "shop", "--service", "api", "--force")
        .path("service");
    assertEquals(svcArn, deleted.path("serviceArn").asText());
    assertTrue(Set.of("DRAINING", "INACTIVE").contains(deleted.path("status").asText()), deleted.toString());
    aws.ok("ecs", "delete-service", "--cluster", "shop", "--service", "web");
    Cli.fails(aws, "ClusterNotFoundException", "ecs", "delete-cluster", "--cluster", "nope");
    JsonNode gone = aws.ok("ecs", "delete-cluster", "--cluster", "spare").path("cluster");
    assertEquals("INACTIVE", gone.path("status").asText());
    assertEquals(Set.of(ECS + "cluster/shop"), strings(aws.ok("ecs", "list-clusters").path("clusterArns")));
  }
}
