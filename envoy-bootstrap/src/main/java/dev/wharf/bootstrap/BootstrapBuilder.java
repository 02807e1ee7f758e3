package dev.wharf.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.ClusterManager;
import io.envoyproxy.envoy.config.bootstrap.v3.LayeredRuntime;
import io.envoyproxy.envoy.config.bootstrap.v3.RuntimeLayer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.BackoffStrategy;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.KeepaliveSettings;
import io.envoyproxy.envoy.config.core.v3.RetryPolicy;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TcpKeepalive;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.metrics.v3.HistogramBucketSettings;
import io.envoyproxy.envoy.config.metrics.v3.StatsConfig;
import io.envoyproxy.envoy.config.metrics.v3.TagSpecifier;
import io.envoyproxy.envoy.config.overload.v3.OverloadManager;
import io.envoyproxy.envoy.config.overload.v3.ResourceMonitor;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the Envoy bootstrap of a Wharf sidecar as typed protos (no templates). Its shape follows
 * the Service Connect agent's bootstrap (spec 2.1, 62-63), with the ADS stream pointed
 * straight at Wharf over TCP instead of through the relay (spec 64 [D]).
 *
 * <p>Pure and stateless: the same {@link BootstrapParams} always give an equal {@link Bootstrap}.
 * Safe to call from any thread.
 */
public final class BootstrapBuilder {

  /** The static cluster that carries the ADS stream to the control plane. */
  public static final String XDS_CLUSTER = "wharf_xds";

  /** The gRPC metadata key that carries the sidecar credential on the ADS stream. */
  public static final String CREDENTIAL_HEADER = "x-wharf-sidecar-credential";

  /**
   * The URI SAN the control plane's ADS certificate carries, and the only name a sidecar accepts
   * for it: host names differ between loopback, compose and remote set-ups, this does not.
   */
  public static final String XDS_SAN = "spiffe://wharf/control-plane";

  /** The name of the static runtime layer (spec 63). */
  public static final String STATIC_LAYER = "static_layer_0";

  /** The name of the admin runtime layer, writable through {@code POST /runtime_modify}. */
  public static final String ADMIN_LAYER = "admin_layer";

  /**
   * xDS reconnect backoff: first retry after 100 ms, growing to at most 1 s. Envoy's default is
   * 500 ms to 30 s and Service Connect's is 10 s (spec 62); Wharf wants a restarted control plane
   * to see every sidecar back within about a second, and a loopback reconnect is cheap.
   */
  static final Duration XDS_RETRY_BASE = millis(100);

  static final Duration XDS_RETRY_MAX = millis(1000);

  /** Connect timeout of the xDS cluster (Envoy's default is 5 s). */
  static final Duration XDS_CONNECT_TIMEOUT = millis(1000);

  /** HTTP/2 PING every 10 s, dead after 5 s without an answer: the relay's figures (spec 64). */
  static final Duration XDS_PING_INTERVAL = millis(10_000);

  static final Duration XDS_PING_TIMEOUT = millis(5_000);

  /**
   * A sidecar's limit on open downstream connections. Far above what one task serves; it exists
   * so Envoy has a limit at all (Envoy warns at start-up when none is configured).
   */
  static final long MAX_DOWNSTREAM_CONNECTIONS = 50_000;

  /**
   * The port of each sidecar's metrics listener, on its ingress address: {@code GET /metrics} is
   * admin's {@code /stats/prometheus}, {@code GET /metrics/json} admin's {@code /stats} (add
   * {@code ?format=json}); nothing else of admin is reachable through it.
   */
  public static final int METRICS_PORT = 9902;

  /** The static listener serving {@link #METRICS_PORT}, and its stat prefix. */
  public static final String METRICS_LISTENER = "wharf_metrics";

  /** The static cluster to this sidecar's own admin interface, used only by the metrics listener. */
  public static final String ADMIN_CLUSTER = "wharf_admin";

  /**
   * Histogram bounds for request times, in milliseconds: finer than Envoy's defaults below 1 s,
   * where service-to-service latency lives, and up to the 15 s default route timeout and beyond.
   */
  public static final List<Double> LATENCY_BUCKETS_MS = List.of(
      0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0,
      15000.0, 30000.0, 60000.0);

  /**
   * The stats tags (spec 58-59). Each regex reads one field off the single segment
   * {@code <direction>~<discoveryName>} that the translator roots every listener, HCM, tcp_proxy and
   * cluster stat at, and captures that whole segment as its first group, so Envoy, which applies
   * every tag regex to the original name independently, strips the same characters whichever
   * tags match.
   */
  static final String STAT_ROOT = "^(?:cluster|http|listener|tcp)\\.";

  static final String DIRECTION_REGEX = STAT_ROOT + "((ingress|egress)~[a-z0-9_-]+\\.)";

