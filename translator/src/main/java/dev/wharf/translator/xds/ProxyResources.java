package dev.wharf.translator.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;

/**
 * The Envoy resources of one proxy group, each list sorted by resource name. Consistent by
 * construction: every EDS cluster has its ClusterLoadAssignment and every RDS name its
 * RouteConfiguration (java-control-plane {@code Snapshot.ensureConsistent()} holds).
 */
public record ProxyResources(
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Listener> listeners,
    List<RouteConfiguration> routes) {
  public ProxyResources {
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
  }
}
