package dev.wharf.api.state;

import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps each Cloud Map service's {@code InstancesRevision} ({@link DiscoveryService#instancesRevision()}):
 * when a mutation registers or deregisters an instance of a service, or changes an instance's
 * attributes, the service is stamped with the new state revision. Health changes and changes to
 * other services do not move it (AWS: "If a new instance is registered or deregistered, the
 * InstancesRevision updates. The health status updates don't update InstancesRevision."). A new
 * service gets the current revision.
 *
 * <p>Applied by {@link AbstractStateStore} to every accepted state, so every writer (Cloud Map
 * operations, ECS, task lifecycle) is covered. Cost: O(written instance keys × log n), from the
 * state's pending changes.
 */
final class InstancesRevisions {
  private InstancesRevisions() {}

  /**
   * {@code next} (already at its new revision) with the services whose instances changed since
   * {@code before} stamped.
   */
  static MeshState stamp(MeshState before, MeshState next) {
    Set<String> moved = new TreeSet<>();
    for (String key : next.changes(MeshState.INSTANCES)) {
      Instance was = before.instances().get(key);
      Instance now = next.instances().get(key);
      if (was == null || now == null || !Objects.equals(was.attributes(), now.attributes())) {
        moved.add(key.substring(0, key.indexOf('/')));
      }
    }
    Set<String> touched = new TreeSet<>(moved);
    touched.addAll(next.changes(MeshState.DISCOVERY_SERVICES));
    MeshState out = next;
    for (String serviceId : touched) {
      DiscoveryService d = next.discoveryServices().get(serviceId);
      if (d != null && (d.instancesRevision() == null || moved.contains(serviceId))) {
        out = out.put(MeshState.DISCOVERY_SERVICES, serviceId, d.withInstancesRevision(next.revision()));
      }
    }
    return out;
  }
}
