package dev.wharf.api.model.ecs;

/** {@code DeploymentCircuitBreaker {enable, rollback}}, both required on the wire; ECS's default is off. */
public record DeploymentCircuitBreaker(Boolean enable, Boolean rollback) {
  /** What ECS returns when the request had none: {@code {enable: false, rollback: false}}. */
  public static final DeploymentCircuitBreaker OFF = new DeploymentCircuitBreaker(false, false);
}
