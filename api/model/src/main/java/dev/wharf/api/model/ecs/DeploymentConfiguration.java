package dev.wharf.api.model.ecs;

/**
 * {@code DeploymentConfiguration} of a service. ECS always returns it; members the request left out
 * read as ECS's defaults for a REPLICA service with the ECS deployment controller:
 * {@code maximumPercent} 200, {@code minimumHealthyPercent} 100, circuit breaker off, strategy
 * {@code ROLLING}. Wharf starts and stops no tasks itself, so these are stored and echoed, not enforced.
 */
public record DeploymentConfiguration(DeploymentCircuitBreaker deploymentCircuitBreaker, Integer maximumPercent,
    Integer minimumHealthyPercent, String strategy) {
  /** The only strategy Wharf supports: a rolling update. */
  public static final String ROLLING = "ROLLING";

  /** ECS's defaults. */
  public static final DeploymentConfiguration DEFAULT =
      new DeploymentConfiguration(DeploymentCircuitBreaker.OFF, 200, 100, ROLLING);

  public DeploymentConfiguration {
    deploymentCircuitBreaker = deploymentCircuitBreaker == null ? DeploymentCircuitBreaker.OFF
        : deploymentCircuitBreaker;
    maximumPercent = maximumPercent == null ? 200 : maximumPercent;
    minimumHealthyPercent = minimumHealthyPercent == null ? 100 : minimumHealthyPercent;
    strategy = strategy == null ? ROLLING : strategy;
  }
}
