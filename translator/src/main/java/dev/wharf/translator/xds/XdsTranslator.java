package dev.wharf.translator.xds;

import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.ir.Upstream;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Stage 2: one {@link ProxyConfig} to its {@link ProxyResources}. Pure and stateless. */
public final class XdsTranslator {
  private XdsTranslator() {}

  public static ProxyResources translate(ProxyConfig p) {
    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> endpoints = new ArrayList<>();
    List<Listener> listeners = new ArrayList<>();
    List<RouteConfiguration> routes = new ArrayList<>();
    for (IngressListener l : p.ingress()) {
      listeners.add(ListenerBuilder.ingress(l, p.accessLog()));
      clusters.add(ClusterBuilder.app(l));
      if (l.protocol().isHttp()) {
        routes.add(RouteBuilder.ingress(l));
      }
    }
    for (EgressListener l : p.egress()) {
      listeners.add(ListenerBuilder.egress(l, p.accessLog()));
      if (l.protocol().isHttp()) {
        routes.add(RouteBuilder.egress(l));
      }
    }
    for (Upstream u : p.upstreams()) {
      clusters.add(ClusterBuilder.upstream(u, p.outlierDetection()));
      endpoints.add(EndpointBuilder.upstream(u));
    }
    clusters.sort(Comparator.comparing(Cluster::getName));
    endpoints.sort(Comparator.comparing(ClusterLoadAssignment::getClusterName));
    listeners.sort(Comparator.comparing(Listener::getName));
    routes.sort(Comparator.comparing(RouteConfiguration::getName));
    return new ProxyResources(clusters, endpoints, listeners, routes);
  }
}
