package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Cloud Map service (named DiscoveryService because both APIs say "Service"). ECS creates one per
 * Service Connect discovery name (spec 17). {@code InstanceCount} is derived at read time.
 *
 * <p>{@code instancesRevision} is stored only, never on the wire (WharfJson's wire mapper hides it):
 * the state revision at which the set of the service's instances, or an instance's attributes, last
 * changed, which is what DiscoverInstances and DiscoverInstancesRevision report as
 * {@code InstancesRevision}. Health changes do not move it (AWS: "The health status updates don't
 * update InstancesRevision"). The state store stamps it, see {@code InstancesRevisions}.
 *
 * <p>The {@code with...} methods return a copy with one field replaced; every other field is kept.
 */
public record DiscoveryService(
    @JsonProperty("Id") String id,
    @JsonProperty("Arn") String arn,
    @JsonProperty("ResourceOwner") String resourceOwner,
    @JsonProperty("Name") String name,
    @JsonProperty("NamespaceId") String namespaceId,
    @JsonProperty("Description") String description,
    @JsonProperty("Type") String type,
    @JsonProperty("InstanceCount") Integer instanceCount,
    @JsonProperty("HealthCheckCustomConfig") HealthCheckCustomConfig healthCheckCustomConfig,
    @JsonProperty("CreateDate") Double createDate,
    @JsonProperty("CreatorRequestId") String creatorRequestId,
    @JsonProperty("CreatedByAccount") String createdByAccount,
    @JsonProperty("InstancesRevision") Long instancesRevision) {

  /** A service without an instances revision yet (the state store stamps it when it is stored). */
  public DiscoveryService(String id, String arn, String resourceOwner, String name, String namespaceId,
      String description, String type, Integer instanceCount, HealthCheckCustomConfig healthCheckCustomConfig,
      Double createDate, String creatorRequestId, String createdByAccount) {
    this(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount, healthCheckCustomConfig,
        createDate, creatorRequestId, createdByAccount, null);
  }

  /** {@code Type} of the services Wharf creates (discoverable through DiscoverInstances only). */
  public static final String HTTP = "HTTP";

  /** This service with {@code instancesRevision} set (null: none, as in read-time views). */
  public DiscoveryService withInstancesRevision(Long revision) {
    return new DiscoveryService(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount,
        healthCheckCustomConfig, createDate, creatorRequestId, createdByAccount, revision);
  }

  /** This service with {@code InstanceCount} replaced (read-time views). */
  public DiscoveryService withInstanceCount(Integer instanceCount) {
    return new DiscoveryService(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount,
        healthCheckCustomConfig, createDate, creatorRequestId, createdByAccount, instancesRevision);
  }

  /** This service with {@code Description} replaced. */
  public DiscoveryService withDescription(String description) {
    return new DiscoveryService(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount,
        healthCheckCustomConfig, createDate, creatorRequestId, createdByAccount, instancesRevision);
  }

  /** This service with {@code NamespaceId} replaced (null in summaries). */
  public DiscoveryService withNamespaceId(String namespaceId) {
    return new DiscoveryService(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount,
        healthCheckCustomConfig, createDate, creatorRequestId, createdByAccount, instancesRevision);
  }

  /** This service with {@code CreatorRequestId} replaced (null in summaries). */
  public DiscoveryService withCreatorRequestId(String creatorRequestId) {
    return new DiscoveryService(id, arn, resourceOwner, name, namespaceId, description, type, instanceCount,
        healthCheckCustomConfig, createDate, creatorRequestId, createdByAccount, instancesRevision);
  }

  /** {@code HealthCheckCustomConfig {FailureThreshold}}. */
  public record HealthCheckCustomConfig(@JsonProperty("FailureThreshold") Integer failureThreshold) {}
}
