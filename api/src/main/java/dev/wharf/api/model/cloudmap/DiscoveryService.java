package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Cloud Map service (named DiscoveryService because both APIs say "Service"). ECS creates one per
 * Service Connect discovery name (spec 17). {@code InstanceCount} is derived at read time.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record DiscoveryService(
    String id,
    String arn,
    String resourceOwner,
    String name,
    String namespaceId,
    String description,
    String type,
    Integer instanceCount,
    HealthCheckCustomConfig healthCheckCustomConfig,
    Double createDate,
    String creatorRequestId,
    String createdByAccount) {

  /** {@code HealthCheckCustomConfig {FailureThreshold}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record HealthCheckCustomConfig(Integer failureThreshold) {}
}
