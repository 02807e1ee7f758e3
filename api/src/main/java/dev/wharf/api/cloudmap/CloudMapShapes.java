package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wharf.api.model.cloudmap.CloudMapTag;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import java.util.List;
import java.util.Map;

/**
 * Request and response shapes of the Cloud Map operations, named as in the servicediscovery model
 * (spec 3.3; UpperCamelCase on the wire). Only the members Wharf reads are
 * declared; other members are ignored. Stored records double as output shapes where they match.
 */
public final class CloudMapShapes {
  private CloudMapShapes() {}

  // ---- requests ----

  /** CreateHttpNamespace. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CreateHttpNamespaceRequest(String name, String creatorRequestId, String description,
      List<CloudMapTag> tags) {}

  /** GetNamespace, DeleteNamespace, GetService, DeleteService. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record IdRequest(String id) {}

  /** UpdateHttpNamespace. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UpdateHttpNamespaceRequest(String id, String updaterRequestId, HttpNamespaceChange namespace) {}

  /** {@code HttpNamespaceChange {Description}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record HttpNamespaceChange(String description) {}

  /** ListNamespaces, ListServices, ListOperations. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListRequest(String nextToken, Integer maxResults, List<Filter> filters) {}

  /** A list filter {@code {Name, Values, Condition}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Filter(String name, List<String> values, String condition) {}

  /** CreateService. {@code DnsConfig} and {@code HealthCheckConfig} are only checked for presence. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CreateServiceRequest(String name, String namespaceId, String creatorRequestId,
      String description, JsonNode dnsConfig, JsonNode healthCheckConfig,
      DiscoveryService.HealthCheckCustomConfig healthCheckCustomConfig, List<CloudMapTag> tags, String type) {}

  /** UpdateService. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UpdateServiceRequest(String id, ServiceChange service) {}

  /** {@code ServiceChange {Description, DnsConfig, HealthCheckConfig}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ServiceChange(String description, JsonNode dnsConfig, JsonNode healthCheckConfig) {}

  /** RegisterInstance. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record RegisterInstanceRequest(String serviceId, String instanceId, String creatorRequestId,
      Map<String, String> attributes) {}

  /** DeregisterInstance, GetInstance. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record InstanceRequest(String serviceId, String instanceId) {}

  /** ListInstances. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListInstancesRequest(String serviceId, String nextToken, Integer maxResults) {}

  /** DiscoverInstances and DiscoverInstancesRevision. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DiscoverInstancesRequest(String namespaceName, String serviceName, Integer maxResults,
      Map<String, String> queryParameters, Map<String, String> optionalParameters, String healthStatus,
      String ownerAccount) {}

  /** GetInstancesHealthStatus. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetInstancesHealthStatusRequest(String serviceId, List<String> instances, Integer maxResults,
      String nextToken) {}

  /** UpdateInstanceCustomHealthStatus. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UpdateInstanceCustomHealthStatusRequest(String serviceId, String instanceId, String status) {}

  /** GetOperation. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetOperationRequest(String operationId, String ownerAccount) {}

  /** TagResource. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TagResourceRequest(String resourceARN, List<CloudMapTag> tags) {}

  /** UntagResource. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UntagResourceRequest(String resourceARN, List<String> tagKeys) {}

  /** ListTagsForResource. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListTagsForResourceRequest(String resourceARN) {}

  // ---- responses ----

  /** {@code {OperationId}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record OperationIdResponse(String operationId) {}

  /** {@code {Namespace}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record NamespaceResponse(Namespace namespace) {}

  /** {@code {Namespaces, NextToken}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListNamespacesResponse(List<Namespace> namespaces, String nextToken) {}

  /** {@code {Service}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ServiceResponse(DiscoveryService service) {}

  /** {@code {Services, NextToken}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListServicesResponse(List<DiscoveryService> services, String nextToken) {}

  /** Cloud Map {@code Instance} and {@code InstanceSummary} (the latter has no CreatorRequestId). */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record InstanceView(String id, String creatorRequestId, Map<String, String> attributes,
      String createdByAccount) {}

  /** {@code {ResourceOwner, Instance}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetInstanceResponse(String resourceOwner, InstanceView instance) {}

  /** {@code {ResourceOwner, Instances, NextToken}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListInstancesResponse(String resourceOwner, List<InstanceView> instances, String nextToken) {}

  /** {@code HttpInstanceSummary}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record HttpInstanceSummary(String instanceId, String namespaceName, String serviceName,
      String healthStatus, Map<String, String> attributes) {}

  /** {@code {Instances, InstancesRevision}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DiscoverInstancesResponse(List<HttpInstanceSummary> instances, Long instancesRevision) {}

  /** {@code {InstancesRevision}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DiscoverInstancesRevisionResponse(Long instancesRevision) {}

  /** {@code {Status, NextToken}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetInstancesHealthStatusResponse(Map<String, String> status, String nextToken) {}

  /** {@code {Operation}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetOperationResponse(Operation operation) {}

  /** {@code OperationSummary {Id, Status}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record OperationSummary(String id, String status) {}

  /** {@code {Operations, NextToken}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListOperationsResponse(List<OperationSummary> operations, String nextToken) {}

  /** {@code {Tags}}. */
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListTagsForResourceResponse(List<CloudMapTag> tags) {}
}
