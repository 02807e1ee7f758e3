package dev.wharf.controlplane.xds;

import java.util.EnumMap;
import java.util.Map;

/**
 * Everything one proxy group is served: one {@link TypeSnapshot} per type. Immutable. Published only
 * whole, after validation ({@link ResourceValidator}); {@code publishedNanos} is when it was handed to
 * the ADS server, for the push-latency metric.
 */
public final class GroupSnapshot {
  private final EnumMap<XdsType, TypeSnapshot> types;
  private final long publishedNanos;

  public GroupSnapshot(Map<XdsType, TypeSnapshot> types, long publishedNanos) {
    this.types = new EnumMap<>(types);
    for (XdsType t : XdsType.values()) {
      if (!this.types.containsKey(t)) {
        throw new IllegalArgumentException("missing " + t);
      }
    }
    this.publishedNanos = publishedNanos;
  }

  public TypeSnapshot get(XdsType t) {
    return types.get(t);
  }

  public long publishedNanos() {
    return publishedNanos;
  }

  /** True when every type has the same version as in {@code other}. */
  public boolean sameVersions(GroupSnapshot other) {
    if (other == null) {
      return false;
    }
    for (XdsType t : XdsType.values()) {
      if (!get(t).version().equals(other.get(t).version())) {
        return false;
      }
    }
    return true;
  }
}
