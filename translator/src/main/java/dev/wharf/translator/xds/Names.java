package dev.wharf.translator.xds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
 * <p>TLS (spec 54-56) names secrets, served over ADS (SDS) in the same snapshot as what names them:
 *
 * <table>
 *   <caption>Secret names and identities</caption>
 *   <tr><th>secret</th><th>name</th><th>certificate SANs</th></tr>
 *   <tr><td>server certificate of a discovery name</td><td>{@code cert~<discoveryName>}</td>
 *       <td>URI {@code spiffe://wharf/ns/<namespace>/sc/<discoveryName>}, DNS {@code <discoveryName>}</td></tr>
 *   <tr><td>the sidecar's own client certificate (mutual TLS only)</td><td>{@code identity}</td>
 *       <td>URI {@code spiffe://wharf/ns/<namespace>/task/<taskId>}</td></tr>
 *   <tr><td>trust bundle (Wharf's roots)</td><td>{@code trust}</td><td></td></tr>
 * </table>
 *
 * <p>A client connects with SNI {@code <discoveryName>} and accepts only a certificate carrying the
 * server's SPIFFE URI. Namespace names are percent-encoded in URIs ({@link #spiffeNamespace}).
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

  /** SDS name of a discovery name's server certificate (spec 56). */
  public static String certificateSecret(String discoveryName) {
    return "cert~" + discoveryName;
  }

  /** SDS name of the trust bundle: every root a proxy accepts. */
  public static final String TRUST_SECRET = "trust";

  /** SDS name of a sidecar's own client certificate (mutual TLS); per proxy group. */
  public static final String IDENTITY_SECRET = "identity";

  /** The SPIFFE-style trust domain and namespace prefix of every Wharf identity in a namespace. */
  public static String spiffeNamespace(String namespace) {
    return "spiffe://wharf/ns/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/";
  }

  /** The URI SAN of a discovery name's server certificate. */
  public static String spiffeService(String namespace, String discoveryName) {
    return spiffeNamespace(namespace) + "sc/" + discoveryName;
  }

  /** The URI SAN of a task's own (client) certificate; the task id is the ARN's last segment. */
  public static String spiffeTask(String namespace, String taskArn) {
    return spiffeNamespace(namespace) + "task/" + taskArn.substring(taskArn.lastIndexOf('/') + 1);
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
