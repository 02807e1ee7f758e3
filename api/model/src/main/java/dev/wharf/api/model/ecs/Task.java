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
 *
 * <p>{@code lastStatus} is one of the constants below ({@link #ACTIVATING}, {@link #RUNNING},
 * {@link #DEACTIVATING}, {@link #STOPPED}), exactly as ECS spells them on the wire. The {@code with...}
 * methods return a copy with one field replaced; every other field is kept.
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

  /** {@code lastStatus} of a task whose sidecar serves and that is registered in Cloud Map. */
  public static final String RUNNING = "RUNNING";

  /**
   * {@code lastStatus} of a task whose sidecar connected but does not hold its configuration yet (ECS:
   * "the task performs additional steps before it is RUNNING", such as the Cloud Map registration).
   */
  public static final String ACTIVATING = "ACTIVATING";

  /** {@code lastStatus} of a task that StopTask is stopping while its sidecar drains. */
  public static final String DEACTIVATING = "DEACTIVATING";

  /** {@code lastStatus} (and {@code desiredStatus}) of a stopped task. */
  public static final String STOPPED = "STOPPED";

  /** This task with {@code lastStatus} replaced; always a new record. */
  public Task withLastStatus(String lastStatus) {
    return new Task(taskArn, clusterArn, serviceArn, deploymentId, taskDefinitionArn, lastStatus, startedAt,
        layout, ingressIp, appIp, slot, availabilityZone, connected);
  }

  /** This task with {@code connected} replaced; always a new record. */
  public Task withConnected(Boolean connected) {
    return new Task(taskArn, clusterArn, serviceArn, deploymentId, taskDefinitionArn, lastStatus, startedAt,
        layout, ingressIp, appIp, slot, availabilityZone, connected);
  }

  /** The task id: the last segment of the ARN. */
  public String taskId() {
    return Arn.resourceId(taskArn);
  }
}
