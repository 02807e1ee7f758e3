package dev.wharf.api.ecs;

import dev.wharf.api.model.ecs.AwsVpcConfiguration;
import dev.wharf.api.model.ecs.DeploymentConfiguration;
import dev.wharf.api.model.ecs.NetworkConfiguration;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import java.util.Set;

/**
 * The service-level settings of CreateService and UpdateService besides Service Connect:
 * {@code networkConfiguration} and {@code deploymentConfiguration}, checked with ECS's messages and
 * returned as they are stored.
 *
 * <ul>
 *   <li>An {@code awsvpc} task definition needs {@code networkConfiguration.awsvpcConfiguration}
 *       with 1-16 subnets and at most 5 security groups; any other network mode refuses it (ECS's
 *       texts). Subnet and security group ids are kept as sent: Wharf has no VPC to look them up in.
 *   <li>{@code deploymentConfiguration} takes ECS's defaults for what was left out; percentages must be
 *       0-100 (minimum) and 0-2147483647 (maximum); {@code strategy} is {@code ROLLING} only (blue/green,
 *       linear and canary, spec 75, are not implemented).
 * </ul>
 */
final class ServiceSettings {
  static final String NETWORK_REQUIRED = "Network Configuration must be provided when networkMode 'awsvpc' is "
      + "specified.";
  static final String NETWORK_NOT_VALID = "Network Configuration is not valid for the given networkMode of this "
      + "task definition.";
  private static final Set<String> STRATEGIES = Set.of("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY");

  private ServiceSettings() {}

  /**
   * {@code requested} checked against the task definition's network mode, as it is stored.
   *
   * @return null for a task definition that is not awsvpc (and then {@code requested} must be null)
   */
  static NetworkConfiguration network(RequestContext ctx, TaskDefinition td, NetworkConfiguration requested) {
    boolean awsvpc = "awsvpc".equals(td.networkMode());
    if (!awsvpc) {
      if (requested != null) {
        throw EcsErrors.invalid(NETWORK_NOT_VALID);
      }
      return null;
    }
    if (requested == null || requested.awsvpcConfiguration() == null) {
      throw EcsErrors.invalid(NETWORK_REQUIRED);
    }
    AwsVpcConfiguration vpc = requested.awsvpcConfiguration();
    if (vpc.subnets() == null || vpc.subnets().isEmpty()) {
      throw EcsErrors.invalid("subnets can not be empty.");
    }
    if (vpc.subnets().size() > 16) {
      throw EcsErrors.invalid("subnets can have at most 16 items.");
    }
    if (vpc.securityGroups() != null && vpc.securityGroups().size() > 5) {
      throw EcsErrors.invalid("securityGroups can have at most 5 items.");
    }
    for (String subnet : vpc.subnets()) {
      Rules.required(ctx, subnet, "subnets[]");
      Rules.length(ctx, subnet, "subnets[]", 1, 255);
    }
    if (vpc.securityGroups() != null) {
      for (String group : vpc.securityGroups()) {
        Rules.required(ctx, group, "securityGroups[]");
        Rules.length(ctx, group, "securityGroups[]", 1, 255);
      }
    }
    Rules.oneOf(ctx, vpc.assignPublicIp(), "assignPublicIp", Set.of("ENABLED", "DISABLED"));
    return requested;
  }

  /** {@code requested} with ECS's defaults filled in; {@code current} (or the defaults) when it is null. */
  static DeploymentConfiguration deployment(RequestContext ctx, DeploymentConfiguration requested,
      DeploymentConfiguration current) {
    if (requested == null) {
      return current == null ? DeploymentConfiguration.DEFAULT : current;
    }
    Rules.range(ctx, requested.minimumHealthyPercent(), "deploymentConfiguration.minimumHealthyPercent", 0, 100);
    Rules.range(ctx, requested.maximumPercent(), "deploymentConfiguration.maximumPercent", 0, Integer.MAX_VALUE);
    Rules.oneOf(ctx, requested.strategy(), "deploymentConfiguration.strategy", STRATEGIES);
    if (!DeploymentConfiguration.ROLLING.equals(requested.strategy())) {
      throw EcsErrors.invalid("Wharf supports only the ROLLING deployment strategy; " + requested.strategy()
          + " is not implemented.");
    }
    if (requested.deploymentCircuitBreaker().enable() == null
        || requested.deploymentCircuitBreaker().rollback() == null) {
      throw EcsErrors.invalid("deploymentCircuitBreaker requires enable and rollback.");
    }
    return requested;
  }
}
