package dev.wharf.api.model.ecs;

import dev.wharf.api.arn.Arn;

/**
 * A running task, known because its sidecar holds an ADS stream (DESIGN.md "Identity").
 *
 * <p>{@code layout} is {@code loopback} or {@code awsvpc}. {@code ingressIp} is the address the
 * sidecar's ingress listeners bind and the address clients reach it on; {@code appIp} is where the
 * app listens. In the loopback layout {@code slot} is {@code "a.b"}: the task's ingress is
 * {@code 127.1.a.b}, its app {@code 127.2.a.b} and its alias k's VIP {@code 127.(128+k).a.b}.
 * {@code connected} is false for a task restored from disk whose sidecar has not reconnected yet.
 */
public record Task(
    String taskArn,
    String clusterArn,
    String serviceArn,
    String deploymentId,
    String taskDefinitionArn,
    String lastStatus,
    Double startedAt,
    String layout,
    String ingressIp,
    String appIp,
    String slot,
    String availabilityZone,
    Boolean connected) {

  /** The task id: the last segment of the ARN. */
  public String taskId() {
    return Arn.resourceId(taskArn);
  }
}
