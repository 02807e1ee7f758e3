package dev.wharf.api.state;

import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps each Cloud Map service's {@code InstancesRevision} ({@link DiscoveryService#instancesRevision()}):
 * when a mutation registers or deregisters an instance of a service, or changes an instance's
 * attributes, the service is stamped with the new state revision. Health changes and changes to
 * other services do not move it (AWS: "If a new instance is registered or deregistered, the
 * InstancesRevision updates. The health status updates don't update InstancesRevision."). A service
 * without a stamp (new, or stored before stamps were kept) gets the current revision.
 *
 * <p>Applied by {@link AbstractStateStore#apply} to every accepted state, so every writer (Cloud Map
 * operations, ECS, task lifecycle) is covered. Cost: one merge walk over the instances when the
 * instance map changed.
 */
final class InstancesRevisions {
  private InstancesRevisions() {}

  /** {@code next} (already at its new revision) with the services whose instances changed stamped. */
  static MeshState stamp(MeshState before, MeshState next) {
    Set<String> changed = before.instances() == next.instances() ? Set.of() : changedServices(before, next);
    Map<String, DiscoveryService> stamped = null;
    for (DiscoveryService d : next.discoveryServices().values()) {
      if (d.instancesRevision() == null || changed.contains(d.id())) {
        if (stamped == null) {
          stamped = new TreeMap<>(next.discoveryServices());
        }
        stamped.put(d.id(), d.withInstancesRevision(next.revision()));
      }
    }
    return stamped == null ? next : next.withDiscoveryServices(stamped);
  }

  /** Ids of services with an instance added, removed, or with changed attributes (merge walk by key). */
  private static Set<String> changedServices(MeshState before, MeshState next) {
    Set<String> changed = new HashSet<>();
    Iterator<Map.Entry<String, Instance>> a = before.instances().entrySet().iterator();
    Iterator<Map.Entry<String, Instance>> b = next.instances().entrySet().iterator();
    Map.Entry<String, Instance> x = a.hasNext() ? a.next() : null;
    Map.Entry<String, Instance> y = b.hasNext() ? b.next() : null;
    while (x != null || y != null) {
      int c = x == null ? 1 : y == null ? -1 : x.getKey().compareTo(y.getKey());
      if (c < 0) {
        changed.add(x.getValue().serviceId());
        x = a.hasNext() ? a.next() : null;
      } else if (c > 0) {
        changed.add(y.getValue().serviceId());
        y = b.hasNext() ? b.next() : null;
      } else {
        if (x.getValue() != y.getValue()
            && !Objects.equals(x.getValue().attributes(), y.getValue().attributes())) {
          changed.add(y.getValue().serviceId());
        }
        x = a.hasNext() ? a.next() : null;
        y = b.hasNext() ? b.next() : null;
      }
    }
    return changed;
  }
}
