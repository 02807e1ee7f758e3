package dev.wharf.translator.resolve;

import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.state.MeshState;
import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.UpstreamEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoints of every discovery name: the instances of the Cloud Map service with that {@code Name} in
 * the namespace, at {@code AWS_INSTANCE_IPV4 : AWS_INSTANCE_PORT} (spec 19, 30).
 *
 * <p>Incremental: each Cloud Map service's endpoint list is memoised by its name and its instances
 * (by identity), so a pass costs O(instances) identity checks and a task that starts or stops
 * rebuilds one list. An unchanged list keeps its identity, which is what the stages after this one
 * key their own memos on. Not thread-safe: one reconciler thread.
 */
final class EndpointIndex {
  private static final Comparator<UpstreamEndpoint> ORDER =
      Comparator.comparing((UpstreamEndpoint e) -> e.address().ip())
          .thenComparingInt(e -> e.address().port())
          .thenComparing(UpstreamEndpoint::instanceId);

  /** One Cloud Map service's endpoints, with the inputs they were made from. */
  private record ServiceEndpoints(List<Object> key, List<UpstreamEndpoint> endpoints, List<Problem> problems) {}

  private Map<String, ServiceEndpoints> byService = new HashMap<>();
  private Map<String, List<UpstreamEndpoint>> byName = new HashMap<>();
  private List<Problem> problems = List.of();

  /** Sorted endpoints of {@code discoveryName} in the namespace; empty when none. */
  List<UpstreamEndpoint> endpoints(String namespaceId, String discoveryName) {
    return byName.getOrDefault(namespaceId + "|" + discoveryName, List.of());
  }

  /** Problems found in the instances (an instance without a usable address). */
  List<Problem> problems() {
    return problems;
  }

  /** Brings the index up to date with {@code state}. */
  void update(MeshState state) {
    Map<String, ServiceEndpoints> nextByService = new HashMap<>();
    Map<String, List<ServiceEndpoints>> parts = new HashMap<>();
    List<Problem> all = new ArrayList<>();
    for (DiscoveryService d : state.discoveryServices().values()) {
      ServiceEndpoints s = endpointsOf(state, d);
      nextByService.put(d.id(), s);
      parts.computeIfAbsent(d.namespaceId() + "|" + d.name(), k -> new ArrayList<>()).add(s);
      all.addAll(s.problems());
    }
    Map<String, List<UpstreamEndpoint>> nextByName = new HashMap<>();
    parts.forEach((name, list) -> nextByName.put(name, merged(name, list)));
    byService = nextByService;
    byName = nextByName;
    problems = all;
  }

  private ServiceEndpoints endpointsOf(MeshState state, DiscoveryService d) {
    List<Object> key = new ArrayList<>();
    key.add(d.namespaceId());
    key.add(d.name());
    key.addAll(state.instancesOf(d.id()).values());
    ServiceEndpoints known = byService.get(d.id());
    if (known != null && MemoKey.same(known.key(), key)) {
      return known;
    }
    Problems problems = Problems.collecting();
    List<UpstreamEndpoint> out = new ArrayList<>();
    for (Object o : key.subList(2, key.size())) {
      UpstreamEndpoint e = endpoint((Instance) o, problems);
      if (e != null) {
        out.add(e);
      }
    }
    out.sort(ORDER);
    List<UpstreamEndpoint> endpoints = List.copyOf(out);
    if (known != null && known.endpoints().equals(endpoints)) {
      endpoints = known.endpoints();
    }
    return new ServiceEndpoints(key, endpoints, problems.toList());
  }

  /** The list for one name: its one service's list, or (two services share the name) a merge. */
  private List<UpstreamEndpoint> merged(String name, List<ServiceEndpoints> list) {
    if (list.size() == 1) {
      return list.get(0).endpoints();
    }
    List<UpstreamEndpoint> out = new ArrayList<>();
    list.forEach(s -> out.addAll(s.endpoints()));
    out.sort(ORDER);
    List<UpstreamEndpoint> before = byName.get(name);
    return out.equals(before) ? before : List.copyOf(out);
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
