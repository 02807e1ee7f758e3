package dev.wharf.controlplane.xds;

import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each proxy group's resources into a java-control-plane snapshot and sets it, when (and only
 * when) its content changed.
 *
 * <p>Contract: called from the reconciler thread only. Each type's version is the
 * {@link ContentVersions content hash} of its resources, so an unchanged group is never re-pushed,
 * and a restarted server computes the versions the proxies already hold. A group whose snapshot
 * fails {@code ensureConsistent()} keeps its last good snapshot and the failure is recorded.
 */
public final class SnapshotPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final SimpleCache<String> cache;
  private final Map<String, Snapshot> published = new HashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  public SnapshotPublisher(SimpleCache<String> cache) {
    this.cache = cache;
  }

  /** The resources of one group, each list sorted by name. */
  public record GroupResources(
      List<Cluster> clusters,
      List<ClusterLoadAssignment> endpoints,
      List<Listener> listeners,
      List<RouteConfiguration> routes) {}

  /** Publishes every group in {@code groups} and retires groups no longer present. */
  public PublishStats publish(Map<String, GroupResources> groups) {
    int changed = 0;
    for (Map.Entry<String, GroupResources> e : groups.entrySet()) {
      if (publishGroup(e.getKey(), e.getValue())) {
        changed++;
      }
    }
    int retired = 0;
    for (String gone : Set.copyOf(published.keySet())) {
      if (!groups.containsKey(gone)) {
        // A group with no task behind it gets an empty snapshot, so a proxy still connected
        // (a task being withdrawn) drops its listeners instead of serving stale config.
        Snapshot empty = snapshot(new GroupResources(List.of(), List.of(), List.of(), List.of()));
        cache.setSnapshot(gone, empty);
        published.remove(gone);
        retired++;
      }
    }
    return new PublishStats(groups.size(), changed, retired);
  }

  /** Counts of one publication. */
  public record PublishStats(int groups, int changed, int retired) {}

  /** The last error of a group's snapshot, if its newest resources could not be published. */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  /** The snapshot currently served to a group, or null. */
  public Snapshot current(String group) {
    return cache.getSnapshot(group);
  }

  private boolean publishGroup(String group, GroupResources resources) {
    Snapshot next = snapshot(resources);
    Snapshot previous = published.get(group);
    if (previous != null && sameVersions(previous, next)) {
      return false;
    }
    try {
      next.ensureConsistent();
    } catch (SnapshotConsistencyException e) {
      failures.put(group, e.getMessage());
      LOG.warn("group {}: keeping the last good snapshot: {}", group, e.getMessage());
      return false;
    }
    failures.remove(group);
    published.put(group, next);
    cache.setSnapshot(group, next);
    return true;
  }

  private static Snapshot snapshot(GroupResources r) {
    return Snapshot.create(
        r.clusters(), ContentVersions.of(r.clusters()),
        r.endpoints(), ContentVersions.of(r.endpoints()),
        r.listeners(), ContentVersions.of(r.listeners()),
        r.routes(), ContentVersions.of(r.routes()),
        List.of(), ContentVersions.of(List.of()));
  }

  private static boolean sameVersions(Snapshot a, Snapshot b) {
    for (var type : io.envoyproxy.controlplane.cache.Resources.ResourceType.values()) {
      if (!a.version(type).equals(b.version(type))) {
        return false;
      }
    }
    return true;
  }
}
