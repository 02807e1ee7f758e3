package dev.wharf.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.wharf.translator.xds.TlsBuilder;
import dev.wharf.translator.xds.XdsTypes;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every resource before it is published, so a bad resource becomes a reported problem and
 * not a NACK (java-control-plane ships no PGV validators). Two levels:
 *
 * <ul>
 *   <li>per resource ({@link #check(XdsType, Message)}): the PGV rules of Envoy's protos for the
 *       fields Wharf emits: names non-empty, every {@code Duration} non-negative and in range (and
 *       {@code connect_timeout} and outlier ejection times positive), every socket address with an
 *       address and a port in 0-65535, {@code max_ejection_percent <= 100}, an EDS cluster has an
 *       EDS config, a STATIC cluster has endpoints, listeners have an address and filters, HCM and
 *       tcp_proxy have a stat prefix, virtual hosts have a name and domains, routes have a match and
 *       an action; nested {@code Any}s of known types are unpacked and walked too;
 *   <li>per group ({@link #references}): every EDS cluster has its assignment, every RDS name a
 *       route table, every cluster named by a route or a tcp_proxy exists, every SDS name a Secret.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class ResourceValidator {
  /** google.protobuf.Duration's range (PGV duration rules assume it). */
  private static final long MAX_SECONDS = 315_576_000_000L;

  private ResourceValidator() {}

  /** Problems of one resource, empty when valid. */
  public static List<String> check(XdsType type, Message m) {
    List<String> p = new ArrayList<>();
    String name = type.nameOf(m);
    if (name.isEmpty()) {
      p.add(type.shortName() + ": empty name");
    }
    switch (type) {
      case CLUSTER -> cluster((Cluster) m, p);
      case ENDPOINT -> assignment((ClusterLoadAssignment) m, p);
      case LISTENER -> listener((Listener) m, p);
      case ROUTE -> routes((RouteConfiguration) m, p);
      case SECRET -> secret((Secret) m, p);
      default -> throw new IllegalArgumentException("no checks for " + type);
    }
    walk(m, type.shortName() + " " + name, p, 0);
    return p;
  }

  /** Cross-resource problems of one group. */
  public static List<String> references(Map<XdsType, TypeSnapshot> g) {
    List<String> p = new ArrayList<>(clusterAssignments(g.get(XdsType.CLUSTER), g.get(XdsType.ENDPOINT)));
    p.addAll(listenerReferences(g.get(XdsType.LISTENER), g.get(XdsType.ROUTE), g.get(XdsType.CLUSTER)));
    p.addAll(routeClusters(g.get(XdsType.ROUTE), g.get(XdsType.CLUSTER)));
    p.addAll(secretReferences(g.get(XdsType.CLUSTER), g.get(XdsType.LISTENER), g.get(XdsType.SECRET)));
    return p;
  }

  /**
   * Every SDS name a cluster or listener's TLS transport socket names is a Secret of the same group:
   * a missing one would keep the cluster or listener warming for {@code initial_fetch_timeout} (15 s)
   * and then reset connections.
   */
  public static List<String> secretReferences(TypeSnapshot clusters, TypeSnapshot listeners, TypeSnapshot secrets) {
    List<String> p = new ArrayList<>();
    for (XdsResource r : clusters.all()) {
      Cluster c = (Cluster) r.message();
      if (c.hasTransportSocket()) {
        missingSecrets("Cluster " + c.getName(), c.getTransportSocket(), secrets, p);
      }
    }
    for (XdsResource r : listeners.all()) {
      for (FilterChain fc : ((Listener) r.message()).getFilterChainsList()) {
        if (fc.hasTransportSocket()) {
          missingSecrets("Listener " + r.name(), fc.getTransportSocket(), secrets, p);
        }
      }
    }
    return p;
  }

  private static void missingSecrets(String owner, TransportSocket socket, TypeSnapshot secrets, List<String> p) {
    for (String name : TlsBuilder.secretNames(socket)) {
      if (secrets.get(name) == null) {
        p.add(owner + ": no Secret " + name);
      }
    }
  }

  private static void secret(Secret s, List<String> p) {
    boolean cert = s.hasTlsCertificate() && !s.getTlsCertificate().getCertificateChain().getInlineBytes().isEmpty()
        && !s.getTlsCertificate().getPrivateKey().getInlineBytes().isEmpty();
    boolean trust = s.hasValidationContext() && !s.getValidationContext().getTrustedCa().getInlineBytes().isEmpty();
    if (!cert && !trust) {
      p.add("Secret " + s.getName() + ": neither a certificate with its key nor trusted CAs");
    }
  }

  /** Every EDS cluster has its assignment. */
  public static List<String> clusterAssignments(TypeSnapshot clusters, TypeSnapshot endpoints) {
    List<String> p = new ArrayList<>();
    for (XdsResource r : clusters.all()) {
      Cluster c = (Cluster) r.message();
      if (c.getType() == Cluster.DiscoveryType.EDS) {
        String eds = edsName(c);
        if (endpoints.get(eds) == null) {
          p.add("Cluster " + c.getName() + ": no ClusterLoadAssignment " + eds);
        }
      }
    }
    return p;
  }

  /** Every RDS name of a listener has its route table, every tcp_proxy cluster exists. */
  public static List<String> listenerReferences(TypeSnapshot listeners, TypeSnapshot routes, TypeSnapshot clusters) {
    List<String> p = new ArrayList<>();
    for (XdsResource r : listeners.all()) {
      for (FilterChain fc : ((Listener) r.message()).getFilterChainsList()) {
        for (Filter f : fc.getFiltersList()) {
          HttpConnectionManager hcm = unpack(f, HttpConnectionManager.class);
          if (hcm != null && hcm.hasRds() && routes.get(hcm.getRds().getRouteConfigName()) == null) {
            p.add("Listener " + r.name() + ": no RouteConfiguration " + hcm.getRds().getRouteConfigName());
          }
          TcpProxy tcp = unpack(f, TcpProxy.class);
          if (tcp != null && !tcp.getCluster().isEmpty() && clusters.get(tcp.getCluster()) == null) {
            p.add("Listener " + r.name() + ": tcp_proxy names unknown cluster " + tcp.getCluster());
          }
        }
      }
    }
    return p;
  }

  /** Every cluster a route names exists. */
  public static List<String> routeClusters(TypeSnapshot routes, TypeSnapshot clusters) {
    List<String> p = new ArrayList<>();
    for (XdsResource r : routes.all()) {
      for (VirtualHost vh : ((RouteConfiguration) r.message()).getVirtualHostsList()) {
        for (Route route : vh.getRoutesList()) {
          String c = route.getRoute().getCluster();
          if (route.hasRoute() && !c.isEmpty() && clusters.get(c) == null) {
            p.add("RouteConfiguration " + r.name() + ": route to unknown cluster " + c);
          }
        }
      }
    }
    return p;
  }

  /** The EDS name of a cluster: its {@code service_name}, else its name. */
  public static String edsName(Cluster c) {
    String s = c.getEdsClusterConfig().getServiceName();
    return s.isEmpty() ? c.getName() : s;
  }

  private static void cluster(Cluster c, List<String> p) {
    String at = "Cluster " + c.getName();
    if (c.hasConnectTimeout() && !positive(c.getConnectTimeout())) {
      p.add(at + ": connect_timeout must be > 0");
    }
    if (c.getType() == Cluster.DiscoveryType.EDS && !c.hasEdsClusterConfig()) {
      p.add(at + ": EDS cluster without eds_cluster_config");
    }
    if (c.getType() == Cluster.DiscoveryType.STATIC && c.getLoadAssignment().getEndpointsCount() == 0) {
      p.add(at + ": STATIC cluster without endpoints");
    }
    if (c.getTypeValue() < 0 || c.getType() == Cluster.DiscoveryType.UNRECOGNIZED
        || c.getLbPolicy() == Cluster.LbPolicy.UNRECOGNIZED) {
      p.add(at + ": unknown discovery type or lb policy");
    }
    if (c.hasOutlierDetection()) {
      var od = c.getOutlierDetection();
      if (od.hasMaxEjectionPercent() && od.getMaxEjectionPercent().getValue() > 100) {
        p.add(at + ": outlier_detection.max_ejection_percent must be <= 100");
      }
      if (od.hasBaseEjectionTime() && !positive(od.getBaseEjectionTime())) {
        p.add(at + ": outlier_detection.base_ejection_time must be > 0");
      }
      if (od.hasMaxEjectionTime() && !positive(od.getMaxEjectionTime())) {
        p.add(at + ": outlier_detection.max_ejection_time must be > 0");
      }
    }
  }

  private static void assignment(ClusterLoadAssignment a, List<String> p) {
    for (LocalityLbEndpoints l : a.getEndpointsList()) {
      for (LbEndpoint e : l.getLbEndpointsList()) {
        if (!e.getEndpoint().hasAddress()) {
          p.add("ClusterLoadAssignment " + a.getClusterName() + ": endpoint without address");
        }
      }
    }
  }

  private static void listener(Listener l, List<String> p) {
    String at = "Listener " + l.getName();
    if (!l.hasAddress()) {
      p.add(at + ": no address");
    }
    if (l.getFilterChainsCount() == 0) {
      p.add(at + ": no filter chain");
    }
    for (FilterChain fc : l.getFilterChainsList()) {
      if (fc.getFiltersCount() == 0) {
        p.add(at + ": filter chain without filters");
      }
      for (Filter f : fc.getFiltersList()) {
        if (f.getName().isEmpty()) {
          p.add(at + ": filter without name");
        }
        HttpConnectionManager hcm = unpack(f, HttpConnectionManager.class);
        if (hcm != null) {
          if (hcm.getStatPrefix().isEmpty()) {
            p.add(at + ": http_connection_manager.stat_prefix is empty");
          }
          if (hcm.hasRds() && hcm.getRds().getRouteConfigName().isEmpty()) {
            p.add(at + ": rds.route_config_name is empty");
          }
          if (!hcm.hasRds() && !hcm.hasRouteConfig() && !hcm.hasScopedRoutes()) {
            p.add(at + ": http_connection_manager has no route specifier");
          }
        }
        TcpProxy tcp = unpack(f, TcpProxy.class);
        if (tcp != null) {
          if (tcp.getStatPrefix().isEmpty()) {
            p.add(at + ": tcp_proxy.stat_prefix is empty");
          }
          if (tcp.getCluster().isEmpty() && !tcp.hasWeightedClusters()) {
            p.add(at + ": tcp_proxy has no cluster");
          }
        }
      }
    }
  }

  private static void routes(RouteConfiguration rc, List<String> p) {
    String at = "RouteConfiguration " + rc.getName();
    for (VirtualHost vh : rc.getVirtualHostsList()) {
      if (vh.getName().isEmpty()) {
        p.add(at + ": virtual host without name");
      }
      if (vh.getDomainsCount() == 0) {
        p.add(at + ": virtual host " + vh.getName() + " has no domains");
      }
      for (Route r : vh.getRoutesList()) {
        if (!r.hasMatch()) {
          p.add(at + ": route without match");
        }
        if (r.getActionCase() == Route.ActionCase.ACTION_NOT_SET) {
          p.add(at + ": route without action");
        }
      }
    }
  }

  /** Generic rules over every field: durations, socket addresses, nested Anys of known types. */
  private static void walk(Message m, String at, List<String> p, int depth) {
    if (depth > 32) {
      return;
    }
    Descriptor d = m.getDescriptorForType();
    String type = d.getFullName();
    if (type.equals("google.protobuf.Duration")) {
      duration(m, at, p);
      return;
    }
    if (type.equals("google.protobuf.Any")) {
      Message inner = unpackAny(m);
      if (inner != null) {
        walk(inner, at, p, depth + 1);
      }
      return;
    }
    if (type.equals(SocketAddress.getDescriptor().getFullName())) {
      socketAddress(m, at, p);
    }
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (f.isRepeated()) {
        for (Object o : (List<?>) e.getValue()) {
          walk((Message) o, at, p, depth + 1);
        }
      } else {
        walk((Message) e.getValue(), at, p, depth + 1);
      }
    }
  }

  private static void duration(Message m, String at, List<String> p) {
    long seconds = 0;
    int nanos = 0;
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      if (e.getKey().getName().equals("seconds")) {
        seconds = (Long) e.getValue();
      } else if (e.getKey().getName().equals("nanos")) {
        nanos = (Integer) e.getValue();
      }
    }
    if (seconds < 0 || nanos < 0 || nanos > 999_999_999 || seconds > MAX_SECONDS) {
      p.add(at + ": invalid or negative duration " + seconds + "s " + nanos + "ns");
    }
  }

  private static void socketAddress(Message m, String at, List<String> p) {
    SocketAddress a = m instanceof SocketAddress s ? s : null;
    if (a == null) {
      try {
        a = SocketAddress.parseFrom(m.toByteString());
      } catch (InvalidProtocolBufferException e) {
        p.add(at + ": unreadable socket address");
        return;
      }
    }
    if (a.getAddress().isEmpty()) {
      p.add(at + ": socket address without address");
    }
    if (a.getPortSpecifierCase() == SocketAddress.PortSpecifierCase.PORT_VALUE && a.getPortValue() > 65535) {
      p.add(at + ": port " + a.getPortValue() + " out of range");
    }
  }

  private static boolean positive(Duration d) {
    return d.getSeconds() > 0 || d.getSeconds() == 0 && d.getNanos() > 0;
  }

  private static <T extends Message> T unpack(Filter f, Class<T> type) {
    try {
      return f.hasTypedConfig() && f.getTypedConfig().is(type) ? f.getTypedConfig().unpack(type) : null;
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** An Any of a type the translator emits, parsed dynamically; null for unknown types. */
  private static Message unpackAny(Message m) {
    Any any = m instanceof Any a ? a : null;
    if (any == null) {
      return null;
    }
    String url = any.getTypeUrl();
    Descriptor d = XdsTypes.registry().find(url.substring(url.lastIndexOf('/') + 1));
    if (d == null) {
      return null;
    }
    try {
      return DynamicMessage.parseFrom(d, any.getValue());
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
