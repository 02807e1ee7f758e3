package dev.wharf.controlplane.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each proxy group's resources into a {@link GroupSnapshot} and publishes it to the
 * {@link SnapshotStore} when, and only when, its content changed and it is valid.
 *
 * <p>Versions are content hashes ({@link XdsResource}, {@link TypeSnapshot}), so an unchanged group is
 * never re-pushed and a restarted server computes the versions the proxies already hold. Every
 * resource passes {@link ResourceValidator} and every group its reference checks before anything is
 * published: a group with any problem keeps serving its last good snapshot, and the problem is
 * reported in {@link #failures()} (admin {@code /wharf/proxies}) and logged.
 *
 * <p>Sharing: type snapshots are interned by version, so groups with the same content share one
 * object (memory O(distinct content), and proxies share diffs). Within a pass, a list or a message
 * handed in for several groups is hashed and validated once (identity memo).
 *
 * <p>Contract: {@link #publish} is called from one thread (the reconciler). Reads are thread-safe.
 */
public final class SnapshotPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final SnapshotStore store;
  private final Map<String, GroupSnapshot> published = new HashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  /** Type snapshots in use, by type and version; rebuilt every pass. */
  private Map<String, TypeSnapshot> interned = new HashMap<>();
  /** Resource versions (type|version) that passed validation; rebuilt every pass. */
  private Set<String> valid = new java.util.HashSet<>();
  /**
   * Resources of the last pass by content (protobuf equality): the translator builds new messages
   * every pass, and comparing is cheaper than serializing and hashing again. Rebuilt every pass.
   */
  private Map<Message, XdsResource> byContent = new HashMap<>();
  /** Group reference checks by type versions; rebuilt every pass. */
  private Map<String, List<String>> referenceChecks = new HashMap<>();
  private final TypeSnapshot[] empty = new TypeSnapshot[XdsType.values().length];

  public SnapshotPublisher(SnapshotStore store) {
    this.store = store;
    for (XdsType t : XdsType.values()) {
      empty[t.ordinal()] = TypeSnapshot.of(t, List.of());
    }
  }

  /** The resources of one group, each list sorted by name. */
  public record GroupResources(
      List<Cluster> clusters,
      List<ClusterLoadAssignment> endpoints,
      List<Listener> listeners,
      List<RouteConfiguration> routes) {
    List<? extends Message> of(XdsType t) {
      return switch (t) {
        case CLUSTER -> clusters;
        case ENDPOINT -> endpoints;
        case LISTENER -> listeners;
        case ROUTE -> routes;
      };
    }
  }

  /** Counts of one publication. */
  public record PublishStats(int groups, int changed, int retired, int invalid) {}

  /** Publishes every group in {@code groups} and retires groups no longer present. */
  public PublishStats publish(Map<String, GroupResources> groups) {
    Pass pass = new Pass();
    long now = System.nanoTime();
    int changed = 0;
    int invalid = 0;
    for (Map.Entry<String, GroupResources> e : groups.entrySet()) {
      switch (publishGroup(pass, e.getKey(), e.getValue(), now)) {
        case CHANGED -> changed++;
        case INVALID -> invalid++;
        default -> { }
      }
    }
    int retired = 0;
    for (String gone : Set.copyOf(published.keySet())) {
      if (!groups.containsKey(gone)) {
        // A group with no task behind it gets an empty snapshot, so a proxy still connected
        // (a task being withdrawn) drops its listeners instead of serving stale config.
        Map<XdsType, TypeSnapshot> none = new EnumMap<>(XdsType.class);
        for (XdsType t : XdsType.values()) {
          none.put(t, empty[t.ordinal()]);
        }
        store.set(gone, new GroupSnapshot(none, now));
        published.remove(gone);
        failures.remove(gone);
        retired++;
      }
    }
    for (GroupSnapshot g : published.values()) {
      for (XdsType t : XdsType.values()) {
        pass.interned.put(key(t, g.get(t).version()), g.get(t));
      }
    }
    interned = pass.interned;
    byContent = pass.byContent;
    valid = pass.valid;
    referenceChecks = pass.references;
    return new PublishStats(groups.size(), changed, retired, invalid);
  }

  /** Why a group's newest resources were not published (it keeps its last good snapshot), by group. */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  /** The snapshot currently served to a group, or null. */
  public GroupSnapshot current(String group) {
    return store.get(group);
  }

  private enum Outcome { UNCHANGED, CHANGED, INVALID }

  private Outcome publishGroup(Pass pass, String group, GroupResources resources, long now) {
    Map<XdsType, TypeSnapshot> types = new EnumMap<>(XdsType.class);
    List<String> problems = new ArrayList<>();
    for (XdsType t : XdsType.values()) {
      types.put(t, pass.type(t, resources.of(t), problems));
    }
    if (problems.isEmpty()) {
      problems.addAll(pass.references(types));
    }
    if (!problems.isEmpty()) {
      String why = String.join("; ", problems.size() > 10 ? problems.subList(0, 10) : problems)
          + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : "");
      if (!why.equals(failures.put(group, why))) {
        LOG.warn("group {}: not published, the last good snapshot keeps serving: {}", group, why);
      }
      return Outcome.INVALID;
    }
    failures.remove(group);
    GroupSnapshot previous = published.get(group);
    GroupSnapshot next = new GroupSnapshot(types, now);
    if (next.sameVersions(previous)) {
      return Outcome.UNCHANGED;
    }
    published.put(group, next);
    store.set(group, next);
    return Outcome.CHANGED;
  }

  private static String key(XdsType t, String version) {
    return t.ordinal() + "|" + version;
  }

  /** Memos of one publication. */
  private final class Pass {
    final Map<List<?>, TypeSnapshot> byList = new IdentityHashMap<>();
    final Map<List<?>, List<String>> listProblems = new IdentityHashMap<>();
    final Map<Message, XdsResource> byMessage = new IdentityHashMap<>();
    final Map<Message, XdsResource> byContent = new HashMap<>();
    final Map<String, TypeSnapshot> interned = new HashMap<>();
    final Set<String> valid = new java.util.HashSet<>();
    final Map<String, List<String>> references = new HashMap<>();

    TypeSnapshot type(XdsType t, List<? extends Message> list, List<String> problems) {
      TypeSnapshot known = byList.get(list);
      if (known != null) {
        problems.addAll(listProblems.get(list));
        return known;
      }
      List<XdsResource> resources = new ArrayList<>(list.size());
      List<String> found = new ArrayList<>();
      for (Message m : list) {
        XdsResource r = byMessage.get(m);
        if (r == null) {
          r = SnapshotPublisher.this.byContent.get(m);
          if (r == null || r.message().getClass() != m.getClass()) {
            r = XdsResource.of(t, m);
          }
          byMessage.put(m, r);
          byContent.put(m, r);
        }
        String vkey = key(t, r.version());
        if (!valid.contains(vkey)) {
          List<String> p = SnapshotPublisher.this.valid.contains(vkey) ? List.of() : ResourceValidator.check(t, m);
          if (p.isEmpty()) {
            valid.add(vkey);
          }
          found.addAll(p);
        }
        resources.add(r);
      }
      TypeSnapshot built;
      try {
        built = TypeSnapshot.of(t, resources);
      } catch (IllegalArgumentException dup) {
        found.add(t.shortName() + ": duplicate resource names: " + dup.getMessage());
        built = empty[t.ordinal()];
      }
      TypeSnapshot shared = intern(built);
      byList.put(list, shared);
      listProblems.put(list, List.copyOf(found));
      problems.addAll(found);
      return shared;
    }

    TypeSnapshot intern(TypeSnapshot s) {
      String k = key(s.type(), s.version());
      TypeSnapshot mine = interned.get(k);
      if (mine != null) {
        return mine;
      }
      TypeSnapshot earlier = SnapshotPublisher.this.interned.get(k);
      TypeSnapshot use = earlier != null ? earlier : s;
      interned.put(k, use);
      return use;
    }

    /**
     * Reference checks, memoized per pair (or triple) of type versions, so an endpoint-only change
     * re-checks only clusters against assignments.
     */
    List<String> references(Map<XdsType, TypeSnapshot> types) {
      TypeSnapshot c = types.get(XdsType.CLUSTER);
      TypeSnapshot e = types.get(XdsType.ENDPOINT);
      TypeSnapshot l = types.get(XdsType.LISTENER);
      TypeSnapshot r = types.get(XdsType.ROUTE);
      List<String> p = new ArrayList<>(memo("ce|" + c.version() + e.version(),
          () -> ResourceValidator.clusterAssignments(c, e)));
      p.addAll(memo("lrc|" + l.version() + r.version() + c.version(),
          () -> ResourceValidator.listenerReferences(l, r, c)));
      p.addAll(memo("rc|" + r.version() + c.version(), () -> ResourceValidator.routeClusters(r, c)));
      return p;
    }

    private List<String> memo(String key, java.util.function.Supplier<List<String>> check) {
      List<String> p = references.get(key);
      if (p == null) {
        p = referenceChecks.get(key);
      }
      if (p == null) {
        p = List.copyOf(check.get());
      }
      references.put(key, p);
      return p;
    }
  }
}
