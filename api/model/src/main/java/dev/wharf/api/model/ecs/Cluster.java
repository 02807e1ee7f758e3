package dev.wharf.api.model.ecs;

/**
 * An ECS cluster. Counts are derived at read time by the operations, so they are stored as 0.
 * {@code status} is {@link #ACTIVE} or {@link #INACTIVE} (deleted), spelled as ECS does on the wire.
 */
public record Cluster(
    String clusterArn,
    String clusterName,
    String status,
    ClusterServiceConnectDefaults serviceConnectDefaults,
    Integer registeredContainerInstancesCount,
    Integer runningTasksCount,
    Integer pendingTasksCount,
    Integer activeServicesCount) {

  /** {@code status} of a live cluster. */
  public static final String ACTIVE = "ACTIVE";

  /** {@code status} of a deleted cluster. */
  public static final String INACTIVE = "INACTIVE";
}
