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
import java.util.Map;
import java.util.SortedMap;

/**
 * The whole of Wharf's state at one revision: an immutable value. Every map is sorted by key, so
 * iteration order (and everything derived from it) is deterministic.
 *
 * <p>Keys: namespaces by namespace id ({@code ns-...}); discovery services by service id
 * ({@code srv-...}); instances by {@link #instanceKey(String, String)}; operations by operation id;
 * clusters, task definitions, services and tasks by ARN; {@code aliasVips} by
 * {@link #aliasKey(String, String, int)} with the alias's stable VIP index within its namespace
 * (allocated when the alias first appears, freed when no service declares it); {@code tags} by
 * resource ARN.
 *
 * <p>A new state is made with the {@code with...} methods; {@link StateStore} assigns revisions.
 */
public record MeshState(
    long revision,
    ImmutableSortedMap<String, Namespace> namespaces,
    ImmutableSortedMap<String, DiscoveryService> discoveryServices,
    ImmutableSortedMap<String, Instance> instances,
    ImmutableSortedMap<String, Operation> operations,
    ImmutableSortedMap<String, Cluster> clusters,
    ImmutableSortedMap<String, TaskDefinition> taskDefinitions,
    ImmutableSortedMap<String, EcsService> services,
    ImmutableSortedMap<String, Task> tasks,
    ImmutableSortedMap<String, Integer> aliasVips,
    ImmutableSortedMap<String, ImmutableSortedMap<String, String>> tags) {

  /** The empty state at revision 0. */
  public static final MeshState EMPTY =
      new MeshState(
          0,
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of(),
          ImmutableSortedMap.of());

  /** Key of an instance in {@link #instances()}: {@code serviceId + "/" + instanceId}. */
  public static String instanceKey(String serviceId, String instanceId) {
    return serviceId + "/" + instanceId;
  }

  /** Key of an alias in {@link #aliasVips()}: {@code namespaceId + "|" + dnsName + ":" + port}. */
  public static String aliasKey(String namespaceId, String dnsName, int port) {
    return namespaceId + "|" + dnsName + ":" + port;
  }

  public MeshState withRevision(long r) {
    return new MeshState(r, namespaces, discoveryServices, instances, operations, clusters,
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withNamespaces(Map<String, Namespace> m) {
    return new MeshState(revision, sorted(m), discoveryServices, instances, operations, clusters,
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withDiscoveryServices(Map<String, DiscoveryService> m) {
    return new MeshState(revision, namespaces, sorted(m), instances, operations, clusters,
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withInstances(Map<String, Instance> m) {
    return new MeshState(revision, namespaces, discoveryServices, sorted(m), operations, clusters,
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withOperations(Map<String, Operation> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, sorted(m), clusters,
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withClusters(Map<String, Cluster> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, sorted(m),
        taskDefinitions, services, tasks, aliasVips, tags);
  }

  public MeshState withTaskDefinitions(Map<String, TaskDefinition> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, clusters,
        sorted(m), services, tasks, aliasVips, tags);
  }

  public MeshState withServices(Map<String, EcsService> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, clusters,
        taskDefinitions, sorted(m), tasks, aliasVips, tags);
  }

  public MeshState withTasks(Map<String, Task> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, clusters,
        taskDefinitions, services, sorted(m), aliasVips, tags);
  }

  public MeshState withAliasVips(Map<String, Integer> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, clusters,
        taskDefinitions, services, tasks, sorted(m), tags);
  }

  public MeshState withTags(Map<String, ImmutableSortedMap<String, String>> m) {
    return new MeshState(revision, namespaces, discoveryServices, instances, operations, clusters,
        taskDefinitions, services, tasks, aliasVips, sorted(m));
  }

  private static <V> ImmutableSortedMap<String, V> sorted(Map<String, V> m) {
    if (m instanceof ImmutableSortedMap<String, V> s) {
      return s;
    }
    return m instanceof SortedMap<String, V> ? ImmutableSortedMap.copyOfSorted((SortedMap<String, V>) m)
        : ImmutableSortedMap.copyOf(m);
  }
}
