package dev.wharf.translator.xds;

import com.google.protobuf.UInt32Value;
import dev.wharf.translator.ir.AccessLog;
import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.Timeouts;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.TrafficDirection;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;

/**
 * Builds Listeners (spec 2.2, 2.3): ingress listeners are {@code INBOUND}, egress {@code OUTBOUND}
 * (spec 47: {@code /drain_listeners?inboundonly} must drain only ingress). HTTP family ports get an
 * HTTP connection manager with RDS over ADS; TCP ports a {@code tcp_proxy}.
 */
public final class ListenerBuilder {
  /**
   * The HCM filter's name. Envoy picks the factory from {@code typed_config}'s type URL and treats the
   * name as a label (checked: Envoy 1.36.4 {@code --mode validate} accepts both names). We use the
   * legacy {@code envoy.http_connection_manager} rather than
   * {@code envoy.filters.network.http_connection_manager} because java-control-plane 1.0.49's
   * {@code Resources.getResourceReferences} only follows RDS names of filters with the legacy name:
   * with the new one, {@code Snapshot.ensureConsistent()} sees no route references and rejects every
   * snapshot that has HTTP listeners. Switch when java-control-plane matches on the type instead.
   */
  public static final String HCM = "envoy.http_connection_manager";
  static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  static final String ROUTER = "envoy.filters.http.router";

  /**
   * Egress {@code tcp_proxy.max_connect_attempts}: the first attempt and 2 retries (spec 38), at connect
   * time only (spec 2.3); a TCP stream is never replayed.
   */
  public static final int TCP_MAX_CONNECT_ATTEMPTS = 3;

  private ListenerBuilder() {}

  public static Listener ingress(IngressListener l, AccessLog log) {
    return ingress(l, log, false);
  }

  /**
   * The ingress listener; with {@code tls} its filter chain terminates TLS (spec 56) and, when
   * {@code mutualTls}, requires a client certificate.
   */
  public static Listener ingress(IngressListener l, AccessLog log, boolean mutualTls) {
    String statPrefix = Names.ingressStatPrefix(l.discoveryName());
    Filter filter = l.protocol().isHttp()
        ? hcm(statPrefix, Names.ingressRoute(l.discoveryName()), l.timeouts(), log)
        : tcpProxy(statPrefix, Names.appCluster(l.discoveryName()), l.timeouts(), log, 0);
    Listener plain = listener(Names.ingressListener(l.discoveryName()), l.bind(), TrafficDirection.INBOUND,
        statPrefix, filter);
    if (l.tls() == null) {
      return plain;
    }
    Listener.Builder b = plain.toBuilder();
    b.getFilterChainsBuilder(0)
        .setTransportSocket(TlsBuilder.downstream(l.discoveryName(), l.tls(), l.protocol(), mutualTls));
    return b.build();
  }

  public static Listener egress(EgressListener l, AccessLog log) {
    String statPrefix = Names.egressStatPrefix(l.upstream());
    Filter filter = l.protocol().isHttp()
        ? hcm(statPrefix, Names.egressRoute(l.dnsName(), l.port()), l.timeouts(), log)
        : tcpProxy(statPrefix, Names.upstreamCluster(l.upstream()), l.timeouts(), log, TCP_MAX_CONNECT_ATTEMPTS);
    return listener(Names.egressListener(l.dnsName(), l.port()), new SocketAddress(l.vip(), l.port()),
        TrafficDirection.OUTBOUND, statPrefix, filter);
  }

  private static Listener listener(String name, SocketAddress bind, TrafficDirection direction, String statPrefix,
      Filter filter) {
    return Listener.newBuilder()
        .setName(name)
        .setAddress(Protos.address(bind))
        .setStatPrefix(statPrefix)
        .setTrafficDirection(direction)
        .addFilterChains(FilterChain.newBuilder().addFilters(filter))
        .build();
  }

  /**
   * HTTP connection manager, codec AUTO (HTTP/1.1 and h2c; HTTP/1.0 stays refused, Envoy's default
   * {@code accept_http_10: false}, spec 43). The idle timeout (spec 39) closes idle streams
   * ({@code stream_idle_timeout}) and idle downstream connections
   * ({@code common_http_protocol_options.idle_timeout}); 0 disables both, as in Envoy.
   */
  private static Filter hcm(String statPrefix, String routeName, Timeouts t, AccessLog log) {
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(statPrefix)
        .setRds(Rds.newBuilder().setConfigSource(Protos.ads()).setRouteConfigName(routeName))
        .addHttpFilters(
            HttpFilter.newBuilder().setName(ROUTER).setTypedConfig(Protos.pack(Router.getDefaultInstance())))
        .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder().setIdleTimeout(Protos.duration(t.idle())))
        .setStreamIdleTimeout(Protos.duration(t.idle()))
        .addAllAccessLog(AccessLogBuilder.http(log))
        .build();
    return Filter.newBuilder().setName(HCM).setTypedConfig(Protos.pack(hcm)).build();
  }

  /** {@code tcp_proxy} with {@code idle_timeout} (spec 39, default 3600 s, 0 disables); no request timeout. */
  private static Filter tcpProxy(String statPrefix, String cluster, Timeouts t, AccessLog log, int maxConnectAttempts) {
    TcpProxy.Builder tcp = TcpProxy.newBuilder()
        .setStatPrefix(statPrefix)
        .setCluster(cluster)
        .setIdleTimeout(Protos.duration(t.idle()))
        .addAllAccessLog(AccessLogBuilder.tcp(log));
    if (maxConnectAttempts > 0) {
      tcp.setMaxConnectAttempts(UInt32Value.of(maxConnectAttempts));
    }
    return Filter.newBuilder().setName(TCP_PROXY).setTypedConfig(Protos.pack(tcp.build())).build();
  }
}
