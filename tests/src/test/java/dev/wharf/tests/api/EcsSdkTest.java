package dev.wharf.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.tests.harness.Await;
import dev.wharf.tests.harness.Mesh;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ApplicationProtocol;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NamespaceNotFoundException;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceConnectClientAlias;
import software.amazon.awssdk.services.ecs.model.ServiceConnectConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceConnectService;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TimeoutConfiguration;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.ResourceInUseException;

/**
 * Every ECS operation Wharf serves through the AWS SDK for Java v2: the replies parse into the SDK's
 * model objects ({@code describeServices().services().get(0).deployments().get(0).serviceConnectConfiguration()}
 * equals what was sent), errors are the SDK's typed exceptions with the error code and HTTP 400, and
 * the SDK paginators walk every list.
 */
class EcsSdkTest {
  private static final String ECS = "arn:aws:ecs:us-east-1:000000000000:";

  @Test
  void clustersTaskDefinitionsServicesTasksAndTagsThroughTheSdk() {
    try (Mesh mesh = Mesh.start();
        EcsClient ecs = Sdk.ecs(mesh.controlPlane().apiPort());
        ServiceDiscoveryClient sd = Sdk.cloudMap(mesh.controlPlane().apiPort())) {
      // ---- clusters ----
      Cluster shop = ecs.createCluster(r -> r.clusterName("shop").serviceConnectDefaults(d -> d.namespace("sdk-ns"))
          .tags(Tag.builder().key("team").value("core").build())).cluster();
      assertEquals(ECS + "cluster/shop", shop.clusterArn());
      assertEquals("ACTIVE", shop.status());
      String nsArn = shop.serviceConnectDefaults().namespace();
      assertTrue(nsArn.matches("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-[a-z0-9]{16}"), nsArn);
      String nsId = nsArn.substring(nsArn.lastIndexOf('/') + 1);
      assertEquals("sdk-ns", sd.getNamespace(r -> r.id(nsId)).namespace().name());
      for (int i = 0; i < 3; i++) {
        int n = i;
        ecs.createCluster(r -> r.clusterName("extra-" + n));
      }
      Cluster updated = ecs.updateCluster(r -> r.cluster("extra-0").serviceConnectDefaults(d -> d.namespace(nsArn))).cluster();
      assertEquals(nsArn, updated.serviceConnectDefaults().namespace());
      assertSdkError(assertThrows(NamespaceNotFoundException.class, () -> ecs.updateCluster(r -> r.cluster("extra-1")
          .serviceConnectDefaults(d -> d.namespace("arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-aaaaaaaaaaaaaaaa")))),
          "NamespaceNotFoundException");
      DescribeClustersResponse dc = ecs.describeClusters(r -> r.clusters("shop", "nope")
          .include(ClusterField.ATTACHMENTS, ClusterField.TAGS));
      assertEquals("sc", dc.clusters().get(0).attachments().get(0).type());
      assertEquals(List.of(Tag.builder().key("team").value("core").build()), dc.clusters().get(0).tags());
      assertEquals("MISSING", dc.failures().get(0).reason());
      assertEquals(ECS + "cluster/nope", dc.failures().get(0).arn());
      assertEquals(4, ecs.listClustersPaginator(r -> r.maxResults(1)).clusterArns().stream().count());
      assertSdkError(assertThrows(ClusterNotFoundException.class, () -> ecs.updateCluster(r -> r.cluster("nope")
          .serviceConnectDefaults(d -> d.namespace("x")))), "ClusterNotFoundException");

      // ---- task definitions ----
      ContainerDefinition container = ContainerDefinition.builder().name("app").image("wharf/demo-app").essential(true)
          .portMappings(PortMapping.builder().name("api").containerPort(8080).protocol(TransportProtocol.TCP)
              .appProtocol(ApplicationProtocol.HTTP).build()).build();
      TaskDefinition td = ecs.registerTaskDefinition(r -> r.family("api").networkMode(NetworkMode.AWSVPC)
          .cpu("256").memory("512").containerDefinitions(container)).taskDefinition();
      assertEquals(ECS + "task-definition/api:1", td.taskDefinitionArn());
      assertEquals(1, td.revision());
      assertEquals(TaskDefinitionStatus.ACTIVE, td.status());
      assertEquals(NetworkMode.AWSVPC, td.networkMode());
      assertEquals("512", td.memory());
      PortMapping pm = td.containerDefinitions().get(0).portMappings().get(0);
      assertEquals("api", pm.name());
      assertEquals(ApplicationProtocol.HTTP, pm.appProtocol());
      assertEquals(8080, pm.containerPort());
      assertNotNull(td.registeredAt());
      for (int i = 0; i < 3; i++) {
        ecs.registerTaskDefinition(r -> r.family("api").networkMode(NetworkMode.AWSVPC).cpu("256").memory("1024")
            .containerDefinitions(container));
      }
      assertEquals(td.containerDefinitions(), ecs.describeTaskDefinition(r -> r.taskDefinition("api:1"))
          .taskDefinition().containerDefinitions());
      assertEquals(4, ecs.describeTaskDefinition(r -> r.taskDefinition("api")).taskDefinition().revision());
      assertEquals(TaskDefinitionStatus.INACTIVE,
          ecs.deregisterTaskDefinition(r -> r.taskDefinition("api:4")).taskDefinition().status());
      assertEquals(List.of(ECS + "task-definition/api:1", ECS + "task-definition/api:2", ECS + "task-definition/api:3"),
          ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix("api").status(TaskDefinitionStatus.ACTIVE).maxResults(1))
              .taskDefinitionArns().stream().toList());
      ecs.registerTaskDefinition(r -> r.family("client").networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
          .containerDefinitions(ContainerDefinition.builder().name("c").image("wharf/demo-app").build()));

      // ---- services ----
      ServiceConnectConfiguration sc = ServiceConnectConfiguration.builder().enabled(true).namespace("sdk-ns")
          .services(ServiceConnectService.builder().portName("api").discoveryName("api")
              .clientAliases(ServiceConnectClientAlias.builder().port(8080).dnsName("api").build()).build())
          .build();
      Service created = ecs.createService(r -> r.cluster("shop").serviceName("api").taskDefinition("api:1")
          .desiredCount(1).launchType(LaunchType.FARGATE).serviceConnectConfiguration(sc)
          .tags(Tag.builder().key("tier").value("backend").build())).service();
      assertEquals(ECS + "service/shop/api", created.serviceArn());
      assertEquals(ECS + "cluster/shop", created.clusterArn());
      assertEquals("ACTIVE", created.status());
      assertEquals(LaunchType.FARGATE, created.launchType());
      assertNotNull(created.createdAt());
      Deployment dep = created.deployments().get(0);
      assertEquals(sc, dep.serviceConnectConfiguration());
      assertEquals("api", dep.serviceConnectResources().get(0).discoveryName());
      assertTrue(dep.serviceConnectResources().get(0).discoveryArn().startsWith("arn:aws:servicediscovery:us-east-1:"));
      assertEquals(DeploymentRolloutState.IN_PROGRESS, dep.rolloutState());
      for (int i = 0; i < 11; i++) {
        int n = i;
        ecs.createService(r -> r.cluster("shop").serviceName("client-" + n).taskDefinition("client").desiredCount(0)
            .serviceConnectConfiguration(c -> c.enabled(true)));
      }
      InvalidParameterException badPort = assertThrows(InvalidParameterException.class, () -> ecs.createService(r -> r
          .cluster("shop").serviceName("bad").taskDefinition("api:1").serviceConnectConfiguration(c -> c.enabled(true)
              .services(s -> s.portName("nope")))));
      assertSdkError(badPort, "InvalidParameterException");
      assertEquals("portName(nope) does not refer to any named PortMapping in the container definitions",
          badPort.awsErrorDetails().errorMessage());
      InvalidParameterException used = assertThrows(InvalidParameterException.class, () -> ecs.createService(r -> r
          .cluster("shop").serviceName("api2").taskDefinition("api:1").serviceConnectConfiguration(c -> c.enabled(true)
              .services(s -> s.portName("api")))));
      assertEquals("SC service is already used by " + nsArn, used.awsErrorDetails().errorMessage());
      assertSdkError(assertThrows(NamespaceNotFoundException.class, () -> ecs.createService(r -> r.cluster("shop")
          .serviceName("x").taskDefinition("api:1").serviceConnectConfiguration(c -> c.enabled(true).namespace("nope")))),
          "NamespaceNotFoundException");
      assertSdkError(assertThrows(ClusterNotFoundException.class, () -> ecs.createService(r -> r.cluster("nope")
          .serviceName("x").taskDefinition("api:1"))), "ClusterNotFoundException");

      // ListServices (page size 10 by default: the paginator follows the token), ListServicesByNamespace.
      assertEquals(10, ecs.listServices(r -> r.cluster("shop")).serviceArns().size());
      assertNotNull(ecs.listServices(r -> r.cluster("shop")).nextToken());
      assertEquals(12, ecs.listServicesPaginator(r -> r.cluster("shop")).serviceArns().stream().count());
      assertEquals(12, ecs.listServicesByNamespacePaginator(r -> r.namespace("sdk-ns").maxResults(5))
          .serviceArns().stream().count());
      assertSdkError(assertThrows(NamespaceNotFoundException.class,
          () -> ecs.listServicesByNamespace(r -> r.namespace("nope"))), "NamespaceNotFoundException");

      // ---- a task with its real Envoy sidecar connected: ListTasks, DescribeTasks, DescribeServices ----
      Mesh.Task task = mesh.task("shop", "api", 42, 1, 8080);
      String taskArn = ECS + "task/shop/" + task.id();
      Await.until(Duration.ofSeconds(20), "the task is listed",
          () -> ecs.listTasksPaginator(r -> r.cluster("shop").serviceName("api")).taskArns().stream().toList().contains(taskArn));
      Task t = ecs.describeTasks(r -> r.cluster("shop").tasks(taskArn)).tasks().get(0);
      assertEquals("RUNNING", t.lastStatus());
      assertEquals("service:api", t.group());
      assertEquals(ECS + "task-definition/api:1", t.taskDefinitionArn());
      assertEquals(dep.id(), t.startedBy());
      assertEquals("app", t.containers().get(0).name());
      assertNotNull(t.createdAt());
      DescribeServicesResponse ds = ecs.describeServices(r -> r.cluster("shop").services("api", "nope")
          .include(ServiceField.TAGS));
      Service api = ds.services().get(0);
      assertEquals(1, api.runningCount());
      assertEquals(sc, api.deployments().get(0).serviceConnectConfiguration());
      assertEquals(DeploymentRolloutState.COMPLETED, api.deployments().get(0).rolloutState());
      assertEquals(List.of(Tag.builder().key("tier").value("backend").build()), api.tags());
      assertTrue(api.events().size() >= 1 && api.events().get(0).createdAt() != null, api.events().toString());
      assertEquals("MISSING", ds.failures().get(0).reason());

      // ---- UpdateService: a Service Connect change is a new deployment ----
      ServiceConnectConfiguration sc2 = sc.toBuilder().services(sc.services().get(0).toBuilder()
          .timeout(TimeoutConfiguration.builder().perRequestTimeoutSeconds(5).idleTimeoutSeconds(60).build()).build()).build();
      Service redeployed = ecs.updateService(r -> r.cluster("shop").service("api").serviceConnectConfiguration(sc2)).service();
      assertEquals(2, redeployed.deployments().size());
      assertEquals("PRIMARY", redeployed.deployments().get(0).status());
      assertEquals(sc2, redeployed.deployments().get(0).serviceConnectConfiguration());
      assertNotEquals(dep.id(), redeployed.deployments().get(0).id());
      assertEquals(sc, redeployed.deployments().get(1).serviceConnectConfiguration());
      assertSdkError(assertThrows(ServiceNotFoundException.class,
          () -> ecs.updateService(r -> r.cluster("shop").service("nope").desiredCount(1))), "ServiceNotFoundException");

      // ---- tags ----
      ecs.tagResource(r -> r.resourceArn(ECS + "service/shop/api").tags(Tag.builder().key("env").value("prod").build()));
      ecs.untagResource(r -> r.resourceArn(ECS + "service/shop/api").tagKeys("tier"));
      assertEquals(Map.of("env", "prod"), ecs.listTagsForResource(r -> r.resourceArn(ECS + "service/shop/api")).tags()
          .stream().collect(Collectors.toMap(Tag::key, Tag::value)));

      // ---- delete: the namespace stays in use; a deleted service is not active ----
      assertThrows(ResourceInUseException.class, () -> sd.deleteNamespace(r -> r.id(nsId)));
      Service deleted = ecs.deleteService(r -> r.cluster("shop").service("client-0")).service();
      assertTrue(Set.of("DRAINING", "INACTIVE").contains(deleted.status()), deleted.toString());
      assertSdkError(assertThrows(ServiceNotActiveException.class,
          () -> ecs.updateService(r -> r.cluster("shop").service("client-0").desiredCount(1))), "ServiceNotActiveException");
      assertEquals("INACTIVE", ecs.deleteCluster(r -> r.cluster("extra-2")).cluster().status());
      assertEquals(3, ecs.listClustersPaginator(r -> r.maxResults(2)).clusterArns().stream().count());
    }
  }

  static void assertSdkError(AwsServiceException e, String code) {
    assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
    assertEquals(400, e.statusCode(), e.toString());
    assertTrue(e.awsErrorDetails().errorMessage() != null && !e.awsErrorDetails().errorMessage().isBlank(), e.toString());
    assertNotNull(e.requestId());
  }
}
