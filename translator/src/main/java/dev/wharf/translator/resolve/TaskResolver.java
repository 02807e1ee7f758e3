package dev.wharf.translator.resolve;

import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectAccessLogConfiguration;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.translator.ir.AccessLog;
import dev.wharf.translator.ir.EgressListener;
import dev.wharf.translator.ir.HostEntry;
import dev.wharf.translator.ir.IngressListener;
import dev.wharf.translator.ir.OutlierDetection;
import dev.wharf.translator.ir.ProxyConfig;
import dev.wharf.translator.ir.SocketAddress;
import dev.wharf.translator.ir.Upstream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the {@link ProxyConfig} of one task's sidecar. */
final class TaskResolver {
  private final Lookup lookup;
  private final AliasCatalogue catalogue;
  private final EndpointIndex endpoints;
  private final boolean frozenAliases;
  private final OutlierDetection outlier;

  TaskResolver(Lookup lookup, AliasCatalogue catalogue, EndpointIndex endpoints, boolean frozenAliases,
      OutlierDetection outlier) {
    this.lookup = lookup;
    this.catalogue = catalogue;
    this.endpoints = endpoints;
    this.frozenAliases = frozenAliases;
    this.outlier = outlier;
  }

  /** The task's proxy config, or null when its deployment does not use Service Connect. */
  ProxyConfig resolve(Task task, Problems problems) {
    EcsService service = lookup.state().services().get(task.serviceArn());
    if (service == null) {
      problems.add(Problem.SERVICE_NOT_FOUND, task.taskArn(), "service " + task.serviceArn() + " not found");
      return null;
    }
    ScDeployment sc = lookup.scDeployment(service,
        Lookup.deploymentOf(service, task.deploymentId()), task.taskDefinitionArn(), problems);
    if (sc == null) {
      return null;
    }
    List<IngressListener> ingress = ingress(task, sc, problems);
    List<AliasTarget> aliases = sc.namespace() == null ? List.of() : visibleAliases(task, sc);
    Map<String, String> vips = vipsByDnsName(task, aliases, problems);
    List<EgressListener> egress = new ArrayList<>();
    Map<String, Upstream> upstreams = new TreeMap<>();
    for (AliasTarget a : aliases) {
      String vip = vips.get(a.dnsName());
      if (vip == null) {
        continue;
      }
      egress.add(new EgressListener(a.dnsName(), a.port(), vip, a.discoveryName(), a.protocol(), a.timeouts()));
      upstreams.put(a.discoveryName(), new Upstream(a.discoveryName(), a.protocol(),
          endpoints.endpoints(a.namespaceId(), a.discoveryName())));
    }
    List<HostEntry> hosts = new ArrayList<>();
    vips.forEach((dns, vip) -> hosts.add(new HostEntry(vip, dns)));
    return new ProxyConfig(task.taskArn(), sc.namespace() == null ? null : sc.namespace().name(), ingress,
        egress, List.copyOf(upstreams.values()), hosts, accessLog(sc), outlier);
  }

  /** One ingress listener per services[] entry of the task's own deployment (Part 2.2). */
  private List<IngressListener> ingress(Task task, ScDeployment sc, Problems problems) {
    List<ScEntry> entries = EntryResolver.resolve(sc, problems);
    if (entries.isEmpty()) {
      return List.of();
    }
    if (task.ingressIp() == null || task.appIp() == null) {
      problems.add(Problem.TASK_ADDRESS_MISSING, task.taskArn(), "task has no ingressIp or appIp");
      return List.of();
    }
    List<IngressListener> out = new ArrayList<>();
    Set<Integer> ports = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (ScEntry e : entries) {
      if (!names.add(e.discoveryName())) {
        continue; // reported by the catalogue (spec 4)
      }
      if (!ports.add(e.ingressPort())) {
        // Spec 31: the ECS agent refuses colliding ingress ports.
        problems.add(Problem.INGRESS_PORT_COLLISION, task.taskArn(), "ingress port collision detected for port "
            + e.ingressPort() + " and discoveryName " + e.discoveryName());
        continue;
      }
      out.add(new IngressListener(e.discoveryName(), new SocketAddress(task.ingressIp(), e.ingressPort()),
          new SocketAddress(task.appIp(), e.containerPort()), e.protocol(), e.timeouts()));
    }
    out.sort(Comparator.comparing(IngressListener::discoveryName));
    return out;
  }

  /**
   * Every alias of the task's namespace (spec 26 says all of them, including the task's own), or in
   * frozen mode only those that existed when the task started: {@code since <= startedAt}. A task or
   * alias without a known time sees the alias.
   */
  private List<AliasTarget> visibleAliases(Task task, ScDeployment sc) {
    List<AliasTarget> all = catalogue.aliases(sc.namespace().id());
    if (!frozenAliases || task.startedAt() == null) {
      return all;
    }
    return all.stream().filter(a -> a.since() == null || a.since() <= task.startedAt()).toList();
  }

  /**
   * One VIP per dnsName: that of its lowest alias index. Aliases that share a dnsName on different
   * ports then share a VIP, so the one hosts-file line for the name reaches every port.
   */
  private static Map<String, String> vipsByDnsName(Task task, List<AliasTarget> aliases, Problems problems) {
    Map<String, Integer> index = new TreeMap<>();
    for (AliasTarget a : aliases) {
      index.merge(a.dnsName(), a.vipIndex(), Math::min);
    }
    Map<String, String> out = new TreeMap<>();
    index.forEach((dns, k) -> {
      try {
        out.put(dns, Vips.vip(task.layout(), task.slot(), k));
      } catch (IllegalArgumentException ex) {
        problems.add(Problem.VIP_RANGE_EXHAUSTED, task.taskArn(), dns + ": " + ex.getMessage());
      }
    });
    return out;
  }

  /** Spec 57: from the task's own service's {@code accessLogConfiguration}. */
  private static AccessLog accessLog(ScDeployment sc) {
    ServiceConnectAccessLogConfiguration c = sc.config().accessLogConfiguration();
    if (c == null) {
      return null;
    }
    AccessLog.Format format = "JSON".equals(c.format()) ? AccessLog.Format.JSON : AccessLog.Format.TEXT;
    return new AccessLog(format, "ENABLED".equals(c.includeQueryParameters()));
  }
}
