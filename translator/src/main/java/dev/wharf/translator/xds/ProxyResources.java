package dev.wharf.translator.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The Envoy resources of one proxy group, each list sorted by resource name. Consistent by
 * construction: every EDS cluster has its ClusterLoadAssignment and every RDS name its
 * RouteConfiguration (java-control-plane {@code Snapshot.ensureConsistent()} holds). Secrets are never
 * made by the translator (it names them, {@link SecretSpec}); the control plane adds them as a part of
 * their own, so every SDS name resolves in the same snapshot.
 */
public record ProxyResources(
    List<Cluster> clusters,
    List<ClusterLoadAssignment> endpoints,
    List<Listener> listeners,
    List<RouteConfiguration> routes,
    List<Secret> secrets) {
  public ProxyResources {
    clusters = List.copyOf(clusters);
    endpoints = List.copyOf(endpoints);
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    secrets = List.copyOf(secrets);
  }

  /** Resources without secrets: what the translator builds. */
  public ProxyResources(List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Listener> listeners,
      List<RouteConfiguration> routes) {
    this(clusters, endpoints, listeners, routes, List.of());
  }

  /** A part of secrets only. */
  public static ProxyResources ofSecrets(List<Secret> secrets) {
    return new ProxyResources(List.of(), List.of(), List.of(), List.of(), secrets);
  }
}
