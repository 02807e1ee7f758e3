package dev.wharf.controlplane.metrics;

import dev.wharf.api.metrics.MetricKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives Service Connect's CloudWatch metrics (spec 58) from one sidecar's {@link Deltas}. Pure.
 *
 * <p>Stats are read from the names the translator gives them ({@code Names}: every listener, HCM,
 * tcp_proxy and cluster stat is rooted at {@code <direction>~<discoveryName>}):
 *
 * <table>
 *   <caption>CloudWatch metric from Envoy stat</caption>
 *   <tr><th>metric (unit)</th><th>Envoy stat</th></tr>
 *   <tr><td>ActiveConnectionCount (Count, gauge)</td><td>{@code listener.ingress~D.downstream_cx_active}</td></tr>
 *   <tr><td>NewConnectionCount (Count)</td><td>{@code listener.ingress~D.downstream_cx_total}</td></tr>
 *   <tr><td>ProcessedBytes (Bytes)</td><td>{@code http|tcp.ingress~D.downstream_cx_rx_bytes_total + tx}</td></tr>
 *   <tr><td>RequestCount (Count), HTTP only</td><td>{@code http.ingress~D.downstream_rq_total}</td></tr>
 *   <tr><td>GrpcRequestCount (Count)</td><td>the same, for discovery names with appProtocol grpc</td></tr>
 *   <tr><td>HTTPCode_Target_nXX_Count (Count)</td><td>{@code cluster.egress~T.upstream_rq_nxx} (caller);
 *       {@code cluster.ingress~T.upstream_rq_nxx} (target)</td></tr>
 *   <tr><td>RequestCountPerTarget (Count)</td><td>{@code cluster.egress~T.upstream_rq_total} divided by
 *       {@code membership_healthy}</td></tr>
 *   <tr><td>TargetProcessedBytes (Bytes)</td><td>{@code cluster.egress~T.upstream_cx_rx_bytes_total + tx}</td></tr>
 *   <tr><td>TargetResponseTime (Milliseconds)</td><td>histogram {@code cluster.egress~T.upstream_rq_time}
 *       (caller); {@code cluster.ingress~T.upstream_rq_time} (target)</td></tr>
 * </table>
 *
 * <p>Semantics. Inbound metrics (DiscoveryName, ServiceName = the serving service) are counted by
 * the serving task's proxy. {@code HTTPCode_Target_nXX_Count} and {@code TargetResponseTime} come in
 * two dimension sets read from two proxies, because Envoy charges a response code and a request
 * time to cluster stats only for the attempt that answers the request, not for an attempt that it
 * then retries:
 * <ul>
 *   <li>{@code TargetDiscoveryName} alone: counted by the target task's proxy on its local-app
 *       cluster ({@code cluster.ingress~T.upstream_rq_nxx}, {@code upstream_rq_time}), once per
 *       attempt that reached the target, so a 503 that a caller's retry then hid is still one
 *       {@code HTTPCode_Target_5XX_Count} on the failing target, and the time is AWS's "from the
 *       target's proxy to the app and back";</li>
 *   <li>{@code TargetDiscoveryName, ServiceName (= caller), ClusterName}: counted by the calling
 *       task's proxy on its upstream cluster, once per request as the caller saw it, so a 503 hidden by
 *       a retry is not in it (the retry's answer is), and the time includes the hop to the target's
 *       proxy.</li>
 * </ul>
 * {@code RequestCountPerTarget}, {@code TargetProcessedBytes} are counted by the caller's proxy, in
 * both dimension sets. Request metrics are derived only where an HTTP connection manager serves the
 * name ({@code http.<direction>~<name>.*} stats exist), so TCP services get only bytes and
 * connections (AWS documents the same), although Envoy counts a tcp_proxy connection as an
 * {@code upstream_rq_total} too.
 */
public final class ServiceConnectMetrics {
  /** CloudWatch's namespace for Service Connect (spec 58). */
  public static final String NAMESPACE = "AWS/ECS";

  private static final Pattern ROOT =
      Pattern.compile("^(cluster|http|listener|tcp)\\.(ingress|egress)~([a-z0-9_-]+)\\.");

  private ServiceConnectMetrics() {}

  /** The samples of one scrape of {@code target}, in a stable order. */
  public static List<Sample> derive(SidecarTarget target, Deltas d) {
    TreeSet<String> ingress = new TreeSet<>();
    TreeSet<String> egress = new TreeSet<>();
    for (String name : d.current().values().keySet()) {
      Matcher m = ROOT.matcher(name);
      if (m.find()) {
        (m.group(2).equals("ingress") ? ingress : egress).add(m.group(3));
      }
    }
    List<Sample> out = new ArrayList<>();
    ingress.forEach(dn -> inbound(out, target, dn, d));
    egress.forEach(t -> outbound(out, target, t, d));
    return out;
  }

  private static void inbound(List<Sample> out, SidecarTarget target, String dn, Deltas d) {
    String listener = "listener.ingress~" + dn + ".";
    String http = "http.ingress~" + dn + ".";
    String tcp = "tcp.ingress~" + dn + ".";
    Map<String, Long> now = d.current().values();
    Long active = now.get(listener + "downstream_cx_active");
    if (active != null) {
      add(out, target, "DiscoveryName", dn, "ActiveConnectionCount", "Count", active);
    }
    if (now.containsKey(listener + "downstream_cx_total")) {
      add(out, target, "DiscoveryName", dn, "NewConnectionCount", "Count", d.counter(listener + "downstream_cx_total"));
    }
    String bytes = now.containsKey(http + "downstream_cx_rx_bytes_total") ? http : tcp;
    if (now.containsKey(bytes + "downstream_cx_rx_bytes_total")) {
      add(out, target, "DiscoveryName", dn, "ProcessedBytes", "Bytes",
          d.counter(bytes + "downstream_cx_rx_bytes_total") + d.counter(bytes + "downstream_cx_tx_bytes_total"));
    }
    // The target's own count of what its app answered (see the class comment); HTTP listeners only.
    if (now.containsKey(http + "downstream_rq_total")) {
      codesAndTimes(out, "cluster.ingress~" + dn + ".", d,
          metric -> List.of(MetricKey.of(NAMESPACE, metric, Map.of("TargetDiscoveryName", dn))));
    }
    if (now.containsKey(http + "downstream_rq_total")) {
      long requests = d.counter(http + "downstream_rq_total");
      add(out, target, "DiscoveryName", dn, "RequestCount", "Count", requests);
      if (target.grpcDiscoveryNames().contains(dn)) {
        add(out, target, "DiscoveryName", dn, "GrpcRequestCount", "Count", requests);
      }
    }
  }

  private static void outbound(List<Sample> out, SidecarTarget target, String t, Deltas d) {
    String cluster = "cluster.egress~" + t + ".";
    Map<String, Long> now = d.current().values();
    // Request metrics only behind an HTTP egress listener: a tcp_proxy's connections count as
    // upstream_rq_total on its cluster too.
    boolean http = now.containsKey("http.egress~" + t + ".downstream_rq_total");
    if (http && now.containsKey(cluster + "upstream_rq_total")) {
      codesAndTimes(out, cluster, d, metric -> List.of(callerKey(target, t, metric)));
      long healthy = now.getOrDefault(cluster + "membership_healthy", 0L);
      if (healthy > 0) {
        add(out, target, "TargetDiscoveryName", t, "RequestCountPerTarget", "Count",
            (double) d.counter(cluster + "upstream_rq_total") / healthy);
      }
    }
    if (now.containsKey(cluster + "upstream_cx_rx_bytes_total")) {
      add(out, target, "TargetDiscoveryName", t, "TargetProcessedBytes", "Bytes",
          d.counter(cluster + "upstream_cx_rx_bytes_total") + d.counter(cluster + "upstream_cx_tx_bytes_total"));
    }
  }

  /**
   * {@code HTTPCode_Target_nXX_Count} and {@code TargetResponseTime} from one HTTP cluster's stats,
   * under the keys {@code keys} gives for a metric name; nothing for a cluster that served no request.
   */
  private static void codesAndTimes(List<Sample> out, String cluster, Deltas d,
      Function<String, List<MetricKey>> keys) {
    Map<String, Long> now = d.current().values();
    if (!now.containsKey(cluster + "upstream_rq_total")) {
      return;
    }
    for (int klass = 2; klass <= 5; klass++) {
      String stat = cluster + "upstream_rq_" + klass + "xx";
      if (now.containsKey(stat)) {
        for (MetricKey key : keys.apply("HTTPCode_Target_" + klass + "XX_Count")) {
          out.add(new Sample(key, "Count", d.counter(stat), new TreeMap<>()));
        }
      }
    }
    SortedMap<Double, Long> times = d.histograms().get(cluster + "upstream_rq_time");
    if (times != null && times.values().stream().mapToLong(Long::longValue).sum() > 0) {
      for (MetricKey key : keys.apply("TargetResponseTime")) {
        out.add(new Sample(key, "Milliseconds", 0, times));
      }
    }
  }

  private static MetricKey callerKey(SidecarTarget target, String t, String metric) {
    return MetricKey.of(NAMESPACE, metric,
        Map.of("TargetDiscoveryName", t, "ServiceName", target.serviceName(), "ClusterName", target.clusterName()));
  }

  private static void add(List<Sample> out, SidecarTarget target, String dim, String value, String metric,
      String unit, double v) {
    for (MetricKey key : keys(target, dim, value, metric)) {
      out.add(new Sample(key, unit, v, new TreeMap<>()));
    }
  }

  /** The two dimension sets of spec 58: {@code X} alone, and {@code X, ServiceName, ClusterName}. */
  static List<MetricKey> keys(SidecarTarget target, String dim, String value, String metric) {
    return List.of(
        MetricKey.of(NAMESPACE, metric, Map.of(dim, value)),
        MetricKey.of(NAMESPACE, metric,
            Map.of(dim, value, "ServiceName", target.serviceName(), "ClusterName", target.clusterName())));
  }
}
