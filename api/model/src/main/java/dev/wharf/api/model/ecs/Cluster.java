package dev.wharf.api.model.ecs;

/**
 * An ECS cluster. Counts are derived at read time by the operations, so they are stored as 0.
 */
public record Cluster(
    String clusterArn,
    String clusterName,
    String status,
    ClusterServiceConnectDefaults serviceConnectDefaults,
    Integer registeredContainerInstancesCount,
    Integer runningTasksCount,
    Integer pendingTasksCount,
    Integer activeServicesCount) {}
