package dev.wharf.controlplane.xds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one proxy holds of one resource type, on one stream, without a per-resource map: the proxy
 * holds {@code base} (a shared {@link TypeSnapshot}) except for the names in {@code overrides}
 * (name → the version it holds, null when it holds nothing). After every response the proxy holds the
 * current snapshot, so {@code base} becomes that snapshot and {@code overrides} shrinks back to the
 * placeholders (and, between the two halves of a make-before-break push, the clusters whose removal
 * is deferred). Memory per stream is therefore O(1) plus what is in flight, which is what lets one
 * process hold thousands of proxies.
 *
 * <p>Also the per-type conversation: subscription, latest nonce, the state as of the last ACK (a NACK
 * restores it), and the snapshot version a NACK rejected (never sent again). Confined to its stream's
 * serial executor.
 */
final class TypeState {
  final XdsType type;
  /** A request for this type arrived on this stream. */
  boolean subscribed;
  boolean wildcard;
  /** Subscribed names (interned, shared between streams); ignored when wildcard. */
  Set<String> names = Set.of();

  TypeSnapshot base;
  Map<String, String> overrides = new HashMap<>();
  /** SotW: the version_info of the stream's first request, checked against the snapshot at the next push. */
  String claimedVersion;
  /** Answer the next push even when nothing differs (a first request without a usable version). */
  boolean mustRespond;

  String latestNonce;
  String sentVersion;
  /** The version of the snapshot the latest response was built from. */
  String sentSnapshotVersion;
  boolean outstanding;
  TypeSnapshot ackedBase;
  Map<String, String> ackedOverrides = Map.of();
  /** A snapshot version the proxy NACKed: it is not sent again; the next one is. */
  String rejectedVersion;

  TypeState(XdsType type) {
    this.type = type;
  }

  boolean has(String name) {
    return wildcard || names.contains(name);
  }

  /** The version the proxy holds of {@code name}, or null. */
  String held(String name) {
    if (overrides.containsKey(name)) {
      return overrides.get(name);
    }
    return base == null ? null : base.versionOf(name);
  }

  /** A name became subscribed: the proxy does not hold it (unless {@code heldVersion} says it does). */
  void subscribe(String name, String heldVersion) {
    overrides.put(name, heldVersion);
  }

  void unsubscribe(String name) {
    overrides.remove(name);
  }

  /** What to send to bring the proxy from what it holds to {@code cur}. */
  Plan pending(TypeSnapshot cur, Placeholders placeholders) {
    if (base == cur && overrides.isEmpty()) {
      return Plan.NONE;
    }
    TreeMap<String, XdsResource> up = new TreeMap<>();
    List<String> removed = new ArrayList<>();
    TypeSnapshot.Diff d = cur.diffFrom(base);
    for (String n : d.changed()) {
      if (has(n) && !overrides.containsKey(n)) {
        up.put(n, cur.get(n));
      }
    }
    for (String n : d.removed()) {
      if (has(n) && !overrides.containsKey(n)) {
        lost(n, up, removed, placeholders);
      }
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String n = e.getKey();
      if (!has(n)) {
        continue;
      }
      XdsResource want = cur.get(n);
      if (want == null) {
        want = placeholders.of(type, n);
      }
      if (want == null) {
        if (e.getValue() != null) {
          removed.add(n);
        }
      } else if (!want.version().equals(e.getValue())) {
        up.put(n, want);
      }
    }
    removed.sort(null);
    return new Plan(List.copyOf(up.values()), List.copyOf(removed));
  }

  /**
   * {@code n} left the snapshot while the proxy holds it. CDS/LDS: remove it. EDS/RDS: leave it; Envoy
   * drops an assignment or route table when its cluster or listener goes, and emptying it earlier would
   * break make-before-break (the cluster may still carry traffic until listeners move off it).
   */
  private void lost(String n, TreeMap<String, XdsResource> up, List<String> removed, Placeholders placeholders) {
    if (type.fullState()) {
      removed.add(n);
    }
  }

  /** Nothing differs: record that the proxy holds {@code cur}, dropping per-name bookkeeping. */
  void settle(TypeSnapshot cur) {
    if (base == cur && overridesArePlaceholders(cur)) {
      return;
    }
    Map<String, String> keep = new HashMap<>();
    overrides.forEach((n, v) -> {
      if (v != null && cur.get(n) == null && has(n)) {
        keep.put(n, v);
      }
    });
    base = cur;
    overrides = keep;
  }

  private boolean overridesArePlaceholders(TypeSnapshot cur) {
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (e.getValue() == null || cur.get(e.getKey()) != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * A response built from {@code cur} went out: the proxy now holds {@code cur} on its subscribed
   * names, except {@code deferred} removals (name → version it still holds).
   */
  void sent(TypeSnapshot cur, Plan plan, Map<String, String> deferred, String nonce, String version) {
    if (!outstanding) {
      ackedBase = base;
      ackedOverrides = new HashMap<>(overrides);
      outstanding = true;
    }
    Map<String, String> next = new HashMap<>(deferred);
    for (XdsResource r : plan.upserts()) {
      if (cur.get(r.name()) == null) {
        next.put(r.name(), r.version());
      }
    }
    Set<String> removed = Set.copyOf(plan.removals());
    overrides.forEach((n, v) -> {
      if (v != null && cur.get(n) == null && has(n) && !removed.contains(n) && !next.containsKey(n)) {
        next.put(n, v);
      }
    });
    base = cur;
    overrides = next;
    mustRespond = false;
    latestNonce = nonce;
    sentVersion = version;
    sentSnapshotVersion = cur.version();
  }

  void acked() {
    outstanding = false;
    rejectedVersion = null;
    // Drop the rollback copy: during a first sync it holds one entry per subscribed name.
    ackedBase = null;
    ackedOverrides = Map.of();
  }

  /** The proxy rejected the latest response: it still holds what it held at the last ACK. */
  void nacked() {
    if (outstanding) {
      base = ackedBase;
      overrides = new HashMap<>(ackedOverrides);
      outstanding = false;
    }
    rejectedVersion = sentSnapshotVersion;
  }

  /** Upserts (sorted by name) and removals (sorted). */
  record Plan(List<XdsResource> upserts, List<String> removals) {
    static final Plan NONE = new Plan(List.of(), List.of());

    boolean isEmpty() {
      return upserts.isEmpty() && removals.isEmpty();
    }
  }

  /** Empty EDS/RDS answers for subscribed names that do not exist, cached per name. */
  static final class Placeholders {
    private final Map<String, XdsResource> cache = new ConcurrentHashMap<>();

    XdsResource of(XdsType type, String name) {
      if (type.fullState() || type == XdsType.SECRET) {
        return null;
      }
      return cache.computeIfAbsent(type.ordinal() + "|" + name, k -> XdsResource.of(type, type.placeholder(name)));
    }
  }
}
