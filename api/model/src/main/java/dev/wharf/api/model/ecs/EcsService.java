package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * An ECS service. There is no top-level Service Connect member (spec 3.2): read
 * {@code deployments[status=PRIMARY].serviceConnectConfiguration}. {@code runningCount} is derived
 * from the connected tasks at read time.
 *
 * <p>{@code status} is {@link #ACTIVE}, {@link #DRAINING} (deleted, tasks left) or {@link #INACTIVE}
 * (deleted, no tasks left), spelled as ECS does on the wire. {@code networkConfiguration} is the one
 * CreateService or the last UpdateService that set it sent; {@code deploymentConfiguration} is never
 * null (ECS's defaults fill what was not sent, also for states stored before it existed). The
 * {@code with...} methods return a copy with one field replaced; every other field is kept.
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
    Double createdAt,
    NetworkConfiguration networkConfiguration,
    DeploymentConfiguration deploymentConfiguration) {
  public EcsService {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    events = events == null ? List.of() : List.copyOf(events);
    deploymentConfiguration = deploymentConfiguration == null ? DeploymentConfiguration.DEFAULT
        : deploymentConfiguration;
  }

  /** {@code status} of a live service. */
  public static final String ACTIVE = "ACTIVE";

  /** {@code status} of a deleted service that still has tasks. */
  public static final String DRAINING = "DRAINING";

  /** {@code status} of a deleted service with no tasks left. */
  public static final String INACTIVE = "INACTIVE";

  /** The PRIMARY deployment, or null when the service has none. */
  public Deployment primaryDeployment() {
    return deployments.stream().filter(Deployment::isPrimary).findFirst().orElse(null);
  }

  /** This service with {@code status} replaced. */
  public EcsService withStatus(String status) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code desiredCount} replaced. */
  public EcsService withDesiredCount(Integer desiredCount) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code runningCount} and {@code pendingCount} replaced (read-time views). */
  public EcsService withCounts(Integer runningCount, Integer pendingCount) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code taskDefinition} replaced. */
  public EcsService withTaskDefinition(String taskDefinition) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code deployments} replaced. */
  public EcsService withDeployments(List<Deployment> deployments) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code events} replaced. */
  public EcsService withEvents(List<ServiceEvent> events) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code networkConfiguration} replaced. */
  public EcsService withNetworkConfiguration(NetworkConfiguration networkConfiguration) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }

  /** This service with {@code deploymentConfiguration} replaced. */
  public EcsService withDeploymentConfiguration(DeploymentConfiguration deploymentConfiguration) {
    return new EcsService(serviceArn, serviceName, clusterArn, status, desiredCount, runningCount, pendingCount,
        launchType, taskDefinition, deployments, events, createdAt, networkConfiguration, deploymentConfiguration);
  }
}
