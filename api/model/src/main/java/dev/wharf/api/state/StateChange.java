package dev.wharf.api.state;

import dev.wharf.api.state.MeshState.Table;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a store's change feed: the state at {@code revision} and the keys, per table, that
 * the accepted mutation wrote (set or removed). Consumers that keep their own indexes update exactly
 * those keys; consumers that only need "something changed" (the reconciler) read {@link #state()}.
 *
 * @param revision the state's revision (strictly increasing along the feed)
 * @param state the committed state at that revision
 * @param changed keys written by the mutation, by table; tables without changes are absent
 */
public record StateChange(long revision, MeshState state, Map<Table<?>, Set<String>> changed) {
  public StateChange {
    changed = Map.copyOf(changed);
  }

  /** Keys of {@code table} written by the mutation; empty when none. */
  public Set<String> changed(Table<?> table) {
    return changed.getOrDefault(table, Set.of());
  }
}
