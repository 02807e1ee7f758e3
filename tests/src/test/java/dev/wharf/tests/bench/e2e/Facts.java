package dev.wharf.tests.bench.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fleet needs to know about one resource, parsed once per distinct content and shared by
 * every sidecar that receives the same bytes (the server sends identical bytes to many proxies).
 *
 * <p>Interned by content: two {@code Facts} are the same object exactly when their resource bytes are
 * equal, so a sidecar detects changed content by identity. Resource names are also mapped to small
 * dense ids ({@link #id}), so each sidecar can hold its configuration in arrays. Thread-safe.
 *
 * @param type the xDS type URL
 * @param name the resource's name (a load assignment's cluster name)
 * @param nameId {@link #id(String)} of {@code name}
 * @param size the resource's serialized size in bytes
 * @param eds for a cluster: the id of the assignment name it reads over EDS, or -1 for a cluster that
 *     does not use EDS
 * @param route for a listener: the id of the route configuration its HTTP connection manager reads
 *     over RDS, or -1
 * @param endpoints for a load assignment: its endpoint addresses
 */
record Facts(String type, String name, int nameId, int size, int eds, int route, Set<String> endpoints) {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";

  private static final Map<ByteString, Facts> BY_CONTENT = new ConcurrentHashMap<>();
  private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();
  private static final Map<Integer, String> NAMES = new ConcurrentHashMap<>();
  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  /** The dense id of a resource name (one id space for all types), assigned on first use. */
  static int id(String name) {
    Integer id = IDS.get(name);
    return id != null ? id : IDS.computeIfAbsent(name, n -> {
      int i = NEXT_ID.getAndIncrement();
      NAMES.put(i, n);
      return i;
    });
  }

  /** The name with this {@link #id}. */
  static String name(int id) {
    return NAMES.get(id);
  }

  /** How many names have an id so far (an upper bound for every sidecar's arrays). */
  static int ids() {
    return NEXT_ID.get();
  }

  /** The facts of a resource of {@code type} with these bytes, parsed on first sight. */
  static Facts of(String type, ByteString bytes) {
    Facts f = BY_CONTENT.get(bytes);
    return f != null ? f : BY_CONTENT.computeIfAbsent(bytes, b -> parse(type, b));
  }

  /** True when this is a load assignment that lists {@code ip} as an endpoint. */
  boolean hasEndpoint(String ip) {
    return endpoints.contains(ip);
  }

  private static Facts parse(String type, ByteString b) {
    try {
      return switch (type) {
        case CDS -> {
          Cluster c = Cluster.parseFrom(b);
          int eds = -1;
          if (c.getType() == Cluster.DiscoveryType.EDS) {
            String n = c.getEdsClusterConfig().getServiceName();
            eds = id(n.isEmpty() ? c.getName() : n);
          }
          yield new Facts(type, c.getName(), id(c.getName()), b.size(), eds, -1, Set.of());
        }
        case EDS -> {
          ClusterLoadAssignment a = ClusterLoadAssignment.parseFrom(b);
          Set<String> ips = new HashSet<>();
          for (LocalityLbEndpoints l : a.getEndpointsList()) {
            for (LbEndpoint e : l.getLbEndpointsList()) {
              ips.add(e.getEndpoint().getAddress().getSocketAddress().getAddress());
            }
          }
          yield new Facts(type, a.getClusterName(), id(a.getClusterName()), b.size(), -1, -1, Set.copyOf(ips));
        }
        case LDS -> {
          Listener l = Listener.parseFrom(b);
          yield new Facts(type, l.getName(), id(l.getName()), b.size(), -1, routeOf(l), Set.of());
        }
        case RDS -> {
          RouteConfiguration r = RouteConfiguration.parseFrom(b);
          yield new Facts(type, r.getName(), id(r.getName()), b.size(), -1, -1, Set.of());
        }
        default -> throw new IllegalArgumentException("unexpected type " + type);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the server sent a " + type + " that does not parse", e);
    }
  }

  private static int routeOf(Listener l) throws InvalidProtocolBufferException {
    for (FilterChain fc : l.getFilterChainsList()) {
      for (Filter f : fc.getFiltersList()) {
        if (f.getTypedConfig().is(HttpConnectionManager.class)) {
          HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
          if (hcm.hasRds()) {
            return id(hcm.getRds().getRouteConfigName());
          }
        }
      }
    }
    return -1;
  }
}
