package dev.wharf.translator.xds;

import com.google.protobuf.UInt32Value;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.Protocol;
import dev.wharf.translator.ir.Upstream;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.time.Duration;

/**
 * Builds Clusters (spec 2.2, 2.4): one EDS cluster per upstream discovery name, one STATIC cluster per
 * ingress listener for the local app.
 */
public final class ClusterBuilder {
  /**
   * {@code connect_timeout}. AWS does not document one (spec 2.4); Envoy's
   * default is 5 s and a connect that slow is a failure the retry policy (connect-failure) should
   * move to another task anyway.
   */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * {@code outlier_detection.max_ejection_percent}. Envoy (since 1.31, {@code always_eject_one_host})
   * checks {@code 100 * (ejected + 1) / hosts <= max_ejection_percent}, so its 10% default ejects
   * nothing in clusters under 10 hosts: one wedged task of 3 would never be avoided, contrary to
   * spec 37. 100 lets any failing task be ejected; Envoy's default {@code healthy_panic_threshold}
   * (50%) still spreads traffic over every host when most of them are ejected.
   */
  public static final int MAX_EJECTION_PERCENT = 100;

  /**
   * Spec 73: circuit breakers effectively off. Every threshold of the default priority
   * ({@code max_connections}, {@code max_pending_requests}, {@code max_requests}, {@code max_retries})
   * is 2147483647, so a burst of concurrent requests is queued, never answered with an overflow 503
   * (Envoy's defaults are 1,024 and 3 retries).
   */
  public static final int CIRCUIT_BREAKER_MAX = Integer.MAX_VALUE;

  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private ClusterBuilder() {}

  /** EDS cluster of a discovery name: round robin (spec 35), outlier detection (spec 37). */
  public static Cluster upstream(Upstream u, OutlierDetection od) {
    return upstream(u, od, false);
  }

  /**
   * The same; an upstream whose target has {@code tls} originates TLS (spec 56), presenting the proxy's
   * own certificate when {@code mutualTls}.
   */
  public static Cluster upstream(Upstream u, OutlierDetection od, boolean mutualTls) {
    Cluster.Builder b = Cluster.newBuilder()
        .setName(Names.upstreamCluster(u.discoveryName()))
        .setAltStatName(Names.egressStatPrefix(u.discoveryName()))
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(Protos.ads()))
        .setConnectTimeout(Protos.duration(CONNECT_TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setCircuitBreakers(circuitBreakersOff())
        .setOutlierDetection(outlierDetection(od));
    if (u.tls() != null) {
      b.setTransportSocket(TlsBuilder.upstream(u.discoveryName(), u.tls(), u.protocol(), mutualTls));
    }
    return protocol(b, u.protocol()).build();
  }

  /**
   * STATIC cluster to the local app (spec 2.2); no retries or outlier detection on this hop; circuit
   * breakers off as on the client side (spec 73), so the server proxy passes every request through.
   */
  public static Cluster app(IngressListener l) {
    String name = Names.appCluster(l.discoveryName());
    Cluster.Builder b = Cluster.newBuilder()
        .setName(name)
        .setAltStatName(Names.ingressStatPrefix(l.discoveryName()))
        .setType(Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(Protos.duration(CONNECT_TIMEOUT))
        .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
        .setCircuitBreakers(circuitBreakersOff())
        .setLoadAssignment(EndpointBuilder.single(name, l.app()));
    return protocol(b, l.protocol()).build();
  }

  private static CircuitBreakers circuitBreakersOff() {
    UInt32Value max = UInt32Value.of(CIRCUIT_BREAKER_MAX);
    return CircuitBreakers.newBuilder()
        .addThresholds(CircuitBreakers.Thresholds.newBuilder()
            .setPriority(RoutingPriority.DEFAULT)
            .setMaxConnections(max)
            .setMaxPendingRequests(max)
            .setMaxRequests(max)
            .setMaxRetries(max))
        .build();
  }

  // qualified: two types named OutlierDetection are used here
  private static io.envoyproxy.envoy.config.cluster.v3.OutlierDetection outlierDetection(OutlierDetection od) {
    // qualified: two types named OutlierDetection are used here
    var b = io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.newBuilder()
        .setConsecutive5Xx(UInt32Value.of(od.consecutive5xx()))
        .setBaseEjectionTime(Protos.duration(od.baseEjectionTime()))
        .setMaxEjectionTime(Protos.duration(od.maxEjectionTime()))
        .setMaxEjectionPercent(UInt32Value.of(MAX_EJECTION_PERCENT));
    // Envoy's default sweep (10 s) is left implicit, so the default output is unchanged.
    if (!od.interval().equals(OutlierDetection.DEFAULT_INTERVAL)) {
      b.setInterval(Protos.duration(od.interval()));
    }
    return b.build();
  }

  /** http2 and grpc speak HTTP/2 (h2c) upstream (spec 42, pain point 4.6); http stays HTTP/1.1. */
  private static Cluster.Builder protocol(Cluster.Builder b, Protocol p) {
    if (!p.isHttp2()) {
      return b;
    }
    HttpProtocolOptions options = HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
        .build();
    return b.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Protos.pack(options));
  }
}
