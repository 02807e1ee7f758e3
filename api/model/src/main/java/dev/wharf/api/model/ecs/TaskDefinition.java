package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * A registered task definition revision. {@code memory} at task level is required by Service Connect
 * (spec 53); {@code networkMode} must be awsvpc or bridge for Service Connect (spec 31).
 * {@code status} is {@link #ACTIVE} or {@link #INACTIVE} (deregistered), spelled as ECS does on the wire.
 */
public record TaskDefinition(
    String taskDefinitionArn,
    String family,
    Integer revision,
    String status,
    String networkMode,
    String cpu,
    String memory,
    List<ContainerDefinition> containerDefinitions,
    List<String> requiresCompatibilities,
    Double registeredAt,
    Double deregisteredAt) {
  public TaskDefinition {
    containerDefinitions =
        containerDefinitions == null ? List.of() : List.copyOf(containerDefinitions);
    requiresCompatibilities =
        requiresCompatibilities == null ? null : List.copyOf(requiresCompatibilities);
  }

  /** {@code status} of a registered revision. */
  public static final String ACTIVE = "ACTIVE";

  /** {@code status} of a deregistered revision. */
  public static final String INACTIVE = "INACTIVE";

  /** The port mapping named {@code portName} in any container (first match), or null. */
  public PortMapping portMapping(String portName) {
    if (portName == null) {
      return null;
    }
    for (ContainerDefinition c : containerDefinitions) {
      for (PortMapping p : c.portMappings()) {
        if (portName.equals(p.name())) {
          return p;
        }
      }
    }
    return null;
  }
}
