package dev.wharf.api.model.ecs;

import java.util.List;

/** The part of an ECS container definition that Wharf keeps and echoes back. */
public record ContainerDefinition(
    String name,
    String image,
    Integer cpu,
    Integer memory,
    Boolean essential,
    List<PortMapping> portMappings,
    List<KeyValuePair> environment,
    List<String> command) {
  public ContainerDefinition {
    portMappings = portMappings == null ? List.of() : List.copyOf(portMappings);
    environment = environment == null ? null : List.copyOf(environment);
    command = command == null ? null : List.copyOf(command);
  }
}
