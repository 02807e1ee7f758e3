package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * An ECS service. There is no top-level Service Connect member (spec 3.2): read
 * {@code deployments[status=PRIMARY].serviceConnectConfiguration}. {@code runningCount} is derived
 * from the connected tasks at read time.
 */
public record EcsService(
    String serviceArn,
    String serviceName,
    String clusterArn,
    String status,
    Integer desiredCount,
    Integer runningCount,
    Integer pendingCount,
    String launchType,
    String taskDefinition,
    List<Deployment> deployments,
    List<ServiceEvent> events,
    Double createdAt) {
  public EcsService {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** The PRIMARY deployment, or null when the service has none. */
  public Deployment primaryDeployment() {
    return deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
  }
}
