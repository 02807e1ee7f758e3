package dev.wharf.api.model.ecs;

/**
 * A container port mapping. {@code name} and {@code appProtocol} are what Service Connect reads
 * (spec 1, 2, 42): {@code appProtocol} is {@code http}, {@code http2}, {@code grpc} or null (TCP).
 */
public record PortMapping(
    Integer containerPort, Integer hostPort, String protocol, String name, String appProtocol) {}
