package dev.wharf.api.state;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.model.ecs.AwsVpcConfiguration;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.ClusterServiceConnectDefaults;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.KeyValuePair;
import dev.wharf.api.model.ecs.NetworkConfiguration;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectClientAlias;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.ServiceEvent;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.model.ecs.TimeoutConfiguration;
import java.util.List;
import java.util.Map;

/** A MeshState with at least one entry of every kind, for store tests. */
final class StateFixtures {
  private StateFixtures() {}

  static MeshState populated() {
    String nsArn = "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-aaaaaaaaaaaaaaaa";
    String srvArn = "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-bbbbbbbbbbbbbbbb";
    String clusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/prod";
    String tdArn = "arn:aws:ecs:us-east-1:000000000000:task-definition/payments:1";
    String svcArn = "arn:aws:ecs:us-east-1:000000000000:service/prod/payments";
    String taskArn = "arn:aws:ecs:us-east-1:000000000000:task/prod/0123456789abcdef0123456789abcdef";
    Namespace ns = new Namespace("ns-aaaaaaaaaaaaaaaa", nsArn, "000000000000", "prod", "HTTP", "d", null,
        new Namespace.Properties(new Namespace.HttpProperties("prod")), 1716000000.123, "req-1");
    DiscoveryService srv = new DiscoveryService("srv-bbbbbbbbbbbbbbbb", srvArn, "000000000000", "payments",
        "ns-aaaaaaaaaaaaaaaa", null, "HTTP", null, new DiscoveryService.HealthCheckCustomConfig(1),
        1716000000.5, "req-2", "000000000000");
    Instance inst = new Instance("task-1", "srv-bbbbbbbbbbbbbbbb",
        Map.of(Instance.IPV4, "127.1.0.1", Instance.PORT, "8080"), null, "000000000000", "HEALTHY");
    Operation op = new Operation("gv4g5meo7ndmeh4fqskygvk23d2fijwa-k9302yzd", "CREATE_NAMESPACE", "SUCCESS",
        null, null, 1716000000.1, 1716000000.1, Map.of("NAMESPACE", "ns-aaaaaaaaaaaaaaaa"));
    Cluster cluster = new Cluster(clusterArn, "prod", "ACTIVE", new ClusterServiceConnectDefaults(nsArn), 0, 0, 0, 0);
    TaskDefinition td = new TaskDefinition(tdArn, "payments", 1, "ACTIVE", "awsvpc", "256", "512",
        List.of(new ContainerDefinition("app", "demo", null, null, true,
            List.of(new PortMapping(8080, null, "tcp", "http", "http")),
            List.of(new KeyValuePair("A", "b")), null)),
        List.of("FARGATE"), 1716000000.0, null);
    ServiceConnectConfiguration sc = new ServiceConnectConfiguration(true, nsArn,
        List.of(new ServiceConnectService("http", "payments",
            List.of(new ServiceConnectClientAlias(8080, "payments", null)), null,
            new TimeoutConfiguration(null, 30), null)), null, null);
    Deployment dep = new Deployment("ecs-svc/1234567890123456789", "PRIMARY", tdArn, 3, 0, 0,
        1716000000.0, 1716000000.0, "IN_PROGRESS", sc,
        List.of(new ServiceConnectServiceResource("payments", srvArn)), "FARGATE",
        new NetworkConfiguration(new AwsVpcConfiguration(List.of("subnet-1"), null, null)), 0, null);
    EcsService svc = new EcsService(svcArn, "payments", clusterArn, "ACTIVE", 3, 0, 0, "FARGATE", tdArn,
        List.of(dep), List.of(new ServiceEvent("e1", 1716000000.0, "(service payments) has reached a steady state.")),
        1716000000.0, dep.networkConfiguration(), null);
    Task task = new Task(taskArn, clusterArn, svcArn, dep.id(), tdArn, "RUNNING", 1716000001.0, "loopback",
        "127.1.0.1", "127.2.0.1", "0.1", "us-east-1a", true);
    return MeshState.EMPTY
        .put(MeshState.NAMESPACES, ns.id(), ns)
        .put(MeshState.DISCOVERY_SERVICES, srv.id(), srv)
        .put(MeshState.INSTANCES, MeshState.instanceKey(srv.id(), inst.id()), inst)
        .put(MeshState.OPERATIONS, op.id(), op)
        .put(MeshState.CLUSTERS, clusterArn, cluster)
        .put(MeshState.TASK_DEFINITIONS, tdArn, td)
        .put(MeshState.SERVICES, svcArn, svc)
        .put(MeshState.TASKS, taskArn, task)
        .put(MeshState.ALIAS_VIPS, MeshState.aliasKey(ns.id(), "payments", 8080), 0)
        .put(MeshState.TAGS, clusterArn, ImmutableSortedMap.of("team", "pay", "env", "prod"));
  }
}
