package dev.wharf.api.ecs;

/**
 * What a sidecar says about its task when it opens its ADS stream (DESIGN.md "Identity"): the task
 * ARN (its node id), the ECS cluster and service names, and the addresses of the network layout.
 *
 * @param layout {@code loopback} or {@code awsvpc}
 * @param slot   loopback layout only: {@code "a.b"}, see {@link dev.wharf.api.model.ecs.Task}
 */
public record TaskRegistration(
    String taskArn,
    String clusterName,
    String serviceName,
    String layout,
    String ingressIp,
    String appIp,
    String slot,
    String availabilityZone) {}
