package dev.wharf.api.cloudmap;

import com.google.common.collect.ImmutableSortedMap;
import dev.wharf.api.arn.Arn;
import dev.wharf.api.arn.Arns;
import dev.wharf.api.arn.Ids;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.Tagging;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure functions over {@link MeshState} for Cloud Map resources, shared by the Cloud Map operations,
 * the ECS operations (which create namespaces and services, spec 13, 17) and task registration.
 * Lookups are scoped to the caller's account and region: a resource elsewhere is "not found".
 * Ids and ARNs are both accepted where Cloud Map accepts both (spec 3.6).
 */
public final class CloudMapState {

  /** The tag ECS puts on the Cloud Map services it manages (spec 18). */
  public static final String ECS_MANAGED_TAG = "AmazonECSManaged";

  private CloudMapState() {}

  /** A new state and the thing the change made. */
  public record Made<T>(MeshState state, T value) {}

  /** Whether {@code arn} is in the caller's account and region. */
  public static boolean inScope(String arn, Caller caller) {
    return caller.scope().contains(arn);
  }

  /** The namespace with this id or ARN in the caller's scope, or null. */
  public static Namespace namespace(MeshState s, Caller caller, String idOrArn) {
    if (idOrArn == null) {
      return null;
    }
    String id = idOrArn.startsWith("arn:") ? Arn.resourceId(idOrArn) : idOrArn;
    Namespace ns = s.namespaces().get(id);
    return ns != null && inScope(ns.arn(), caller) && (!idOrArn.startsWith("arn:") || ns.arn().equals(idOrArn))
        ? ns : null;
  }

  /** The caller's namespaces, sorted by id. */
  public static List<Namespace> namespaces(MeshState s, Caller caller) {
    return s.namespaces().values().stream().filter(n -> inScope(n.arn(), caller)).toList();
  }

  /** The caller's namespace named {@code name} (its {@code Name}), or null. */
  public static Namespace namespaceByName(MeshState s, Caller caller, String name) {
    return namespaces(s, caller).stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /** The namespace whose HttpName is {@code httpName} in {@code account} and the caller's region. */
  public static Namespace namespaceByHttpName(MeshState s, Caller caller, String httpName) {
    return namespaces(s, caller).stream().filter(n -> httpName.equals(n.httpName())).findFirst().orElse(null);
  }

  /** The service with this id or ARN in the caller's scope, or null. */
  public static DiscoveryService service(MeshState s, Caller caller, String idOrArn) {
    if (idOrArn == null) {
      return null;
    }
    String id = idOrArn.startsWith("arn:") ? Arn.resourceId(idOrArn) : idOrArn;
    DiscoveryService srv = s.discoveryServices().get(id);
    return srv != null && inScope(srv.arn(), caller)
        && (!idOrArn.startsWith("arn:") || srv.arn().equals(idOrArn)) ? srv : null;
  }

  /** The service named {@code name} in the namespace, or null. */
  public static DiscoveryService serviceByName(MeshState s, String namespaceId, String name) {
    return s.discoveryServices().values().stream()
        .filter(d -> d.namespaceId().equals(namespaceId) && d.name().equals(name))
        .findFirst().orElse(null);
  }

  /** The services of a namespace, sorted by id. */
  public static List<DiscoveryService> servicesOf(MeshState s, String namespaceId) {
    return s.discoveryServices().values().stream().filter(d -> d.namespaceId().equals(namespaceId)).toList();
  }

  /** The instances of a service, sorted by instance id. */
  public static List<Instance> instancesOf(MeshState s, String serviceId) {
    return new ArrayList<>(s.instances().subMap(serviceId + "/", serviceId + "0").values());
  }

  /** A namespace with {@code ServiceCount} filled in. */
  public static Namespace withCount(MeshState s, Namespace ns) {
    return ns.withServiceCount(servicesOf(s, ns.id()).size());
  }

  /** A service with {@code InstanceCount} filled in. */
  public static DiscoveryService withCount(MeshState s, DiscoveryService d) {
    // A view, not stored: without the stored-only instances revision.
    return d.withInstanceCount(instancesOf(s, d.id()).size()).withInstancesRevision(null);
  }

  /** Creates an HTTP namespace (HttpName = Name) and its CREATE_NAMESPACE operation. */
  public static Made<Namespace> createHttpNamespace(MeshState s, Caller caller, String name,
      String description, String creatorRequestId, double now) {
    String id = Ids.namespaceId();
    Namespace ns = new Namespace(id, Arns.namespace(caller.region(), caller.account(), id),
        caller.account(), name, Namespace.HTTP, description, null,
        new Namespace.Properties(new Namespace.HttpProperties(name)), now, creatorRequestId);
    MeshState next = s.put(MeshState.NAMESPACES, id, ns);
    next = addOperation(next, "CREATE_NAMESPACE", Map.of("NAMESPACE", id), now).state();
    return new Made<>(next, ns);
  }

  /** Creates an HTTP-discoverable service in {@code ns}. */
  public static Made<DiscoveryService> createService(MeshState s, Caller caller, Namespace ns,
      String name, String description, DiscoveryService.HealthCheckCustomConfig health,
      String creatorRequestId, double now) {
    String id = Ids.serviceId();
    DiscoveryService srv = new DiscoveryService(id, Arns.discoveryService(caller.region(), caller.account(), id),
        caller.account(), name, ns.id(), description, DiscoveryService.HTTP, null, health, now, creatorRequestId,
        caller.account());
    return new Made<>(s.put(MeshState.DISCOVERY_SERVICES, id, srv), srv);
  }

  /** Records a finished operation (its status shows as SUBMITTED, PENDING, SUCCESS over time). */
  public static Made<Operation> addOperation(MeshState s, String type, Map<String, String> targets, double now) {
    Operation op = new Operation(Ids.operationId(), type, Operation.SUCCESS, null, null, now, now, targets);
    return new Made<>(s.put(MeshState.OPERATIONS, op.id(), op), op);
  }

  /** Puts or replaces an instance. */
  public static MeshState putInstance(MeshState s, Instance instance) {
    return s.put(MeshState.INSTANCES, MeshState.instanceKey(instance.serviceId(), instance.id()), instance);
  }

  /** Removes an instance (no change when absent). */
  public static MeshState removeInstance(MeshState s, String serviceId, String instanceId) {
    String key = MeshState.instanceKey(serviceId, instanceId);
    return s.remove(MeshState.INSTANCES, key);
  }

  /** Removes a service, its instances and its tags. */
  public static MeshState deleteService(MeshState s, DiscoveryService srv) {
    MeshState next = s;
    for (String key : s.instancesOf(srv.id()).keySet()) {
      next = next.remove(MeshState.INSTANCES, key);
    }
    return next.remove(MeshState.DISCOVERY_SERVICES, srv.id()).remove(MeshState.TAGS, srv.arn());
  }

  /** Whether the service carries ECS's managed tag. */
  public static boolean ecsManaged(MeshState s, DiscoveryService srv) {
    ImmutableSortedMap<String, String> tags = s.tags().get(srv.arn());
    return tags != null && "true".equals(tags.get(ECS_MANAGED_TAG));
  }

  /** Sets the tags of {@code arn} (removing the entry when empty); see {@link Tagging#set}. */
  public static MeshState setTags(MeshState s, String arn, Map<String, String> tags) {
    return Tagging.set(s, arn, tags);
  }

  /** The tags of {@code arn}, possibly empty; see {@link Tagging#tags}. */
  public static Map<String, String> tags(MeshState s, String arn) {
    return Tagging.tags(s, arn);
  }

}
