package dev.wharf.api.ecs;

import dev.wharf.api.cloudmap.CloudMapState;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.state.MeshState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /** Applies every rule above. O(services + tasks); API operations call it. */
  public static MeshState settle(MeshState s) {
    MeshState next = settleServices(s, s.services().values());
    next = reconcileVips(next);
    return pruneManagedDiscovery(next);
  }

  /**
   * Applies the rules after tasks of one service came or went (the task lifecycle): only that
   * service's deployments can end, so the namespace-wide rules run only when one did.
   */
  public static MeshState settleService(MeshState s, String serviceArn) {
    EcsService svc = s.services().get(serviceArn);
    if (svc == null) {
      return s;
    }
    MeshState next = settleServices(s, List.of(svc));
    return next == s ? s : pruneManagedDiscovery(reconcileVips(next));
  }

  private static MeshState settleServices(MeshState s, Collection<EcsService> services) {
    Map<String, Integer> tasksPerDeployment = new TreeMap<>();
    Set<String> servicesWithTasks = new HashSet<>();
    for (Task t : s.tasks().values()) {
      tasksPerDeployment.merge(String.valueOf(t.deploymentId()), 1, Integer::sum);
      servicesWithTasks.add(t.serviceArn());
    }
    MeshState next = s;
    for (EcsService svc : services) {
      List<Deployment> kept = new ArrayList<>();
      for (Deployment d : svc.deployments()) {
        if (d.isPrimary() || tasksPerDeployment.containsKey(d.id())) {
          kept.add(d);
        }
      }
      boolean drained = EcsService.DRAINING.equals(svc.status()) && !servicesWithTasks.contains(svc.serviceArn());
      if (kept.size() != svc.deployments().size() || drained) {
        next = next.put(MeshState.SERVICES, svc.serviceArn(),
            svc.withStatus(drained ? EcsService.INACTIVE : svc.status()).withDeployments(kept));
      }
    }
    return next;
  }

  /** Keeps, frees and allocates alias VIP indexes (see the class comment). */
  public static MeshState reconcileVips(MeshState s) {
    Set<String> declared = new TreeSet<>();
    for (EcsService svc : s.services().values()) {
      for (Deployment d : svc.deployments()) {
        if (EcsState.live(svc, d)) {
          EcsState.aliases(s, svc, d).forEach(a -> declared.add(a.key()));
        }
      }
    }
    Map<String, Integer> vips = new TreeMap<>(s.aliasVips());
    vips.keySet().retainAll(declared);
    MeshState next = s;
    for (String key : s.aliasVips().keySet()) {
      if (!declared.contains(key)) {
        next = next.remove(MeshState.ALIAS_VIPS, key);
      }
    }
    for (String key : declared) {
      if (!vips.containsKey(key)) {
        int index = lowestFree(vips, key.substring(0, key.indexOf('|') + 1));
        vips.put(key, index);
        next = next.put(MeshState.ALIAS_VIPS, key, index);
      }
    }
    return next;
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
      if (!EcsService.INACTIVE.equals(svc.status())) {
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
