package dev.wharf.controlplane.xds;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of one type in one group, sorted by name, with the type's version: the SHA-256 of
 * every (name, resource version) pair in name order. Immutable and shared: the publisher interns
 * type snapshots by version, so every group with the same content holds the same object, and a
 * proxy's state is "this snapshot, plus a few differences" (see {@link AdsStream}).
 *
 * <p>{@link #diffFrom(TypeSnapshot)} is memoized per base snapshot (a small LRU), so K proxies moving
 * from the same old snapshot to this one share one diff: a one-endpoint change costs O(changes) per
 * proxy, not O(resources). Thread-safe.
 */
public final class TypeSnapshot {
  private static final int DIFF_MEMO = 8;

  private final XdsType type;
  private final String version;
  private final ImmutableSortedMap<String, XdsResource> resources;
  // Keyed by the base's version (not the object), so a snapshot never keeps older ones alive.
  private final Map<String, Diff> diffs = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Diff> e) {
      return size() > DIFF_MEMO;
    }
  };

  private TypeSnapshot(XdsType type, String version, ImmutableSortedMap<String, XdsResource> resources) {
    this.type = type;
    this.version = version;
    this.resources = resources;
  }

  /** A snapshot of {@code resources}; duplicate names fail. */
  public static TypeSnapshot of(XdsType type, Collection<XdsResource> resources) {
    ImmutableSortedMap.Builder<String, XdsResource> b = ImmutableSortedMap.naturalOrder();
    for (XdsResource r : resources) {
      b.put(r.name(), r);
    }
    ImmutableSortedMap<String, XdsResource> map = b.buildOrThrow();
    return new TypeSnapshot(type, versionOf(map.values()), map);
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

  public ImmutableSortedMap<String, XdsResource> resources() {
    return resources;
  }

  public XdsResource get(String name) {
    return resources.get(name);
  }

  /** The version of {@code name} here, or null if absent. */
  public String versionOf(String name) {
    XdsResource r = resources.get(name);
    return r == null ? null : r.version();
  }

  /** What changed from {@code base} (null = nothing) to this: names added or changed, names removed. */
  public Diff diffFrom(TypeSnapshot base) {
    if (base == this || base != null && base.version.equals(version)) {
      return Diff.NONE;
    }
    if (base == null) {
      return new Diff(List.copyOf(resources.keySet()), List.of());
    }
    synchronized (diffs) {
      Diff d = diffs.get(base.version);
      if (d == null) {
        d = compute(base);
        diffs.put(base.version, d);
      }
      return d;
    }
  }

  private Diff compute(TypeSnapshot base) {
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Iterator<XdsResource> a = base.resources.values().iterator();
    Iterator<XdsResource> b = resources.values().iterator();
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
    return type.shortName() + "@" + version + "(" + resources.size() + ")";
  }
}
