package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * A service deployment. Every Service Connect change makes a new one (spec 46). The PRIMARY
 * deployment's {@code serviceConnectConfiguration} is the effective one (spec 3.2). When the
 * request left {@code namespace} out, the operations store the cluster default's ARN there (spec 14).
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
    List<ServiceConnectServiceResource> serviceConnectResources) {
  public Deployment {
    serviceConnectResources =
        serviceConnectResources == null ? null : List.copyOf(serviceConnectResources);
  }
}
