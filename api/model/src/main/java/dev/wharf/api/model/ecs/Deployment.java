package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * A service deployment. Every Service Connect change makes a new one (spec 46). The PRIMARY
 * deployment's {@code serviceConnectConfiguration} is the effective one (spec 3.2). When the
 * request left {@code namespace} out, the operations store the cluster default's ARN there (spec 14).
 *
 * <p>{@code status} is {@link #PRIMARY} or {@link #ACTIVE}; {@code rolloutState} is
 * {@link #IN_PROGRESS} or {@link #COMPLETED}, spelled as ECS does on the wire. The {@code with...}
 * methods return a copy with one field replaced; every other field is kept. {@code launchType} and
 * {@code networkConfiguration} are the service's when the deployment was made; {@code failedTasks} is
 * 0 (Wharf launches no task that could fail to start); {@code rolloutStateReason} is filled at read time.
 */
public record Deployment(
    String id,
    String status,
    String taskDefinition,
    Integer desiredCount,
    Integer pendingCount,
    Integer runningCount,
    Double createdAt,
    Double updatedAt,
    String rolloutState,
    ServiceConnectConfiguration serviceConnectConfiguration,
    List<ServiceConnectServiceResource> serviceConnectResources,
    String launchType,
    NetworkConfiguration networkConfiguration,
    Integer failedTasks,
    String rolloutStateReason) {
  public Deployment {
    serviceConnectResources =
        serviceConnectResources == null ? null : List.copyOf(serviceConnectResources);
  }

  /** {@code status} of the deployment whose configuration is the service's effective one. */
  public static final String PRIMARY = "PRIMARY";

  /** {@code status} of an older deployment that still has tasks (its rollout is being replaced). */
  public static final String ACTIVE = "ACTIVE";

  /** {@code rolloutState} of a deployment that has not reached its desired count yet. */
  public static final String IN_PROGRESS = "IN_PROGRESS";

  /** {@code rolloutState} of a deployment that has finished (or been replaced). */
  public static final String COMPLETED = "COMPLETED";

  /** Whether this is the PRIMARY deployment. */
  public boolean isPrimary() {
    return PRIMARY.equals(status);
  }

  /** This deployment with {@code status} replaced. */
  public Deployment withStatus(String status) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code desiredCount} replaced. */
  public Deployment withDesiredCount(Integer desiredCount) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code pendingCount} and {@code runningCount} replaced (read-time views). */
  public Deployment withCounts(Integer pendingCount, Integer runningCount) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code updatedAt} replaced. */
  public Deployment withUpdatedAt(Double updatedAt) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code rolloutState} replaced. */
  public Deployment withRolloutState(String rolloutState) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code serviceConnectConfiguration} replaced. */
  public Deployment withServiceConnectConfiguration(ServiceConnectConfiguration serviceConnectConfiguration) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }

  /** This deployment with {@code rolloutStateReason} replaced. */
  public Deployment withRolloutStateReason(String rolloutStateReason) {
    return new Deployment(id, status, taskDefinition, desiredCount, pendingCount, runningCount, createdAt,
        updatedAt, rolloutState, serviceConnectConfiguration, serviceConnectResources, launchType, networkConfiguration,
        failedTasks, rolloutStateReason);
  }
}