  static final String DISCOVERY_NAME_REGEX = STAT_ROOT + "(ingress~([a-z0-9_-]+)\\.)";

  static final String TARGET_DISCOVERY_NAME_REGEX = STAT_ROOT + "(egress~([a-z0-9_-]+)\\.)";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private BootstrapBuilder() {}

  /** Builds the bootstrap for one sidecar. */
  public static Bootstrap build(BootstrapParams params) {
    return Bootstrap.newBuilder()
        .setNode(params.identity().toNode())
        .setStaticResources(staticResources(params))
        .setStatsConfig(statsConfig(params.identity()))
        .setDynamicResources(dynamicResources(params))
        .setClusterManager(clusterManager())
        .setAdmin(admin(params))
        .setLayeredRuntime(layeredRuntime())
        .setOverloadManager(overloadManager())
        .build();
  }

  /**
   * The xDS cluster, and when the admin port is known (not 0) the metrics listener and the admin
   * cluster behind it.
   */
  static Bootstrap.StaticResources staticResources(BootstrapParams params) {
    Bootstrap.StaticResources.Builder b = Bootstrap.StaticResources.newBuilder().addClusters(xdsCluster(params));
    if (params.adminPort() != 0 && params.identity().ingressIp() != null) {
      b.addListeners(metricsListener(params.identity().ingressIp())).addClusters(adminCluster(params));
    }
    return b.build();
  }

  /**
   * Service Connect's dimensions as stats tags (spec 58-59): fixed ServiceName and ClusterName for
   * this task, regexes for Direction, DiscoveryName and TargetDiscoveryName; Envoy's default tags
   * stay on ({@code use_all_default_tags}), so {@code envoy_response_code_class} and friends remain.
   * Request-time histograms get {@link #LATENCY_BUCKETS_MS}.
   */
  static StatsConfig statsConfig(NodeIdentity identity) {
    HistogramBucketSettings.Builder latency = HistogramBucketSettings.newBuilder().addAllBuckets(LATENCY_BUCKETS_MS);
    return StatsConfig.newBuilder()
        .addStatsTags(TagSpecifier.newBuilder().setTagName("ServiceName").setFixedValue(identity.serviceName()))
        .addStatsTags(TagSpecifier.newBuilder().setTagName("ClusterName").setFixedValue(identity.clusterName()))
        .addStatsTags(TagSpecifier.newBuilder().setTagName("Direction").setRegex(DIRECTION_REGEX))
        .addStatsTags(TagSpecifier.newBuilder().setTagName("DiscoveryName").setRegex(DISCOVERY_NAME_REGEX))
        .addStatsTags(
            TagSpecifier.newBuilder().setTagName("TargetDiscoveryName").setRegex(TARGET_DISCOVERY_NAME_REGEX))
        .addHistogramBucketSettings(latency.clone().setMatch(StringMatcher.newBuilder().setSuffix("upstream_rq_time")))
        .addHistogramBucketSettings(
            latency.clone().setMatch(StringMatcher.newBuilder().setSuffix("downstream_rq_time")))
        .build();
  }

