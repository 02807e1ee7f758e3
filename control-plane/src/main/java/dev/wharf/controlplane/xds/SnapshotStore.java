package dev.wharf.controlplane.xds;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served snapshots, one per proxy group (the task ARN), and the ADS streams open for each group.
 * {@link #set} stores a snapshot and wakes the group's streams; it never sends anything itself and
 * never blocks on a proxy: each stream computes and sends its own update on its own serial executor,
 * under gRPC flow control (see {@link AdsStream}). Thread-safe.
 */
public final class SnapshotStore {
  private final Map<String, GroupSnapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<String, Set<AdsStream>> streams = new ConcurrentHashMap<>();

  /** The snapshot served to {@code group}, or null. */
  public GroupSnapshot get(String group) {
    return snapshots.get(group);
  }

  /** Serves {@code snapshot} to {@code group} from now on, and tells its open streams. */
  public void set(String group, GroupSnapshot snapshot) {
    snapshots.put(group, snapshot);
    Set<AdsStream> open = streams.get(group);
    if (open != null) {
      open.forEach(AdsStream::wake);
    }
  }

  /** Forgets a group's snapshot (its streams then get nothing new). */
  public void remove(String group) {
    snapshots.remove(group);
  }

  /** Groups with a snapshot. */
  public Set<String> groups() {
    return Set.copyOf(snapshots.keySet());
  }

  void attach(String group, AdsStream s) {
    streams.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(s);
  }

  void detach(String group, AdsStream s) {
    streams.computeIfPresent(group, (g, set) -> {
      set.remove(s);
      return set.isEmpty() ? null : set;
    });
  }

  /** Open streams across all groups. */
  public int openStreams() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }
}
