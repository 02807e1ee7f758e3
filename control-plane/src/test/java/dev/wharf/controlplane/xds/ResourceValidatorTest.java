package dev.wharf.controlplane.xds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceValidatorTest {
  @Test
  void aValidClusterPasses() {
    assertEquals(List.of(), ResourceValidator.check(XdsType.CLUSTER, SnapshotPublisherTest.cluster("a", 5)));
  }

  @Test
  void emptyNamesNegativeDurationsAndBadPortsFail() {
    assertTrue(ResourceValidator.check(XdsType.CLUSTER, SnapshotPublisherTest.cluster("", 5)).toString()
        .contains("empty name"));
    assertTrue(ResourceValidator.check(XdsType.CLUSTER, SnapshotPublisherTest.cluster("a", 0)).toString()
        .contains("connect_timeout must be > 0"));
    ClusterLoadAssignment port = ClusterLoadAssignment.newBuilder().setClusterName("a")
        .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(
            Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                SocketAddress.newBuilder().setAddress("10.0.0.1").setPortValue(70000)))))).build();
    assertTrue(ResourceValidator.check(XdsType.ENDPOINT, port).toString().contains("port 70000 out of range"));
    RouteConfiguration rc = RouteConfiguration.newBuilder().setName("r").addVirtualHosts(VirtualHost.newBuilder()
        .setName("r").addDomains("*").addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
            .setRoute(RouteAction.newBuilder().setCluster("a").setTimeout(Duration.newBuilder().setSeconds(-3)))))
        .build();
    assertTrue(ResourceValidator.check(XdsType.ROUTE, rc).toString().contains("negative duration"));
    RouteConfiguration noDomains = RouteConfiguration.newBuilder().setName("r")
        .addVirtualHosts(VirtualHost.newBuilder().setName("r")).build();
    assertTrue(ResourceValidator.check(XdsType.ROUTE, noDomains).toString().contains("no domains"));
  }
}
