package dev.wharf.api.ecs;

import dev.wharf.api.arn.Arn;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.PortMapping;
import dev.wharf.api.model.ecs.ServiceConnectClientAlias;
import dev.wharf.api.model.ecs.ServiceConnectConfiguration;
import dev.wharf.api.model.ecs.ServiceConnectNames;
import dev.wharf.api.model.ecs.ServiceConnectService;
import dev.wharf.api.model.ecs.TaskDefinition;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.state.EcsReferences;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure lookups over {@link MeshState} for ECS resources, scoped to the caller's account and region,
 * and the Service Connect facts every ECS operation needs: a deployment's namespace and its client
 * aliases, explicit or implicit (spec 8).
 */
public final class EcsState {
  private EcsState() {}

  /** A client alias of a deployment, resolved: namespace id, dnsName, port, and the discovery name. */
  public record ResolvedAlias(String namespaceId, String dnsName, int port, String discoveryName) {
    public String key() {
      return MeshState.aliasKey(namespaceId, dnsName, port);
    }
  }

  /** The ARN for a cluster reference (name or ARN; null means "default"). */
  public static String clusterArn(Caller caller, String ref) {
    String r = ref == null || ref.isEmpty() ? "default" : ref;
    return r.startsWith("arn:") ? r : Arns.cluster(caller.region(), caller.account(), r);
  }

  /** The cluster's name from a reference. */
  public static String clusterName(String ref) {
    String r = ref == null || ref.isEmpty() ? "default" : ref;
    return r.startsWith("arn:") ? Arn.resourceId(r) : r;
  }

  /** The ACTIVE cluster named or ARN'd by {@code ref}, or ClusterNotFoundException. */
  public static Cluster activeCluster(MeshState s, Caller caller, String ref) {
    Cluster c = s.clusters().get(clusterArn(caller, ref));
    if (c == null || !Cluster.ACTIVE.equals(c.status()) || !CloudMapState.inScope(c.clusterArn(), caller)) {
      throw EcsErrors.clusterNotFound();
    }
    return c;
  }

  /** The ARN of the service {@code ref} (name or ARN) in {@code cluster}. */
  public static String serviceArn(Caller caller, Cluster cluster, String ref) {
    return ref.startsWith("arn:") ? ref : Arns.service(caller.region(), caller.account(), cluster.clusterName(), ref);
  }

  /** The service, in any status, or null. ARNs of other clusters do not match. */
  public static EcsService service(MeshState s, Caller caller, Cluster cluster, String ref) {
    EcsService svc = s.services().get(serviceArn(caller, cluster, ref));
    return svc != null && svc.clusterArn().equals(cluster.clusterArn()) ? svc : null;
  }

  /** The caller of a resource: the account and region in its ARN. */
  public static Caller ownerOf(String arn) {
    Arn a = Arn.parse(arn);
    return new Caller(a.account(), a.region());
  }

  /** Resolves a namespace reference (name or ARN) for the caller, or null ({@link EcsReferences#namespace}). */
  public static Namespace namespace(MeshState s, Caller caller, String ref) {
    return EcsReferences.namespace(s, caller.scope(), ref);
  }

  /** The namespace a deployment's Service Connect configuration uses, or null (disabled or gone). */
  public static Namespace namespaceOf(MeshState s, EcsService svc, Deployment d) {
    ServiceConnectConfiguration sc = d.serviceConnectConfiguration();
    if (sc == null || !Boolean.TRUE.equals(sc.enabled())) {
      return null;
    }
    return namespace(s, ownerOf(svc.serviceArn()), sc.namespace());
  }

  /** The port mapping named {@code portName} in any container of {@code td} (null when none or no td). */
  public static PortMapping portMapping(TaskDefinition td, String portName) {
    return td == null ? null : td.portMapping(portName);
  }

  /**
   * The client aliases a deployment declares. Each {@code services[]} entry contributes its alias, or,
   * when it has none, the implicit alias {@code discoveryName.namespace : containerPort} (spec 8, [I]:
   * ECS makes the endpoint reachable at the discovery name in the namespace on the container port).
   * An alias without {@code dnsName} gets {@code discoveryName.namespace} (spec 5).
   */
  public static List<ResolvedAlias> aliases(MeshState s, EcsService svc, Deployment d) {
    Namespace ns = namespaceOf(s, svc, d);
    ServiceConnectConfiguration sc = d.serviceConnectConfiguration();
    List<ResolvedAlias> out = new ArrayList<>();
    if (ns == null || sc.services() == null) {
      return out;
    }
    TaskDefinition td = s.taskDefinitions().get(d.taskDefinition());
    for (ServiceConnectService entry : sc.services()) {
      String discoveryName = entry.effectiveDiscoveryName();
      if (entry.clientAliases() == null || entry.clientAliases().isEmpty()) {
        PortMapping pm = portMapping(td, entry.portName());
        if (pm != null && pm.containerPort() != null) {
          out.add(new ResolvedAlias(ns.id(), ServiceConnectNames.defaultDnsName(discoveryName, ns.name()),
              pm.containerPort(), discoveryName));
        }
        continue;
      }
      for (ServiceConnectClientAlias a : entry.clientAliases()) {
        out.add(new ResolvedAlias(ns.id(), ServiceConnectNames.dnsName(a, discoveryName, ns.name()), a.port(),
            discoveryName));
      }
    }
    return out;
  }

  /** Deployments whose tasks may run: PRIMARY and ACTIVE ones, of services not INACTIVE. */
  public static boolean live(EcsService svc, Deployment d) {
    return !EcsService.INACTIVE.equals(svc.status())
        && (Deployment.PRIMARY.equals(d.status()) || Deployment.ACTIVE.equals(d.status()));
  }
}
