package dev.wharf.api.state;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.model.ecs.Cluster;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.Task;
import dev.wharf.api.model.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The whole of Wharf's state at one revision: an immutable value made of persistent sorted maps
 * (pcollections {@link TreePMap}), one per {@link Table}. Iteration is in key order, so everything
 * derived from a state is deterministic.
 *
 * <p><b>Cost.</b> {@link #put} and {@link #remove} cost O(log n) and share everything they do not
 * touch with the previous state: an entity that did not change is the same object in both states,
 * so readers can memoise by identity.
 *
 * <p><b>Changes.</b> Every state also carries the keys written since the last committed revision
 * ({@link #changes()}): the store persists exactly those and publishes them as its change feed
 * ({@link StateChange}), then commits the state with the changes cleared ({@link #committed}).
 * Writing a value identical to the current one (the same instance) is no change and returns this
 * state, which keeps {@link StateStore}'s "same instance means no change" rule.
 *
 * <p>Keys: namespaces by namespace id ({@code ns-...}); discovery services by service id
 * ({@code srv-...}); instances by {@link #instanceKey(String, String)}; operations by operation id;
 * clusters, task definitions, services and tasks by ARN; {@code aliasVips} by
 * {@link #aliasKey(String, String, int)} with the alias's stable VIP index within its namespace
 * (allocated when the alias first appears, freed when no service declares it); {@code tags} by
 * resource ARN.
 */
public final class MeshState {

  /** One map of the state: its name (the store's row kind), position and value type. */
  public static final class Table<V> {
    private final String name;
    private final int index;
    private final Class<?> type;

    private Table(String name, int index, Class<?> type) {
      this.name = name;
      this.index = index;
      this.type = type;
    }

    public String name() {
      return name;
    }

    /** The value class (for the store's codec). */
    public Class<?> type() {
      return type;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static final Table<Namespace> NAMESPACES = new Table<>("namespaces", 0, Namespace.class);
  public static final Table<DiscoveryService> DISCOVERY_SERVICES =
      new Table<>("discoveryServices", 1, DiscoveryService.class);
  public static final Table<Instance> INSTANCES = new Table<>("instances", 2, Instance.class);
  public static final Table<Operation> OPERATIONS = new Table<>("operations", 3, Operation.class);
  public static final Table<Cluster> CLUSTERS = new Table<>("clusters", 4, Cluster.class);
  public static final Table<TaskDefinition> TASK_DEFINITIONS =
      new Table<>("taskDefinitions", 5, TaskDefinition.class);
  public static final Table<EcsService> SERVICES = new Table<>("services", 6, EcsService.class);
  public static final Table<Task> TASKS = new Table<>("tasks", 7, Task.class);
  public static final Table<Integer> ALIAS_VIPS = new Table<>("aliasVips", 8, Integer.class);
  public static final Table<ImmutableSortedMap<String, String>> TAGS = new Table<>("tags", 9, Map.class);

  /** Every table, in a fixed order. */
  public static final List<Table<?>> TABLES = List.of(NAMESPACES, DISCOVERY_SERVICES, INSTANCES, OPERATIONS,
      CLUSTERS, TASK_DEFINITIONS, SERVICES, TASKS, ALIAS_VIPS, TAGS);

  private static final TreePSet<String> NO_KEYS = TreePSet.empty();

  /** The empty state at revision 0. */
  public static final MeshState EMPTY = new MeshState(0, emptyTables(), emptyChanges());

  private final long revision;
  private final TreePMap<String, ?>[] tables;
  /** Per table, the keys written since the last commit. */
  private final TreePSet<String>[] changes;

  private MeshState(long revision, TreePMap<String, ?>[] tables, TreePSet<String>[] changes) {
    this.revision = revision;
    this.tables = tables;
    this.changes = changes;
  }

  /** Key of an instance in {@link #instances()}: {@code serviceId + "/" + instanceId}. */
  public static String instanceKey(String serviceId, String instanceId) {
    return serviceId + "/" + instanceId;
  }

  /** Key of an alias in {@link #aliasVips()}: {@code namespaceId + "|" + dnsName + ":" + port}. */
  public static String aliasKey(String namespaceId, String dnsName, int port) {
    return namespaceId + "|" + dnsName + ":" + port;
  }

  public long revision() {
    return revision;
  }

  /** The map of {@code table}, sorted by key. */
  @SuppressWarnings("unchecked")
  public <V> TreePMap<String, V> get(Table<V> table) {
    return (TreePMap<String, V>) tables[table.index];
  }

  public TreePMap<String, Namespace> namespaces() {
    return get(NAMESPACES);
  }

  public TreePMap<String, DiscoveryService> discoveryServices() {
    return get(DISCOVERY_SERVICES);
  }

  public TreePMap<String, Instance> instances() {
    return get(INSTANCES);
  }

  /** The instances of one Cloud Map service, by instance key; O(log n) to find. */
  public TreePMap<String, Instance> instancesOf(String serviceId) {
    return instances().subMap(serviceId + "/", serviceId + "0");
  }

  public TreePMap<String, Operation> operations() {
    return get(OPERATIONS);
  }

  public TreePMap<String, Cluster> clusters() {
    return get(CLUSTERS);
  }

  public TreePMap<String, TaskDefinition> taskDefinitions() {
    return get(TASK_DEFINITIONS);
  }

  public TreePMap<String, EcsService> services() {
    return get(SERVICES);
  }

  public TreePMap<String, Task> tasks() {
    return get(TASKS);
  }

  public TreePMap<String, Integer> aliasVips() {
    return get(ALIAS_VIPS);
  }

  public TreePMap<String, ImmutableSortedMap<String, String>> tags() {
    return get(TAGS);
  }

  /** This state with {@code key} set to {@code value} (non-null); this state when it is already that object. */
  public <V> MeshState put(Table<V> table, String key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    TreePMap<String, V> m = get(table);
    if (m.get(key) == value) {
      return this;
    }
    return with(table, m.plus(key, value), key);
  }

  /** This state without {@code key}; this state when there is no such key. */
  public MeshState remove(Table<?> table, String key) {
    TreePMap<String, ?> m = get(table);
    if (!m.containsKey(key)) {
      return this;
    }
    return with(table, m.minus(key), key);
  }

  /** This state with every key of every table removed (the admin reset). */
  public MeshState cleared() {
    MeshState s = this;
    for (Table<?> t : TABLES) {
      for (String key : List.copyOf(s.get(t).keySet())) {
        s = s.remove(t, key);
      }
    }
    return s;
  }

  /** The same state at another revision (the store assigns revisions). */
  public MeshState withRevision(long r) {
    return r == revision ? this : new MeshState(r, tables, changes);
  }

  /** Keys written since the last commit, by table; tables without changes are absent. */
  public Map<Table<?>, Set<String>> changes() {
    Map<Table<?>, Set<String>> out = new LinkedHashMap<>();
    for (Table<?> t : TABLES) {
      if (!changes[t.index].isEmpty()) {
        out.put(t, Collections.unmodifiableSet(changes[t.index]));
      }
    }
    return out;
  }

  /** The keys of {@code table} written since the last commit. */
  public Set<String> changes(Table<?> table) {
    return Collections.unmodifiableSet(changes[table.index]);
  }

  /** Whether anything was written since the last commit. */
  public boolean hasChanges() {
    for (TreePSet<String> c : changes) {
      if (!c.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** This state as committed: the same maps, no pending changes. */
  public MeshState committed() {
    return hasChanges() ? new MeshState(revision, tables, emptyChanges()) : this;
  }

  /** A state loaded from storage: the given maps, no pending changes. */
  public static MeshState loaded(long revision, Map<Table<?>, ? extends Map<String, ?>> maps) {
    TreePMap<String, ?>[] t = emptyTables();
    maps.forEach((table, m) -> t[table.index] = TreePMap.from(m));
    return new MeshState(revision, t, emptyChanges());
  }

  private MeshState with(Table<?> table, TreePMap<String, ?> map, String changedKey) {
    TreePMap<String, ?>[] t = tables.clone();
    t[table.index] = map;
    TreePSet<String>[] c = changes.clone();
    c[table.index] = c[table.index].plus(changedKey);
    return new MeshState(revision, t, c);
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation: Java has no TreePMap<String, ?>[] literal
  private static TreePMap<String, ?>[] emptyTables() {
    TreePMap<String, ?>[] t = new TreePMap[TABLES.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = TreePMap.<String, Object>empty();
    }
    return t;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation, as above
  private static TreePSet<String>[] emptyChanges() {
    TreePSet<String>[] c = new TreePSet[TABLES.size()];
    Arrays.fill(c, NO_KEYS);
    return c;
  }

  /** Equal when every map is equal (revision and pending changes are not content). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MeshState other)) {
      return false;
    }
    for (int i = 0; i < tables.length; i++) {
      if (!tables[i].equals(other.tables[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    List<Object> all = new ArrayList<>(List.of(tables));
    return all.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("MeshState{revision=").append(revision);
    for (Table<?> t : TABLES) {
      b.append(", ").append(t.name).append('=').append(get(t).size());
    }
    return b.append('}').toString();
  }
}
