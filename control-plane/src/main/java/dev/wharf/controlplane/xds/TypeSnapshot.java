package dev.wharf.controlplane.xds;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Iterators;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of one type that one group is served, with the type's version. Immutable and
 * shared. Two shapes:
 *
 * <ul>
 *   <li><b>flat</b>: resources sorted by name; version = SHA-256 of every (name, resource version)
 *       pair in name order. The publisher interns flat snapshots by version, so every part and group
 *       with the same content holds the same object.
 *   <li><b>layered</b>: the union of flat snapshots with disjoint names (a group's shared parts and
 *       its own, see {@code ProxyPlan}); version = SHA-256 of the layers' versions. A group of a
 *       namespace of S services then costs O(1) here, not O(S): the shared layers are one object for
 *       every group.
 * </ul>
 *
 * <p>{@link #diffFrom(TypeSnapshot)} is memoized per base snapshot on flat snapshots (a small LRU),
 * so K proxies moving from the same old snapshot to this one share one diff; a layered diff is the
 * merge of its layers' memoized diffs. A one-endpoint change therefore costs O(changes) per proxy,
 * not O(resources). Thread-safe.
 */
public final class TypeSnapshot {
  private static final int DIFF_MEMO = 8;

  private final XdsType type;
  private final String version;
  /** Flat: the resources; null when layered. */
  private final ImmutableSortedMap<String, XdsResource> resources;
  /** Layered: two or more flat snapshots with disjoint names; null when flat. */
  private final List<TypeSnapshot> layers;
  private final int size;
  // Keyed by the base's version (not the object), so a snapshot never keeps older ones alive.
  private final Map<String, Diff> diffs = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Diff> e) {
      return size() > DIFF_MEMO;
    }
  };

  private TypeSnapshot(XdsType type, String version, ImmutableSortedMap<String, XdsResource> resources,
      List<TypeSnapshot> layers, int size) {
    this.type = type;
    this.version = version;
    this.resources = resources;
    this.layers = layers;
    this.size = size;
  }

  /** A flat snapshot of {@code resources}; duplicate names fail. */
  public static TypeSnapshot of(XdsType type, Collection<XdsResource> resources) {
    ImmutableSortedMap.Builder<String, XdsResource> b = ImmutableSortedMap.naturalOrder();
    for (XdsResource r : resources) {
      b.put(r.name(), r);
    }
    ImmutableSortedMap<String, XdsResource> map = b.buildOrThrow();
    return new TypeSnapshot(type, versionOf(map.values()), map, null, map.size());
  }

  /**
   * The union of {@code parts} (flat snapshots of one type, in plan order). Empty parts are skipped;
   * one non-empty part is returned as is.
   *
   * @throws IllegalArgumentException when two parts hold the same name
   */
  public static TypeSnapshot union(XdsType type, List<TypeSnapshot> parts, TypeSnapshot empty) {
    List<TypeSnapshot> layers = new ArrayList<>(parts.size());
    int size = 0;
    for (TypeSnapshot p : parts) {
      if (p.layers != null) {
        throw new IllegalArgumentException("layers must be flat");
      }
      if (p.size > 0) {
        layers.add(p);
        size += p.size;
      }
    }
    if (layers.isEmpty()) {
      return empty;
    }
    if (layers.size() == 1) {
      return layers.get(0);
    }
    // Disjointness: probe every layer's names in the largest one and in each other (the small ones).
    TypeSnapshot largest = layers.stream().max(Comparator.comparingInt(TypeSnapshot::size)).orElseThrow();
    for (int i = 0; i < layers.size(); i++) {
      TypeSnapshot l = layers.get(i);
      if (l == largest) {
        continue;
      }
      for (String name : l.resources.keySet()) {
        for (TypeSnapshot other : layers) {
          if (other != l && other.resources.containsKey(name)) {
            throw new IllegalArgumentException(name);
          }
        }
      }
    }
    Hasher h = Hashing.sha256().newHasher().putString("layers", StandardCharsets.UTF_8);
    for (TypeSnapshot l : layers) {
      h.putByte((byte) 0).putString(l.version, StandardCharsets.UTF_8);
    }
    return new TypeSnapshot(type, h.hash().toString().substring(0, 32), null, List.copyOf(layers), size);
  }

  /** The type version of resources given in name order. */
  static String versionOf(Collection<XdsResource> sorted) {
    Hasher h = Hashing.sha256().newHasher();
    for (XdsResource r : sorted) {
      h.putString(r.name(), StandardCharsets.UTF_8).putByte((byte) 0)
          .putString(r.version(), StandardCharsets.UTF_8).putByte((byte) 0);
    }
    return h.hash().toString().substring(0, 32);
  }

  public XdsType type() {
    return type;
  }

  public String version() {
    return version;
  }

  /** Number of resources. */
  public int size() {
    return size;
  }

  /** Every resource, in name order. */
  public Iterable<XdsResource> all() {
    if (layers == null) {
      return resources.values();
    }
    return () -> Iterators.mergeSorted(layers.stream().map(l -> l.resources.values().iterator()).toList(),
        Comparator.comparing(XdsResource::name));
  }

  /** The flat snapshots this one is made of (itself when flat). */
  public List<TypeSnapshot> layers() {
    return layers == null ? List.of(this) : layers;
  }

  public XdsResource get(String name) {
    if (layers == null) {
      return resources.get(name);
    }
    for (TypeSnapshot l : layers) {
      XdsResource r = l.resources.get(name);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** The version of {@code name} here, or null if absent. */
  public String versionOf(String name) {
    XdsResource r = get(name);
    return r == null ? null : r.version();
  }

  /** What changed from {@code base} (null = nothing) to this: names added or changed, names removed. */
  public Diff diffFrom(TypeSnapshot base) {
    if (base == this || base != null && base.version.equals(version)) {
      return Diff.NONE;
    }
    if (base == null) {
      List<String> names = new ArrayList<>(size);
      all().forEach(r -> names.add(r.name()));
      return new Diff(List.copyOf(names), List.of());
    }
    if (layers != null && base.layers != null && layers.size() == base.layers.size()) {
      return layeredDiff(base);
    }
    if (layers == null && base.layers == null) {
      synchronized (diffs) {
        Diff d = diffs.get(base.version);
        if (d == null) {
          d = compute(base.all().iterator(), all().iterator());
          diffs.put(base.version, d);
        }
        return d;
      }
    }
    return compute(base.all().iterator(), all().iterator());
  }

  /** Layer by layer, each layer's diff memoized on the (shared) layer; names are disjoint across layers. */
  private Diff layeredDiff(TypeSnapshot base) {
    List<Diff> parts = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      TypeSnapshot now = layers.get(i);
      TypeSnapshot was = base.layers.get(i);
      Diff d = now.diffFrom(was);
      // A name that moved between layers shows up removed from one and added to the other.
      parts.add(d);
    }
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Diff d : parts) {
      changed.addAll(d.changed());
      removed.addAll(d.removed());
    }
    removed.removeIf(n -> get(n) != null);
    changed.sort(null);
    removed.sort(null);
    return new Diff(List.copyOf(changed), List.copyOf(removed));
  }

  private static Diff compute(Iterator<XdsResource> a, Iterator<XdsResource> b) {
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    XdsResource x = a.hasNext() ? a.next() : null;
    XdsResource y = b.hasNext() ? b.next() : null;
    while (x != null || y != null) {
      int c = x == null ? 1 : y == null ? -1 : x.name().compareTo(y.name());
      if (c < 0) {
        removed.add(x.name());
        x = a.hasNext() ? a.next() : null;
      } else if (c > 0) {
        changed.add(y.name());
        y = b.hasNext() ? b.next() : null;
      } else {
        if (!x.version().equals(y.version())) {
          changed.add(y.name());
        }
        x = a.hasNext() ? a.next() : null;
        y = b.hasNext() ? b.next() : null;
      }
    }
    return new Diff(List.copyOf(changed), List.copyOf(removed));
  }

  /** Names added or changed, and names removed, both sorted. */
  public record Diff(List<String> changed, List<String> removed) {
    static final Diff NONE = new Diff(List.of(), List.of());
  }

  @Override
  public String toString() {
    return type.shortName() + "@" + version + "(" + size + (layers == null ? "" : " in " + layers.size() + " layers")
        + ")";
  }
}
