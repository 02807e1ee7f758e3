package dev.wharf.controlplane.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The resource types Wharf serves: CDS, EDS, LDS, RDS in make-before-break order (as the xDS protocol
 * asks), and SDS (spec 56), which {@code AdsStream} pushes first (a rotation changes secrets only). CDS
 * and LDS are state-of-the-world types in SotW (every response lists every resource) and wildcard
 * subscriptions; EDS, RDS and SDS are named subscriptions, answered per name; a missing EDS or RDS name
 * is answered with an empty placeholder so clusters and listeners never stay warming.
 */
public enum XdsType {
  CLUSTER("type.googleapis.com/envoy.config.cluster.v3.Cluster", true),
  ENDPOINT("type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment", false),
  LISTENER("type.googleapis.com/envoy.config.listener.v3.Listener", true),
  ROUTE("type.googleapis.com/envoy.config.route.v3.RouteConfiguration", false),
  /**
   * SDS over ADS (spec 56): certificates and trust bundles, named subscriptions. A missing secret has
   * no placeholder (an empty one would be rejected); the publisher never publishes a snapshot whose
   * listeners or clusters name a secret it lacks.
   */
  SECRET("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", false);

  /** All types in push order. */
  public static final List<XdsType> ORDER = List.of(values());

  private final String typeUrl;
  private final boolean fullState;

  XdsType(String typeUrl, boolean fullState) {
    this.typeUrl = typeUrl;
    this.fullState = fullState;
  }

  public String typeUrl() {
    return typeUrl;
  }

  /** CDS and LDS: SotW responses carry every resource, and removal is by omission. */
  public boolean fullState() {
    return fullState;
  }

  /** The short name used in metrics and the admin view ("Cluster", "ClusterLoadAssignment", ...). */
  public String shortName() {
    return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
  }

  /** The type of a type URL, or null for types Wharf does not serve (SDS, ECDS, ...). */
  public static XdsType of(String typeUrl) {
    for (XdsType t : values()) {
      if (t.typeUrl.equals(typeUrl)) {
        return t;
      }
    }
    return null;
  }

  /** The resource name Envoy subscribes by. */
  public String nameOf(Message m) {
    return switch (this) {
      case CLUSTER -> ((Cluster) m).getName();
      case ENDPOINT -> ((ClusterLoadAssignment) m).getClusterName();
      case LISTENER -> ((Listener) m).getName();
      case ROUTE -> ((RouteConfiguration) m).getName();
      case SECRET -> ((Secret) m).getName();
    };
  }

  /**
   * The answer for a subscribed name that does not exist (EDS and RDS only): an empty assignment or an
   * empty route table, so a warming cluster or listener completes instead of waiting for
   * {@code initial_fetch_timeout} (as the xDS protocol advises); null for CDS/LDS.
   */
  public Message placeholder(String name) {
    return switch (this) {
      case ENDPOINT -> ClusterLoadAssignment.newBuilder().setClusterName(name).build();
      case ROUTE -> RouteConfiguration.newBuilder().setName(name).build();
      default -> null;
    };
  }
}
