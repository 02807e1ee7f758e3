package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * A service's Service Connect configuration (spec 11, 12). After CreateService/UpdateService it is
 * stored with {@code namespace} as sent; the effective namespace ARN is on the deployment's
 * {@code serviceConnectResources} and resolved by the operations.
 */
public record ServiceConnectConfiguration(
    Boolean enabled,
    String namespace,
    List<ServiceConnectService> services,
    LogConfiguration logConfiguration,
    ServiceConnectAccessLogConfiguration accessLogConfiguration) {
  public ServiceConnectConfiguration {
    services = services == null ? null : List.copyOf(services);
  }
}
