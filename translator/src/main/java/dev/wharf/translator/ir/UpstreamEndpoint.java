package dev.wharf.translator.ir;

/**
 * One Cloud Map instance of a discovery name: {@code AWS_INSTANCE_IPV4 : AWS_INSTANCE_PORT}
 * (spec 19, 30).
 *
 * @param instanceId the Cloud Map instance id (the task id for ECS registrations)
 * @param healthy false when Cloud Map reports the instance UNHEALTHY
 */
public record UpstreamEndpoint(String instanceId, SocketAddress address, boolean healthy) {}
