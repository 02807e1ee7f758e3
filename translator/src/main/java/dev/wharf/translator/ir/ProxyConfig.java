package dev.wharf.translator.ir;

import java.util.List;

/**
 * Everything one sidecar proxy serves, in proxy words. One per task (the proxy group key is the
 * task ARN, because listener addresses differ per task in both layouts).
 *
 * @param taskArn the task whose sidecar this is
 * @param namespace the Cloud Map namespace name the task's service connects in; null if unresolved
 * @param ingress sorted by discovery name
 * @param egress sorted by dnsName, then port
 * @param upstreams sorted by discovery name: exactly the targets of {@code egress}
 * @param hosts sorted by hostname: one line per distinct egress dnsName
 * @param accessLog null when access logs are off
 */
public record ProxyConfig(
    String taskArn,
    String namespace,
    List<IngressListener> ingress,
    List<EgressListener> egress,
    List<Upstream> upstreams,
    List<HostEntry> hosts,
    AccessLog accessLog,
    OutlierDetection outlierDetection) {
  public ProxyConfig {
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
    upstreams = List.copyOf(upstreams);
    hosts = List.copyOf(hosts);
  }
}
