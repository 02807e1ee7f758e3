package dev.wharf.api.ecs;

import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What follows from a change to services or tasks, applied after every such change so that the state
 * stays consistent. All functions are pure and return the same instance when nothing changes.
 *
 * <ul>
 *   <li>A non-PRIMARY deployment with no tasks left is gone (its rollout is over).
 *   <li>A DRAINING service with no tasks left becomes INACTIVE.
 *   <li>Alias VIPs ({@link MeshState#aliasVips()}): every alias declared by a live deployment has a
 *       stable index, the lowest free integer from 0 within its namespace when first seen; an alias no
 *       live deployment declares is freed.
 *   <li>A Cloud Map service ECS created ({@code AmazonECSManaged=true}) that no deployment of a
 *       non-INACTIVE service uses and that has no instances is deleted, so the discovery name can be
 *       used again ([I]: ECS manages these services, spec 18).
 * </ul>
 */
public final class ServiceSettling {
  private ServiceSettling() {}

  /** Applies every rule above. */
  public static MeshState settle(MeshState s) {
    MeshState next = settleServices(s);
    next = reconcileVips(next);
    return pruneManagedDiscovery(next);
  }

  private static MeshState settleServices(MeshState s) {
    Map<String, Integer> tasksPerDeployment = new TreeMap<>();
    Set<String> servicesWithTasks = new HashSet<>();
    for (Task t : s.tasks().values()) {
      tasksPerDeployment.merge(String.valueOf(t.deploymentId()), 1, Integer::sum);
      servicesWithTasks.add(t.serviceArn());
    }
    Map<String, EcsService> changed = new TreeMap<>();
    for (EcsService svc : s.services().values()) {
      List<Deployment> kept = new ArrayList<>();
      for (Deployment d : svc.deployments()) {
        if ("PRIMARY".equals(d.status()) || tasksPerDeployment.containsKey(d.id())) {
          kept.add(d);
        }
      }
      boolean drained = "DRAINING".equals(svc.status()) && !servicesWithTasks.contains(svc.serviceArn());
      if (kept.size() != svc.deployments().size() || drained) {
        changed.put(svc.serviceArn(), new EcsService(svc.serviceArn(), svc.serviceName(), svc.clusterArn(),
            drained ? "INACTIVE" : svc.status(), svc.desiredCount(), svc.runningCount(), svc.pendingCount(),
            svc.launchType(), svc.taskDefinition(), kept, svc.events(), svc.createdAt()));
      }
    }
    if (changed.isEmpty()) {
      return s;
    }
    Map<String, EcsService> services = new TreeMap<>(s.services());
    services.putAll(changed);
    return s.withServices(services);
  }

  /** Keeps, frees and allocates alias VIP indexes (see the class comment). */
  public static MeshState reconcileVips(MeshState s) {
    Set<String> declared = new java.util.TreeSet<>();
    for (EcsService svc : s.services().values()) {
      for (Deployment d : svc.deployments()) {
        if (EcsState.live(svc, d)) {
          EcsState.aliases(s, svc, d).forEach(a -> declared.add(a.key()));
        }
      }
    }
    Map<String, Integer> vips = new TreeMap<>(s.aliasVips());
    vips.keySet().retainAll(declared);
    for (String key : declared) {
      if (!vips.containsKey(key)) {
        vips.put(key, lowestFree(vips, key.substring(0, key.indexOf('|') + 1)));
      }
    }
    return vips.equals(s.aliasVips()) ? s : s.withAliasVips(vips);
  }

  private static int lowestFree(Map<String, Integer> vips, String namespacePrefix) {
    Set<Integer> used = new HashSet<>();
    vips.forEach((k, v) -> {
      if (k.startsWith(namespacePrefix)) {
        used.add(v);
      }
    });
    int i = 0;
    while (used.contains(i)) {
      i++;
    }
    return i;
  }

  private static MeshState pruneManagedDiscovery(MeshState s) {
    Set<String> inUse = new HashSet<>();
    for (EcsService svc : s.services().values()) {
      if (!"INACTIVE".equals(svc.status())) {
        for (Deployment d : svc.deployments()) {
          if (d.serviceConnectResources() != null) {
            d.serviceConnectResources().stream().map(ServiceConnectServiceResource::discoveryArn).forEach(inUse::add);
          }
        }
      }
    }
    MeshState next = s;
    for (DiscoveryService d : s.discoveryServices().values()) {
      if (!inUse.contains(d.arn()) && CloudMapState.ecsManaged(s, d)
          && CloudMapState.instancesOf(s, d.id()).isEmpty()) {
        next = CloudMapState.deleteService(next, d);
      }
    }
    return next;
  }
}
