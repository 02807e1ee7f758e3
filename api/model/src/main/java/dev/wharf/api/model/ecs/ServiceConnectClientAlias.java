package dev.wharf.api.model.ecs;

/**
 * A client alias (spec 5-7): clients in the namespace reach the discovery name at
 * {@code dnsName:port}. {@code dnsName} defaults to {@code discoveryName.namespace}.
 */
public record ServiceConnectClientAlias(
    Integer port, String dnsName, ServiceConnectTestTrafficRules testTrafficRules) {}