  /**
   * {@code <ingressIp>:9902}, serving {@code /metrics} (admin's {@code /stats/prometheus}) and
   * {@code /metrics/json} (admin's {@code /stats}) and nothing else, so a scraper never reaches the
   * rest of the admin API (the Consul pattern, observability.md B.3).
   */
  static Listener metricsListener(String ingressIp) {
    VirtualHost host = VirtualHost.newBuilder()
        .setName(METRICS_LISTENER)
        .addDomains("*")
        .addRoutes(metricsRoute("/metrics", "/stats/prometheus"))
        .addRoutes(metricsRoute("/metrics/json", "/stats"))
        .build();
    HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
        .setStatPrefix(METRICS_LISTENER)
        .setRouteConfig(RouteConfiguration.newBuilder().setName(METRICS_LISTENER).addVirtualHosts(host))
        .addHttpFilters(HttpFilter.newBuilder()
            .setName("envoy.filters.http.router")
            .setTypedConfig(Any.pack(Router.getDefaultInstance())))
        .build();
    return Listener.newBuilder()
        .setName(METRICS_LISTENER)
        .setStatPrefix(METRICS_LISTENER)
        .setAddress(socketAddress(ingressIp, METRICS_PORT))
        .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
            .setName("envoy.filters.network.http_connection_manager")
            .setTypedConfig(Any.pack(hcm))))
        .build();
  }

  /** An exact-path route to the admin cluster with the path rewritten; the query string is kept. */
  private static Route metricsRoute(String path, String adminPath) {
    return Route.newBuilder()
        .setMatch(RouteMatch.newBuilder().setPath(path))
        .setRoute(RouteAction.newBuilder().setCluster(ADMIN_CLUSTER).setPrefixRewrite(adminPath))
        .build();
  }

  /** STATIC cluster to admin; an admin bound to every address is reached on loopback. */
  static Cluster adminCluster(BootstrapParams params) {
    String ip = params.adminIp().equals("0.0.0.0") ? "127.0.0.1" : params.adminIp();
    return Cluster.newBuilder()
        .setName(ADMIN_CLUSTER)
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(XDS_CONNECT_TIMEOUT)
        .setLoadAssignment(loadAssignment(ADMIN_CLUSTER, ip, params.adminPort()))
        .build();
  }

  /**
   * ADS for everything; LDS and CDS come over it. The node goes on every request
   * ({@code set_node_on_first_message_only} stays false, its default), so the control plane can
   * identify a stream from any message.
   */
  static Bootstrap.DynamicResources dynamicResources(BootstrapParams params) {
    ApiConfigSource ads =
        ApiConfigSource.newBuilder()
            .setApiType(
                params.deltaAds()
                    ? ApiConfigSource.ApiType.DELTA_GRPC
                    : ApiConfigSource.ApiType.GRPC)
            .setTransportApiVersion(ApiVersion.V3)
            .setSetNodeOnFirstMessageOnly(false)
            .addGrpcServices(xdsGrpcService(params.credential()))
            .build();
    ConfigSource viaAds = viaAds(params.initialFetchTimeout());
    return Bootstrap.DynamicResources.newBuilder()
        .setAdsConfig(ads)
        .setLdsConfig(viaAds)
        .setCdsConfig(viaAds)
        .build();
  }

  /** {@code {ads: {}, resource_api_version: V3, initial_fetch_timeout: <t>}} (spec 62). */
  // qualified: two types named Duration are used here
  static ConfigSource viaAds(java.time.Duration initialFetchTimeout) {
    return ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .setInitialFetchTimeout(duration(initialFetchTimeout))
        .build();
  }

  /**
   * {@code envoy_grpc} to {@link #XDS_CLUSTER}, with the short reconnect backoff, and the task's
   * credential as {@code initial_metadata} (sent with every ADS stream, so reconnects present it too).
   */
  static GrpcService xdsGrpcService(String credential) {
    RetryPolicy retry =
        RetryPolicy.newBuilder()
            .setRetryBackOff(
                BackoffStrategy.newBuilder()
                    .setBaseInterval(XDS_RETRY_BASE)
                    .setMaxInterval(XDS_RETRY_MAX))
            .build();
    GrpcService.Builder grpc = GrpcService.newBuilder()
        .setEnvoyGrpc(
            GrpcService.EnvoyGrpc.newBuilder().setClusterName(XDS_CLUSTER).setRetryPolicy(retry));
    if (credential != null) {
      grpc.addInitialMetadata(HeaderValue.newBuilder().setKey(CREDENTIAL_HEADER).setValue(credential));
    }
    return grpc.build();
  }

  /**
   * The static cluster to the control plane: STATIC for an IP literal, STRICT_DNS for a name.
   * gRPC needs HTTP/2; PINGs and TCP keepalive notice a control plane that vanished without
   * closing its sockets (envoyproxy.io "xDS management server", connection loss).
   */
  static Cluster xdsCluster(BootstrapParams params) {
    Cluster.Builder cluster =
        Cluster.newBuilder()
            .setName(XDS_CLUSTER)
            .setConnectTimeout(XDS_CONNECT_TIMEOUT)
            .setLoadAssignment(loadAssignment(XDS_CLUSTER, params.xdsHost(), params.xdsPort()))
            .putTypedExtensionProtocolOptions(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                Any.pack(http2WithKeepalive()))
            .setUpstreamConnectionOptions(
                UpstreamConnectionOptions.newBuilder().setTcpKeepalive(tcpKeepalive()));
    if (params.xdsTrust() != null) {
      cluster.setTransportSocket(TransportSocket.newBuilder()
          .setName("envoy.transport_sockets.tls")
          .setTypedConfig(Any.pack(xdsTls(params))));
    }
    if (isIpLiteral(params.xdsHost())) {
      cluster.setType(Cluster.DiscoveryType.STATIC);
    } else {
      cluster
          .setType(Cluster.DiscoveryType.STRICT_DNS)
          .setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED);
    }
    return cluster.build();
  }

  /**
   * TLS to the control plane: trust only {@code xdsTrust}, accept only the {@link #XDS_SAN} URI SAN
   * ({@code match_typed_subject_alt_names}), and offer ALPN {@code h2}, which gRPC servers require.
   */
  static UpstreamTlsContext xdsTls(BootstrapParams params) {
    CertificateValidationContext validation = CertificateValidationContext.newBuilder()
        .setTrustedCa(DataSource.newBuilder().setInlineString(params.xdsTrust()))
        .addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
            .setSanType(SubjectAltNameMatcher.SanType.URI)
            .setMatcher(StringMatcher.newBuilder().setExact(XDS_SAN)))
        .build();
    UpstreamTlsContext.Builder tls = UpstreamTlsContext.newBuilder()
        .setCommonTlsContext(CommonTlsContext.newBuilder()
            .addAlpnProtocols("h2")
            .setValidationContext(validation));
    if (!isIpLiteral(params.xdsHost())) {
      tls.setSni(params.xdsHost());
    }
    return tls.build();
  }

  static ClusterLoadAssignment loadAssignment(String cluster, String host, int port) {
    Endpoint endpoint = Endpoint.newBuilder().setAddress(socketAddress(host, port)).build();
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(cluster)
        .addEndpoints(
            LocalityLbEndpoints.newBuilder()
                .addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(endpoint)))
        .build();
  }

  static HttpProtocolOptions http2WithKeepalive() {
    KeepaliveSettings ping =
        KeepaliveSettings.newBuilder()
            .setInterval(XDS_PING_INTERVAL)
            .setTimeout(XDS_PING_TIMEOUT)
            .build();
    return HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(
            HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                .setHttp2ProtocolOptions(
                    Http2ProtocolOptions.newBuilder().setConnectionKeepalive(ping)))
        .build();
  }

  /** Probe after 10 s idle, every 5 s, dead after 3 misses. */
  static TcpKeepalive tcpKeepalive() {
    return TcpKeepalive.newBuilder()
        .setKeepaliveTime(UInt32Value.of(10))
        .setKeepaliveInterval(UInt32Value.of(5))
        .setKeepaliveProbes(UInt32Value.of(3))
        .build();
  }

  /** Outlier ejection events go to stdout as JSON lines, as in the agent's bootstrap (spec 2.1). */
  static ClusterManager clusterManager() {
    return ClusterManager.newBuilder()
        .setOutlierDetection(
            ClusterManager.OutlierDetection.newBuilder().setEventLogPath("/dev/stdout"))
        .build();
  }

  /**
   * Admin on the given address. It ignores the global connection limit so health checks still get
   * through under overload.
   */
  static Admin admin(BootstrapParams params) {
    return Admin.newBuilder()
        .setAddress(socketAddress(params.adminIp(), params.adminPort()))
        .setIgnoreGlobalConnLimit(true)
        .build();
  }

  /**
   * {@code static_layer_0} plus an empty {@code admin_layer} (spec 63), keeping only the agent's
   * keys that Envoy 1.36 still knows: {@code http_set_tracing_decision_in_request_id} and
   * {@code use_http_client_to_fetch_aws_credentials} were removed upstream.
   */
  static LayeredRuntime layeredRuntime() {
    Struct staticLayer =
        Struct.newBuilder()
            .putFields("envoy.features.enable_all_deprecated_features", bool(true))
            .putFields("envoy.reloadable_features.no_extension_lookup_by_name", bool(true))
            .putFields("re2.max_program_size.error_level", number(1000))
            .build();
    return LayeredRuntime.newBuilder()
        .addLayers(RuntimeLayer.newBuilder().setName(STATIC_LAYER).setStaticLayer(staticLayer))
        .addLayers(
            RuntimeLayer.newBuilder()
                .setName(ADMIN_LAYER)
                .setAdminLayer(RuntimeLayer.AdminLayer.getDefaultInstance()))
        .build();
  }

  /** The global downstream connection limit (resource monitor {@code global_downstream_max_connections}). */
  static OverloadManager overloadManager() {
    DownstreamConnectionsConfig limit =
        DownstreamConnectionsConfig.newBuilder()
            .setMaxActiveDownstreamConnections(MAX_DOWNSTREAM_CONNECTIONS)
            .build();
    return OverloadManager.newBuilder()
        .addResourceMonitors(
            ResourceMonitor.newBuilder()
                .setName("envoy.resource_monitors.global_downstream_max_connections")
                .setTypedConfig(Any.pack(limit)))
        .build();
  }

  static Address socketAddress(String host, int port) {
    return Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
        .build();
  }

  /** True for an IPv4 or IPv6 literal, without any DNS lookup. */
  static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
  }

  // qualified: two types named Duration are used here
  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  private static Duration millis(long ms) {
    // qualified: two types named Duration are used here
    return duration(java.time.Duration.ofMillis(ms));
  }

  private static Value bool(boolean b) {
    return Value.newBuilder().setBoolValue(b).build();
  }

  private static Value number(double n) {
    return Value.newBuilder().setNumberValue(n).build();
  }
}
