package dev.wharf.controlplane.xds;

import com.google.protobuf.Message;
import dev.wharf.translator.xds.ProxyPlan;
import dev.wharf.translator.xds.ProxyResources;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each proxy group's {@link ProxyPlan} into a {@link GroupSnapshot} and publishes it to the
 * {@link SnapshotStore} when, and only when, its content changed and it is valid.
 *
 * <p><b>Sharing.</b> A plan is made of parts, and parts are shared between groups (the same object
 * for every proxy of a namespace). The publisher turns each distinct part into flat
 * {@link TypeSnapshot}s once, interned by version, and each group's snapshot of a type is the union
 * of its parts' ({@link TypeSnapshot#union}): what a group costs here is the few resources of its
 * own, not the size of the namespace. A group whose plan is the object it had last time is skipped in
 * O(1), so a pass costs O(groups) identity checks plus the work on what changed.
 *
 * <p><b>Versions</b> are content hashes ({@link XdsResource}, {@link TypeSnapshot}), so an unchanged
 * group is never re-pushed and a restarted server computes the versions the proxies already hold.
 *
 * <p><b>Validation.</b> Every resource passes {@link ResourceValidator} (memoized by resource
 * version) and every part its reference checks: a part's references must resolve in itself or an
 * earlier part of the plan (memoized by the snapshots involved, so an endpoint change re-checks
 * nothing but the changed assignments). Names must be unique across a group's parts. A group with
 * any problem keeps serving its last good snapshot; the problem is reported in {@link #failures()}
 * (admin {@code /wharf/proxies}) and logged.
 *
 * <p>Memos are generational: what a pass did not use is dropped at its end, so memory follows the
 * current state. Contract: {@link #publish} is called from one thread (the reconciler). Reads are
 * thread-safe.
 */
public final class SnapshotPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

  private final SnapshotStore store;
  private final Map<String, Published> published = new HashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final TypeSnapshot[] empty = new TypeSnapshot[XdsType.values().length];
  private Memos memos = new Memos(null);

  /** What a group was last handed: its plan (to skip an unchanged one) and the snapshot served. */
  private record Published(ProxyPlan plan, GroupSnapshot snapshot) {}

  /** A resource as served, and what {@link ResourceValidator#check} found wrong with it. */
  private record Checked(XdsResource resource, List<String> problems) {}

  /** One list of messages of a part as a flat snapshot, and what is wrong with it. */
  private record Listed(TypeSnapshot snapshot, List<String> problems) {}

  /** A part as snapshots: one flat snapshot per type, and what is wrong inside it. */
  private record Part(TypeSnapshot[] types, List<String> problems) {
    TypeSnapshot get(XdsType t) {
      return types[t.ordinal()];
    }
  }

  public SnapshotPublisher(SnapshotStore store) {
    this.store = store;
    for (XdsType t : XdsType.values()) {
      empty[t.ordinal()] = TypeSnapshot.of(t, List.of());
    }
  }

  /** Counts of one publication. */
  public record PublishStats(int groups, int changed, int retired, int invalid) {}

  /** Publishes every group in {@code groups} and retires groups no longer present. */
  public PublishStats publish(Map<String, ProxyPlan> groups) {
    Memos pass = new Memos(memos);
    long now = System.nanoTime();
    int changed = 0;
    int invalid = 0;
    for (Map.Entry<String, ProxyPlan> e : groups.entrySet()) {
      Published before = published.get(e.getKey());
      if (before != null && before.plan() == e.getValue() && !failures.containsKey(e.getKey())) {
        pass.keep(before.plan(), before.snapshot());
        continue;
      }
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
        retired++;
      }
    }
    failures.keySet().retainAll(groups.keySet());
    pass.carryLiveReferences();
    memos = pass.withoutPrevious();
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

  /** Groups that have a plan but no valid snapshot yet (their proxies hold no configuration). */
  public Set<String> unconfigured() {
    Set<String> out = new HashSet<>(failures.keySet());
    out.removeIf(g -> store.get(g) != null);
    return out;
  }

  private enum Outcome { UNCHANGED, CHANGED, INVALID }

  private Outcome publishGroup(Memos pass, String group, ProxyPlan plan, long now) {
    List<Part> parts = new ArrayList<>(plan.parts().size());
    List<String> problems = new ArrayList<>();
    for (ProxyResources r : plan.parts()) {
      Part p = pass.part(r, this::part);
      parts.add(p);
      problems.addAll(p.problems());
    }
    Map<XdsType, TypeSnapshot> types = new EnumMap<>(XdsType.class);
    for (XdsType t : XdsType.values()) {
      TypeSnapshot[] layers = new TypeSnapshot[parts.size()];
      for (int i = 0; i < layers.length; i++) {
        layers[i] = parts.get(i).get(t);
      }
      try {
        types.put(t, pass.union(t, layers, empty[t.ordinal()]));
      } catch (IllegalArgumentException dup) {
        problems.add(t.shortName() + ": duplicate resource names across parts: " + dup.getMessage());
        types.put(t, empty[t.ordinal()]);
      }
    }
    if (problems.isEmpty()) {
      for (int i = 0; i < parts.size(); i++) {
        problems.addAll(pass.references(parts, i));
      }
      problems.addAll(pass.secretReferences(types));
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
    Published previous = published.get(group);
    GroupSnapshot next = new GroupSnapshot(types, now);
    if (previous != null && next.sameVersions(previous.snapshot())) {
      published.put(group, new Published(plan, previous.snapshot()));
      pass.keep(plan, previous.snapshot());
      return Outcome.UNCHANGED;
    }
    published.put(group, new Published(plan, next));
    pass.keep(plan, next);
    store.set(group, next);
    return Outcome.CHANGED;
  }

  /** Snapshots and validates one part (memoized per resource by the pass). */
  private Part part(Memos pass, ProxyResources r) {
    TypeSnapshot[] types = new TypeSnapshot[XdsType.values().length];
    List<String> problems = new ArrayList<>();
    for (XdsType t : XdsType.values()) {
      List<? extends Message> list = switch (t) {
        case CLUSTER -> r.clusters();
        case ENDPOINT -> r.endpoints();
        case LISTENER -> r.listeners();
        case ROUTE -> r.routes();
        case SECRET -> r.secrets();
      };
      Listed listed = pass.listed(t, list, empty[t.ordinal()]);
      problems.addAll(listed.problems());
      types[t.ordinal()] = listed.snapshot();
    }
    return new Part(types, List.copyOf(problems));
  }

  /**
   * Memos of one pass, seeded from the previous pass's: entries a pass uses are carried into the
   * next one, the others are dropped.
   */
  private static final class Memos {
    private Memos previous;
    final Map<ProxyResources, Part> parts = new IdentityHashMap<>();
    final Map<Message, Checked> resources = new IdentityHashMap<>();
    final Map<List<?>, Listed> lists = new IdentityHashMap<>();
    final Map<String, TypeSnapshot> interned = new HashMap<>();
    final Map<List<TypeSnapshot>, TypeSnapshot> unions = new HashMap<>();
    final Map<List<TypeSnapshot>, List<String>> references = new HashMap<>();
    final Map<List<TypeSnapshot>, List<String>> secretReferences = new HashMap<>();

    Memos(Memos previous) {
      this.previous = previous;
    }

    Memos withoutPrevious() {
      previous = null;
      return this;
    }

    /**
     * Reference checks of the previous pass whose snapshots are all still in use: a group skipped
     * this pass (unchanged plan) did not look its checks up, and its own parts' checks would
     * otherwise be recomputed the next time a shared part moves (loopback: every group's own
     * egress listeners, at every endpoint change).
     */
    void carryLiveReferences() {
      if (previous == null) {
        return;
      }
      previous.references.forEach((key, found) -> {
        if (!references.containsKey(key) && allInterned((IdentityList) key)) {
          references.put(key, found);
        }
      });
    }

    private boolean allInterned(IdentityList key) {
      for (TypeSnapshot s : key) {
        if (s != null && interned.get(key(s.type(), s.version())) != s) {
          return false;
        }
      }
      return true;
    }

    /** Carries an unchanged group's part and layer entries into this pass. */
    void keep(ProxyPlan plan, GroupSnapshot snapshot) {
      if (previous == null) {
        return;
      }
      for (ProxyResources r : plan.parts()) {
        Part p = parts.get(r);
        if (p == null && (p = previous.parts.get(r)) != null) {
          carry(r, p);
        }
      }
      for (XdsType t : XdsType.values()) {
        TypeSnapshot s = snapshot.get(t);
        if (s.layers().size() > 1) {
          unions.putIfAbsent(new IdentityList(s.layers()), s);
        }
      }
    }

    Part part(ProxyResources r, BiFunction<Memos, ProxyResources, Part> build) {
      Part p = parts.get(r);
      if (p == null) {
        p = previous == null ? null : previous.parts.get(r);
        if (p == null) {
          p = build.apply(this, r);
          parts.put(r, p);
        } else {
          carry(r, p);
        }
      }
      return p;
    }

    /** Brings a part of the previous pass, its lists, messages and snapshots, into this one. */
    private void carry(ProxyResources r, Part p) {
      parts.put(r, p);
      for (TypeSnapshot s : p.types()) {
        interned.putIfAbsent(key(s.type(), s.version()), s);
      }
      for (List<? extends Message> list : List.of(r.clusters(), r.endpoints(), r.listeners(), r.routes(),
          r.secrets())) {
        Listed l = previous.lists.get(list);
        if (l != null && lists.putIfAbsent(list, l) == null) {
          for (Message m : list) {
            Checked c = previous.resources.get(m);
            if (c != null) {
              resources.putIfAbsent(m, c);
            }
          }
        }
      }
    }

    /**
     * A list of one type's messages as a snapshot (memoized by the list object: the translator hands
     * the same list while its content stands), each message packed, versioned and validated once
     * (memoized by the message object).
     */
    Listed listed(XdsType t, List<? extends Message> list, TypeSnapshot empty) {
      Listed l = lists.get(list);
      if (l == null) {
        l = previous == null ? null : previous.lists.get(list);
        if (l == null) {
          List<XdsResource> resources = new ArrayList<>(list.size());
          List<String> problems = new ArrayList<>();
          for (Message m : list) {
            Checked c = resource(t, m);
            problems.addAll(c.problems());
            resources.add(c.resource());
          }
          TypeSnapshot s;
          try {
            s = TypeSnapshot.of(t, resources);
          } catch (IllegalArgumentException dup) {
            problems.add(t.shortName() + ": duplicate resource names: " + dup.getMessage());
            s = empty;
          }
          l = new Listed(s, List.copyOf(problems));
        } else {
          for (Message m : list) {
            Checked c = previous.resources.get(m);
            if (c != null) {
              resources.putIfAbsent(m, c);
            }
          }
        }
        l = new Listed(intern(l.snapshot()), l.problems());
        lists.put(list, l);
      }
      return l;
    }

    private Checked resource(XdsType t, Message m) {
      Checked c = resources.get(m);
      if (c == null) {
        c = previous == null ? null : previous.resources.get(m);
        if (c == null) {
          XdsResource x = XdsResource.of(t, m);
          c = new Checked(x, List.copyOf(ResourceValidator.check(t, m)));
        }
        resources.put(m, c);
      }
      return c;
    }

    TypeSnapshot intern(TypeSnapshot s) {
      String k = key(s.type(), s.version());
      TypeSnapshot known = interned.get(k);
      if (known == null) {
        known = previous == null ? null : previous.interned.get(k);
        known = known == null ? s : known;
        interned.put(k, known);
      }
      return known;
    }

    /** The union of a group's layers of one type; one object per distinct list of layers. */
    TypeSnapshot union(XdsType t, TypeSnapshot[] layers, TypeSnapshot empty) {
      List<TypeSnapshot> nonEmpty = new ArrayList<>(layers.length);
      for (TypeSnapshot l : layers) {
        if (l.size() > 0) {
          nonEmpty.add(l);
        }
      }
      if (nonEmpty.size() <= 1) {
        return nonEmpty.isEmpty() ? empty : nonEmpty.get(0);
      }
      IdentityList key = new IdentityList(nonEmpty);
      TypeSnapshot u = unions.get(key);
      if (u == null) {
        u = previous == null ? null : previous.unions.get(key);
        if (u == null) {
          u = intern(TypeSnapshot.union(t, nonEmpty, empty));
        }
        unions.put(key, u);
      }
      return u;
    }

    /**
     * Part {@code i}'s references: its EDS clusters' assignments, its listeners' route tables and
     * TCP clusters, its routes' clusters, each resolved in parts 0..i. Memoized by the snapshots
     * the check reads.
     */
    List<String> references(List<Part> parts, int i) {
      Part p = parts.get(i);
      if (p.get(XdsType.CLUSTER).size() + p.get(XdsType.LISTENER).size() + p.get(XdsType.ROUTE).size() == 0) {
        return List.of();
      }
      // Only what the check reads: assignments for a part with clusters, route tables for one with
      // listeners, clusters for one with listeners or routes. An endpoint change then leaves the
      // key of every part without clusters (egress, ingress) unchanged.
      boolean hasClusters = p.get(XdsType.CLUSTER).size() > 0;
      boolean hasListeners = p.get(XdsType.LISTENER).size() > 0;
      boolean refersToClusters = hasListeners || p.get(XdsType.ROUTE).size() > 0;
      List<TypeSnapshot> read = new ArrayList<>();
      read.add(p.get(XdsType.CLUSTER));
      read.add(p.get(XdsType.LISTENER));
      read.add(p.get(XdsType.ROUTE));
      for (int j = 0; j <= i; j++) {
        Part earlier = parts.get(j);
        read.add(refersToClusters ? earlier.get(XdsType.CLUSTER) : null);
        read.add(hasClusters ? earlier.get(XdsType.ENDPOINT) : null);
        read.add(hasListeners ? earlier.get(XdsType.ROUTE) : null);
      }
      IdentityList key = new IdentityList(read);
      List<String> found = references.get(key);
      if (found == null) {
        found = previous == null ? null : previous.references.get(key);
        if (found == null) {
          found = check(p, parts.subList(0, i + 1));
        }
        references.put(key, found);
      }
      return found;
    }

    private List<String> check(Part p, List<Part> scope) {
      TypeSnapshot clusters = scoped(XdsType.CLUSTER, scope);
      TypeSnapshot endpoints = scoped(XdsType.ENDPOINT, scope);
      TypeSnapshot routes = scoped(XdsType.ROUTE, scope);
      List<String> found = new ArrayList<>(ResourceValidator.clusterAssignments(p.get(XdsType.CLUSTER), endpoints));
      found.addAll(ResourceValidator.listenerReferences(p.get(XdsType.LISTENER), routes, clusters));
      found.addAll(ResourceValidator.routeClusters(p.get(XdsType.ROUTE), clusters));
      return List.copyOf(found);
    }

    /** A group's SDS names all resolve in its secrets (memoized by the three snapshots). */
    List<String> secretReferences(Map<XdsType, TypeSnapshot> types) {
      TypeSnapshot clusters = types.get(XdsType.CLUSTER);
      TypeSnapshot listeners = types.get(XdsType.LISTENER);
      TypeSnapshot secrets = types.get(XdsType.SECRET);
      IdentityList key = new IdentityList(List.of(clusters, listeners, secrets));
      List<String> found = secretReferences.get(key);
      if (found == null) {
        found = previous == null ? null : previous.secretReferences.get(key);
        if (found == null) {
          found = List.copyOf(ResourceValidator.secretReferences(clusters, listeners, secrets));
        }
        secretReferences.put(key, found);
      }
      return found;
    }

    private static TypeSnapshot scoped(XdsType t, List<Part> scope) {
      List<TypeSnapshot> l = new ArrayList<>();
      for (Part p : scope) {
        if (p.get(t).size() > 0) {
          l.add(p.get(t));
        }
      }
      return l.size() == 1 ? l.get(0) : TypeSnapshot.union(t, l, TypeSnapshot.of(t, List.of()));
    }

    private static String key(XdsType t, String version) {
      return t.ordinal() + "|" + version;
    }
  }

  /** A list compared element by element by identity (snapshots are interned, so identity is content). */
  private static final class IdentityList extends AbstractList<TypeSnapshot> {
    private final TypeSnapshot[] items;
    private final int hash;

    IdentityList(List<TypeSnapshot> items) {
      this.items = items.toArray(new TypeSnapshot[0]);
      int h = 1;
      for (TypeSnapshot s : this.items) {
        h = h * 31 + System.identityHashCode(s);
      }
      this.hash = h;
    }

    @Override
    public TypeSnapshot get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof IdentityList other) || other.items.length != items.length) {
        return false;
      }
      for (int i = 0; i < items.length; i++) {
        if (items[i] != other.items[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
