package dev.wharf.api.model.cloudmap;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered Cloud Map instance of one service. ECS registers one per running task of each
 * discovery name, with {@code AWS_INSTANCE_IPV4}, {@code AWS_INSTANCE_PORT}, {@code ECS_CLUSTER_NAME},
 * {@code ECS_SERVICE_NAME}, {@code ECS_TASK_DEFINITION_FAMILY} (spec 19). {@code ServiceId} is kept
 * so the record is self-describing in the store. {@code HealthStatus} is HEALTHY, UNHEALTHY or UNKNOWN.
 */
public record Instance(
    @JsonProperty("Id") String id,
    @JsonProperty("ServiceId") String serviceId,
    @JsonProperty("Attributes") Map<String, String> attributes,
    @JsonProperty("CreatorRequestId") String creatorRequestId,
    @JsonProperty("CreatedByAccount") String createdByAccount,
    @JsonProperty("HealthStatus") String healthStatus) {
  public Instance {
    attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** {@code HealthStatus} of an instance that takes traffic. */
  public static final String HEALTHY = "HEALTHY";

  /** {@code HealthStatus} of an instance that clients skip. */
  public static final String UNHEALTHY = "UNHEALTHY";

  /** Attribute names ECS sets on Service Connect registrations (spec 19). */
  public static final String IPV4 = "AWS_INSTANCE_IPV4";
  public static final String PORT = "AWS_INSTANCE_PORT";
  public static final String ECS_CLUSTER_NAME = "ECS_CLUSTER_NAME";
  public static final String ECS_SERVICE_NAME = "ECS_SERVICE_NAME";
  public static final String ECS_TASK_DEFINITION_FAMILY = "ECS_TASK_DEFINITION_FAMILY";
  public static final String AVAILABILITY_ZONE = "AVAILABILITY_ZONE";
  public static final String REGION = "REGION";
}
