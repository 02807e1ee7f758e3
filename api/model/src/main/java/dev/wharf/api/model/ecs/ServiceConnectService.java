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
}
