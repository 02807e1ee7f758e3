package dev.wharf.controlplane.metrics;

import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.state.MeshState;
import dev.wharf.bootstrap.BootstrapBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sidecar to scrape: its task, the ECS names that become the fixed dimensions (ServiceName,
 * ClusterName), its metrics listener ({@code ingressIp:9902}, {@link BootstrapBuilder#METRICS_PORT})
 * and the discovery names it serves with {@code appProtocol: grpc} (their requests also count as
 * {@code GrpcRequestCount}).
 *
 * @param taskArn the task
 * @param clusterName the ECS cluster's name
 * @param serviceName the ECS service's name
 * @param host the metrics listener's address (the task's ingress address)
 * @param port the metrics listener's port
 * @param grpcDiscoveryNames the task's gRPC discovery names
 */
public record SidecarTarget(
    String taskArn, String clusterName, String serviceName, String host, int port, Set<String> grpcDiscoveryNames) {

  public SidecarTarget {
    grpcDiscoveryNames = Set.copyOf(grpcDiscoveryNames);
  }

  /** The task id, the last segment of its ARN. */
  public String taskId() {
    return lastSegment(taskArn);
  }

  /**
   * Every task in {@code state} whose sidecar is connected and not stopped, sorted by ARN. A task
   * that leaves the state (or disconnects) leaves this list, and so stops reporting.
   */
  public static List<SidecarTarget> of(MeshState state) {
    List<SidecarTarget> out = new ArrayList<>();
    for (Task t : state.tasks().values()) {
      if (t.ingressIp() == null || !Boolean.TRUE.equals(t.connected()) || Task.STOPPED.equals(t.lastStatus())) {
        continue;
      }
      EcsService service = state.services().get(t.serviceArn());
      out.add(new SidecarTarget(t.taskArn(), lastSegment(t.clusterArn()), lastSegment(t.serviceArn()), t.ingressIp(),
          BootstrapBuilder.METRICS_PORT, grpcNames(state, t, service)));
    }
    return out;
  }

  private static Set<String> grpcNames(MeshState state, Task t, EcsService service) {
    Set<String> names = new TreeSet<>();
    TaskDefinition td = state.taskDefinitions().get(t.taskDefinitionArn());
    if (service == null || td == null) {
      return names;
    }
    service.deployments().stream()
        .filter(d -> d.id() != null && d.id().equals(t.deploymentId()))
        .map(d -> d.serviceConnectConfiguration())
        .filter(c -> c != null && c.services() != null)
        .findFirst()
        .map(ServiceConnectConfiguration::services)
        .orElse(List.of())
        .forEach(s -> addIfGrpc(names, td, s));
    return names;
  }

  private static void addIfGrpc(Set<String> names, TaskDefinition td, ServiceConnectService s) {
    PortMapping pm = td.portMapping(s.portName());
    if (pm != null && "grpc".equalsIgnoreCase(pm.appProtocol())) {
      names.add(s.effectiveDiscoveryName());
    }
  }

  private static String lastSegment(String arn) {
    return arn == null ? "" : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
