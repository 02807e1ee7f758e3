package dev.wharf.api.ecs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.ContainerDefinition;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.KeyValuePair;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.Tag;
import dev.wharf.api.model.ecs.TaskDefinition;
import java.util.List;

/**
 * Request and response shapes of the ECS operations, named as in the ECS model
 * (spec 3.2; lowerCamelCase on the wire). Only the members Wharf reads are
 * declared; others are accepted and ignored. Views wrap the stored records with what is derived at
 * read time (counts, tags, attachments).
 */
public final class EcsShapes {
  private EcsShapes() {}

  // ---- clusters ----

  /** {@code ClusterServiceConnectDefaultsRequest {namespace}}. */
  public record ServiceConnectDefaultsRequest(String namespace) {}

  /** CreateCluster. */
  public record CreateClusterRequest(String clusterName, List<Tag> tags,
      ServiceConnectDefaultsRequest serviceConnectDefaults, List<JsonNode> settings,
      List<String> capacityProviders) {}

  /** UpdateCluster. */
  public record UpdateClusterRequest(String cluster, ServiceConnectDefaultsRequest serviceConnectDefaults,
      List<JsonNode> settings) {}

  /** DescribeClusters. */
  public record DescribeClustersRequest(List<String> clusters, List<String> include) {}

  /** DeleteCluster. */
  public record DeleteClusterRequest(String cluster) {}

  /** ListClusters and other token-paged lists without filters. */
  public record ListRequest(String nextToken, Integer maxResults) {}

  /** {@code Attachment {id, type, status, details}}. */
  public record Attachment(String id, String type, String status, List<KeyValuePair> details) {}

  /** {@code ClusterSetting {name, value}}. */
  public record ClusterSetting(String name, String value) {}

  /** A cluster as returned: the stored record with derived counts, plus tags and attachments. */
  public record ClusterView(@JsonUnwrapped Cluster cluster, List<Tag> tags, List<ClusterSetting> settings,
      List<Attachment> attachments, String attachmentsStatus) {}

  /** {@code {cluster}}. */
  public record ClusterResponse(ClusterView cluster) {}

  /** {@code Failure {arn, reason, detail}}. */
  public record Failure(String arn, String reason, String detail) {}

  /** {@code {clusters, failures}}. */
  public record DescribeClustersResponse(List<ClusterView> clusters, List<Failure> failures) {}

  /** {@code {clusterArns, nextToken}}. */
  public record ListClustersResponse(List<String> clusterArns, String nextToken) {}

  // ---- task definitions ----

  /** RegisterTaskDefinition. */
  public record RegisterTaskDefinitionRequest(String family, List<ContainerDefinition> containerDefinitions,
      String networkMode, String cpu, String memory, List<String> requiresCompatibilities, List<Tag> tags) {}

  /** DescribeTaskDefinition, DeregisterTaskDefinition. */
  public record TaskDefinitionRequest(String taskDefinition, List<String> include) {}

  /** ListTaskDefinitions. */
  public record ListTaskDefinitionsRequest(String familyPrefix, String status, String sort, String nextToken,
      Integer maxResults) {}

  /** ListTaskDefinitionFamilies. */
  public record ListTaskDefinitionFamiliesRequest(String familyPrefix, String status, String nextToken,
      Integer maxResults) {}

  /** {@code {taskDefinition, tags}}. */
  public record TaskDefinitionResponse(TaskDefinition taskDefinition, List<Tag> tags) {}

  /** {@code {taskDefinitionArns, nextToken}}. */
  public record ListTaskDefinitionsResponse(List<String> taskDefinitionArns, String nextToken) {}

  /** {@code {families, nextToken}}. */
  public record ListTaskDefinitionFamiliesResponse(List<String> families, String nextToken) {}

  // ---- services ----

  /** CreateService. */
  public record CreateServiceRequest(String cluster, String serviceName, String taskDefinition,
      Integer desiredCount, String launchType, String schedulingStrategy, String clientToken,
      ServiceConnectConfiguration serviceConnectConfiguration, List<Tag> tags, String propagateTags) {}

  /** UpdateService. */
  public record UpdateServiceRequest(String cluster, String service, Integer desiredCount, String taskDefinition,
      Boolean forceNewDeployment, ServiceConnectConfiguration serviceConnectConfiguration) {}

  /** DeleteService. */
  public record DeleteServiceRequest(String cluster, String service, Boolean force) {}

  /** DescribeServices. */
  public record DescribeServicesRequest(String cluster, List<String> services, List<String> include) {}

  /** ListServices. */
  public record ListServicesRequest(String cluster, String nextToken, Integer maxResults, String launchType,
      String schedulingStrategy) {}

  /** ListServicesByNamespace. */
  public record ListServicesByNamespaceRequest(String namespace, String nextToken, Integer maxResults) {}

  /** {@code DeploymentController {type}}. */
  public record DeploymentController(String type) {}

  /**
   * A service as returned: the stored record with derived counts and deployments, plus members ECS
   * always returns (schedulingStrategy, deploymentController, propagateTags) and tags when asked.
   */
  public record ServiceView(@JsonUnwrapped EcsService service, String schedulingStrategy,
      DeploymentController deploymentController, String propagateTags, Boolean enableECSManagedTags,
      Boolean enableExecuteCommand, List<Tag> tags) {}

  /** {@code {service}}. */
  public record ServiceResponse(ServiceView service) {}

  /** {@code {services, failures}}. */
  public record DescribeServicesResponse(List<ServiceView> services, List<Failure> failures) {}

  /** {@code {serviceArns, nextToken}}. */
  public record ListServicesResponse(List<String> serviceArns, String nextToken) {}

  // ---- tasks ----

  /** ListTasks. */
  public record ListTasksRequest(String cluster, String family, String nextToken, Integer maxResults,
      String startedBy, String serviceName, String desiredStatus, String launchType, String containerInstance) {}

  /** DescribeTasks. */
  public record DescribeTasksRequest(String cluster, List<String> tasks, List<String> include) {}

  /** {@code {taskArns, nextToken}}. */
  public record ListTasksResponse(List<String> taskArns, String nextToken) {}

  /** {@code Container} of a task (the parts Wharf knows). */
  public record ContainerView(String taskArn, String name, String image, String lastStatus, String healthStatus) {}

  /** A task as DescribeTasks returns it. */
  public record TaskView(String taskArn, String clusterArn, String taskDefinitionArn, String lastStatus,
      String desiredStatus, Double createdAt, Double startedAt, String group, String startedBy,
      String availabilityZone, String launchType, String connectivity, Double connectivityAt,
      String healthStatus, Long version, String cpu, String memory, List<ContainerView> containers,
      List<Attachment> attachments, List<Tag> tags) {}

  /** StopTask. */
  public record StopTaskRequest(String cluster, String task, String reason) {}

  /** {@code {task}}. */
  public record StopTaskResponse(TaskView task) {}

  /** {@code {tasks, failures}}. */
  public record DescribeTasksResponse(List<TaskView> tasks, List<Failure> failures) {}

  // ---- tags ----

  /** TagResource. */
  public record TagResourceRequest(String resourceArn, List<Tag> tags) {}

  /** UntagResource. */
  public record UntagResourceRequest(String resourceArn, List<String> tagKeys) {}

  /** ListTagsForResource. */
  public record ListTagsForResourceRequest(String resourceArn) {}

  /** {@code {tags}}. */
  public record TagsResponse(List<Tag> tags) {}
}
