package dev.wharf.api.model.ecs;

/** The Cloud Map service ECS created for a discovery name (spec 17). */
public record ServiceConnectServiceResource(String discoveryName, String discoveryArn) {}
