package dev.wharf.translator.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What one proxy group is served, as parts: {@code [upstreams, egress, ingress]}. The upstream part
 * (EDS clusters and their assignments) is shared by every proxy of a namespace that sees the same
 * aliases; the egress part (egress listeners and routes) by every proxy that also has the same VIPs
 * and access-log setting (awsvpc: the whole namespace); the ingress part is the task's own. Shared
 * parts are the same objects in every plan that holds them, which is what lets the publisher and the
 * ADS server keep one copy of each.
 *
 * <p>Rules the translator keeps: resource names are unique across the parts of a plan (the naming
 * scheme in {@link Names} keeps the parts' names apart), and each part's references resolve within
 * itself or an earlier part (egress routes name upstream clusters; ingress listeners their own
 * routes and app clusters). {@link #flatten()} is the plan as one {@link ProxyResources}, what a
 * proxy holds in the end.
 */
public record ProxyPlan(List<ProxyResources> parts) {
  public ProxyPlan {
    parts = List.copyOf(parts);
  }

  /** A plan of one part (tests, tools). */
  public static ProxyPlan of(ProxyResources resources) {
    return new ProxyPlan(List.of(resources));
  }

  /** Every resource of every part, each type sorted by name. */
  public ProxyResources flatten() {
    return new ProxyResources(
        merged(ProxyResources::clusters, Cluster::getName),
        merged(ProxyResources::endpoints, ClusterLoadAssignment::getClusterName),
        merged(ProxyResources::listeners, Listener::getName),
        merged(ProxyResources::routes, RouteConfiguration::getName),
        merged(ProxyResources::secrets, Secret::getName));
  }

  private <T extends Message> List<T> merged(Function<ProxyResources, List<T>> pick, Function<T, String> name) {
    List<T> out = new ArrayList<>();
    for (ProxyResources p : parts) {
      out.addAll(pick.apply(p));
    }
    out.sort(Comparator.comparing(name));
    return out;
  }

  /** Identity: plans are compared by their parts' identity, which is how sharing is detected. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ProxyPlan other) || other.parts.size() != parts.size()) {
      return false;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (other.parts.get(i) != parts.get(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (ProxyResources p : parts) {
      h = h * 31 + System.identityHashCode(p);
    }
    return h;
  }
}
