package dev.wharf.translator.xds;

/**
 * Every Envoy resource name and stat prefix Wharf emits, built from identity, never from list
 * positions: the same state always yields the same names, so a restart re-pushes nothing.
 *
 * <p>The scheme (names are unique within one proxy group, which is one task in one namespace, where
 * discovery names and {@code dnsName:port} pairs are unique by spec 4 and 7):
 *
 * <table>
 *   <caption>Resource names</caption>
 *   <tr><th>resource</th><th>name</th><th>example</th></tr>
 *   <tr><td>ingress Listener and its RouteConfiguration</td><td>{@code ingress/<discoveryName>}</td>
 *       <td>{@code ingress/payments}</td></tr>
 *   <tr><td>local app Cluster (STATIC)</td><td>{@code app/<discoveryName>}</td><td>{@code app/payments}</td></tr>
 *   <tr><td>egress Listener and its RouteConfiguration</td><td>{@code egress/<dnsName>:<port>}</td>
 *       <td>{@code egress/payments:8080}</td></tr>
 *   <tr><td>upstream Cluster (EDS) and its ClusterLoadAssignment</td><td>{@code <discoveryName>}</td>
 *       <td>{@code payments}</td></tr>
 *   <tr><td>virtual host</td><td>the RouteConfiguration's name</td><td></td></tr>
 *   <tr><td>stat prefix (listener, HCM, tcp_proxy), ingress</td><td>{@code ingress~<discoveryName>}</td>
 *       <td>{@code http.ingress~payments.downstream_rq_total}</td></tr>
 *   <tr><td>stat prefix (listener, HCM, tcp_proxy), egress</td><td>{@code egress~<discoveryName>}</td>
 *       <td>{@code http.egress~payments.downstream_rq_total}</td></tr>
 *   <tr><td>cluster stat name ({@code alt_stat_name}), local app</td><td>{@code ingress~<discoveryName>}</td>
 *       <td>{@code cluster.ingress~payments.upstream_rq_time}</td></tr>
 *   <tr><td>cluster stat name ({@code alt_stat_name}), upstream</td><td>{@code egress~<discoveryName>}</td>
 *       <td>{@code cluster.egress~payments.upstream_rq_xx}</td></tr>
 * </table>
 *
 * <p>Discovery names are {@code [a-z0-9_-]} (spec 3), so they never collide with the {@code app/},
 * {@code ingress/} and {@code egress/} prefixes. Every stat is rooted at one segment
 * {@code <direction>~<discoveryName>} with no dot inside, so the bootstrap's stats tags (spec 59,
 * {@code BootstrapBuilder.statsConfig}) read Direction and DiscoveryName or TargetDiscoveryName off
 * it with self-contained regexes, whatever order Envoy applies them in.
 */
public final class Names {
  private Names() {}

  public static String ingressListener(String discoveryName) {
    return "ingress/" + discoveryName;
  }

  /** Same as the ingress listener: one route table per listener. */
  public static String ingressRoute(String discoveryName) {
    return ingressListener(discoveryName);
  }

  public static String appCluster(String discoveryName) {
    return "app/" + discoveryName;
  }

  public static String egressListener(String dnsName, int port) {
    return "egress/" + dnsName + ":" + port;
  }

  /** Same as the egress listener: one route table per listener. */
  public static String egressRoute(String dnsName, int port) {
    return egressListener(dnsName, port);
  }

  /** The EDS cluster of a discovery name; also its ClusterLoadAssignment name. */
  public static String upstreamCluster(String discoveryName) {
    return discoveryName;
  }

  /** Stat prefix of an ingress listener and its HCM or tcp_proxy; also the app cluster's stat name. */
  public static String ingressStatPrefix(String discoveryName) {
    return "ingress~" + discoveryName;
  }

  /** Stat prefix of an egress listener and its HCM or tcp_proxy; also the upstream cluster's stat name. */
  public static String egressStatPrefix(String discoveryName) {
    return "egress~" + discoveryName;
  }
}
