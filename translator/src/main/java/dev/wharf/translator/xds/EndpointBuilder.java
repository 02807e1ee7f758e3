package dev.wharf.translator.xds;

import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.Upstream;
import dev.wharf.translator.ir.UpstreamEndpoint;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/** Builds ClusterLoadAssignments: EDS for upstreams, inline for the local app cluster. */
public final class EndpointBuilder {
  private EndpointBuilder() {}

  /**
   * The endpoints of an upstream, one LbEndpoint per Cloud Map instance (hostname = instance id).
   * Always emitted, even when empty, so that every EDS cluster has its assignment.
   */
  public static ClusterLoadAssignment upstream(Upstream u) {
    ClusterLoadAssignment.Builder b =
        ClusterLoadAssignment.newBuilder().setClusterName(Names.upstreamCluster(u.discoveryName()));
    if (!u.endpoints().isEmpty()) {
      LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
      for (UpstreamEndpoint e : u.endpoints()) {
        locality.addLbEndpoints(lbEndpoint(e));
      }
      b.addEndpoints(locality);
    }
    return b.build();
  }

  /** A one-endpoint assignment, for STATIC clusters. */
  static ClusterLoadAssignment single(String clusterName, SocketAddress address) {
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(clusterName)
        .addEndpoints(LocalityLbEndpoints.newBuilder()
            .addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Protos.address(address)))))
        .build();
  }

  private static LbEndpoint lbEndpoint(UpstreamEndpoint e) {
    LbEndpoint.Builder b = LbEndpoint.newBuilder()
        .setEndpoint(Endpoint.newBuilder()
            .setAddress(Protos.address(e.address()))
            .setHostname(e.instanceId()));
    if (!e.healthy()) {
      b.setHealthStatus(HealthStatus.UNHEALTHY);
    }
    return b.build();
  }
}
