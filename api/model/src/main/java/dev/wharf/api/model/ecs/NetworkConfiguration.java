package dev.wharf.api.model.ecs;

/**
 * {@code NetworkConfiguration {awsvpcConfiguration}} of a service and of each of its deployments.
 * CreateService requires it for an {@code awsvpc} task definition and refuses it for any other network
 * mode, with ECS's messages.
 */
public record NetworkConfiguration(AwsVpcConfiguration awsvpcConfiguration) {}
