package dev.wharf.tests.ads;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.wharf.translator.xds.ProxyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.ArrayList;
import java.util.List;

/**
 * Small, valid Service Connect-shaped resources for conversation tests: one service = cluster + CLA +
 * listener + route.
 */
final class Fixtures {
  private Fixtures() {}

  static ConfigSource ads() {
    return ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3).build();
  }

  static Cluster cluster(String name) {
    return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads()))
        .setConnectTimeout(Duration.newBuilder().setSeconds(5)).build();
  }

  static ClusterLoadAssignment cla(String name, String... ips) {
    LocalityLbEndpoints.Builder l = LocalityLbEndpoints.newBuilder();
    for (String ip : ips) {
      l.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(
          Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress(ip).setPortValue(8080)))));
    }
    ClusterLoadAssignment.Builder b = ClusterLoadAssignment.newBuilder().setClusterName(name);
    if (ips.length > 0) {
      b.addEndpoints(l);
    }
    return b.build();
  }

  static Listener listener(String name, String routeName, int port) {
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder().setStatPrefix(name)
        .setRds(Rds.newBuilder().setConfigSource(ads()).setRouteConfigName(routeName))
        .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
            .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
    return Listener.newBuilder().setName(name)
        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setAddress("127.0.0.1")
            .setPortValue(port)))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName("envoy.http_connection_manager").setTypedConfig(Any.pack(hcm))))
        .build();
  }

  static RouteConfiguration route(String name, String cluster) {
    return RouteConfiguration.newBuilder().setName(name).addVirtualHosts(VirtualHost.newBuilder().setName(name)
        .addDomains("*").addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
            .setRoute(RouteAction.newBuilder().setCluster(cluster)))).build();
  }

  /** A group with services {@code names}, each with endpoints {@code ips}. */
  static ProxyResources group(List<String> names, String... ips) {
    List<Cluster> c = new ArrayList<>();
    List<ClusterLoadAssignment> e = new ArrayList<>();
    List<Listener> l = new ArrayList<>();
    List<RouteConfiguration> r = new ArrayList<>();
    int port = 10000;
    for (String n : names.stream().sorted().toList()) {
      c.add(cluster(n));
      e.add(cla(n, ips));
      l.add(listener("egress/" + n, "egress/" + n, port++));
      r.add(route("egress/" + n, n));
    }
    return new ProxyResources(c, e, l, r);
  }

  static List<String> names(List<Any> resources, Class<? extends Message> type) {
    List<String> out = new ArrayList<>();
    for (Any a : resources) {
      try {
        Message m = a.unpack(type);
        out.add(m instanceof Cluster c ? c.getName() : m instanceof ClusterLoadAssignment cla ? cla.getClusterName()
            : m instanceof Listener li ? li.getName() : ((RouteConfiguration) m).getName());
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    }
    return out;
  }

  static ClusterLoadAssignment unpackCla(Any a) {
    try {
      return a.unpack(ClusterLoadAssignment.class);
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError(ex);
    }
  }
}
