package dev.wharf.api.model.ecs;

/** ECS {@code KeyValuePair}, used for container environment variables. */
public record KeyValuePair(String name, String value) {}
