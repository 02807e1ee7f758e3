package dev.wharf.api.model.ecs;

import java.util.List;

/**
 * One {@code services[]} entry of a Service Connect configuration (spec 1-9, 29, 39): the port it
 * serves, the Cloud Map service it registers as, and how clients reach it.
 */
public record ServiceConnectService(
    String portName,
    String discoveryName,
    List<ServiceConnectClientAlias> clientAliases,
    Integer ingressPortOverride,
    TimeoutConfiguration timeout,
    ServiceConnectTlsConfiguration tls) {
  public ServiceConnectService {
    clientAliases = clientAliases == null ? null : List.copyOf(clientAliases);
  }

  /**
   * The Cloud Map service name this entry registers as: {@code discoveryName}, or {@code portName}
   * when it is unset (null or empty, as the ECS API treats it; spec 3).
   */
  public String effectiveDiscoveryName() {
    return ServiceConnectNames.unset(discoveryName) ? portName : discoveryName;
  }
}
