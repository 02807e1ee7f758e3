package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * {@code AwsVpcConfiguration {subnets, securityGroups, assignPublicIp}} of an awsvpc service, kept as
 * sent and echoed as ECS does; {@code assignPublicIp} reads {@link #DISABLED} when it was left out.
 * Wharf places no task in a subnet, so the values are stored, not acted on.
 */
public record AwsVpcConfiguration(List<String> subnets, List<String> securityGroups, String assignPublicIp) {
  /** {@code assignPublicIp} when the request left it out, as ECS answers. */
  public static final String DISABLED = "DISABLED";

  public AwsVpcConfiguration {
    subnets = subnets == null ? null : List.copyOf(subnets);
    securityGroups = securityGroups == null ? null : List.copyOf(securityGroups);
    assignPublicIp = assignPublicIp == null ? DISABLED : assignPublicIp;
  }
}
