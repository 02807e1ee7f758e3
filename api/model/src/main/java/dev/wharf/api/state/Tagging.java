package dev.wharf.api.state;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The tag state changes both APIs make ({@link MeshState#TAGS}: tags by resource ARN). ECS and Cloud
 * Map TagResource/UntagResource differ only in how they validate their input and which error a
 * resource over the tag limit gets, so that error is a parameter.
 *
 * <p>Contract: pure functions of the state; a call that changes nothing returns the same
 * {@link MeshState} instance (so the store writes nothing). A resource with no tags has no entry.
 */
public final class Tagging {
  /** The most tags one resource may carry (ECS and Cloud Map alike). */
  public static final int MAX_TAGS = 50;

  private Tagging() {}

  /** The tags of {@code arn}, sorted by key; empty when it has none. */
  public static Map<String, String> tags(MeshState s, String arn) {
    ImmutableSortedMap<String, String> t = s.tags().get(arn);
    return t == null ? Map.of() : t;
  }

  /** Replaces the tags of {@code arn} (an empty map removes the entry). */
  public static MeshState set(MeshState s, String arn, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return s.remove(MeshState.TAGS, arn);
    }
    ImmutableSortedMap<String, String> sorted = ImmutableSortedMap.copyOf(tags);
    return sorted.equals(s.tags().get(arn)) ? s : s.put(MeshState.TAGS, arn, sorted);
  }

  /**
   * TagResource: adds {@code add} to the tags of {@code arn}, replacing values of existing keys.
   *
   * @throws RuntimeException {@code tooMany.get()} when the resource would have more than
   *     {@link #MAX_TAGS} tags
   */
  public static MeshState tag(MeshState s, String arn, Map<String, String> add,
      Supplier<? extends RuntimeException> tooMany) {
    Map<String, String> tags = new TreeMap<>(tags(s, arn));
    tags.putAll(add);
    if (tags.size() > MAX_TAGS) {
      throw tooMany.get();
    }
    return set(s, arn, tags);
  }

  /** UntagResource: removes {@code keys} from the tags of {@code arn}; unknown keys are ignored. */
  public static MeshState untag(MeshState s, String arn, Collection<String> keys) {
    Map<String, String> tags = new TreeMap<>(tags(s, arn));
    return tags.keySet().removeAll(keys) ? set(s, arn, tags) : s;
  }
}
