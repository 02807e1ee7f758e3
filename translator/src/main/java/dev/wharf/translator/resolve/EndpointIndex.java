package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.UpstreamEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Endpoints of every discovery name: the instances of the Cloud Map service with that {@code Name} in
 * the namespace, at {@code AWS_INSTANCE_IPV4 : AWS_INSTANCE_PORT} (spec 19, 30).
 */
final class EndpointIndex {
  private static final Comparator<UpstreamEndpoint> ORDER =
      Comparator.comparing((UpstreamEndpoint e) -> e.address().ip())
          .thenComparingInt(e -> e.address().port())
          .thenComparing(UpstreamEndpoint::instanceId);

  private final Map<String, List<UpstreamEndpoint>> byName;

  private EndpointIndex(Map<String, List<UpstreamEndpoint>> byName) {
    this.byName = byName;
  }

  /** Sorted endpoints of {@code discoveryName} in the namespace; empty when none. */
  List<UpstreamEndpoint> endpoints(String namespaceId, String discoveryName) {
    return byName.getOrDefault(namespaceId + "|" + discoveryName, List.of());
  }

  static EndpointIndex build(MeshState state, Problems problems) {
    Map<String, String> nameOfService = new TreeMap<>();
    for (DiscoveryService s : state.discoveryServices().values()) {
      nameOfService.put(s.id(), s.namespaceId() + "|" + s.name());
    }
    Map<String, List<UpstreamEndpoint>> out = new TreeMap<>();
    for (Instance i : state.instances().values()) {
      String name = nameOfService.get(i.serviceId());
      UpstreamEndpoint e = name == null ? null : endpoint(i, problems);
      if (e != null) {
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
      }
    }
    out.values().forEach(l -> l.sort(ORDER));
    out.replaceAll((k, v) -> List.copyOf(v));
    return new EndpointIndex(out);
  }

  private static UpstreamEndpoint endpoint(Instance i, Problems problems) {
    String ip = i.attributes().get(Instance.IPV4);
    String port = i.attributes().get(Instance.PORT);
    try {
      int p = Integer.parseInt(port);
      if (ip == null || p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return new UpstreamEndpoint(i.id(), new SocketAddress(ip, p), !"UNHEALTHY".equals(i.healthStatus()));
    } catch (NumberFormatException ex) {
      problems.add(Problem.INVALID_INSTANCE, i.serviceId() + "/" + i.id(),
          "instance needs AWS_INSTANCE_IPV4 and an AWS_INSTANCE_PORT in 1-65535, has " + ip + ":" + port);
      return null;
    }
  }
}
