package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapShapes.DiscoverInstancesRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.DiscoverInstancesResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.DiscoverInstancesRevisionResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.GetInstanceResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.GetInstancesHealthStatusRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.GetInstancesHealthStatusResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.HttpInstanceSummary;
import dev.wharf.api.cloudmap.CloudMapShapes.InstanceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.InstanceView;
import dev.wharf.api.cloudmap.CloudMapShapes.ListInstancesRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.ListInstancesResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.OperationIdResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.RegisterInstanceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.UpdateInstanceCustomHealthStatusRequest;
import dev.wharf.api.cloudmap.CloudMapState.Made;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Instance;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.protocol.Caller;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cloud Map instance operations (spec 19-22, 3.7): RegisterInstance (an upsert,
 * DuplicateRequest while an operation on the same instance is in progress), DeregisterInstance,
 * GetInstance, ListInstances, DiscoverInstances, DiscoverInstancesRevision, GetInstancesHealthStatus,
 * UpdateInstanceCustomHealthStatus.
 *
 * <p>Health: an instance of a service without {@code HealthCheckCustomConfig} has no health ({@code
 * UNKNOWN}) and the HealthStatus filter is ignored for it (spec 22). With a custom health check, an
 * instance starts as {@code AWS_INIT_HEALTH_STATUS} (default HEALTHY) and changes at once on
 * UpdateInstanceCustomHealthStatus (AWS takes about 30 s; Wharf does not wait).
 *
 * <p>{@code InstancesRevision} is the service's own revision ({@link DiscoveryService#instancesRevision()}):
 * it increases when an instance of the service is registered or deregistered or its attributes change,
 * and not on health changes or changes elsewhere, as in AWS. DiscoverInstances returns the instances
 * in random order, as AWS does.
 */
final class InstanceOperations {
  /** Cloud Map quotas (spec 21, 24). */
  static final int MAX_INSTANCES_PER_SERVICE = 1000;
  static final int MAX_CUSTOM_ATTRIBUTES = 30;
  static final int MAX_ATTRIBUTE_CHARS = 5000;
  static final String INIT_HEALTH = "AWS_INIT_HEALTH_STATUS";
  private static final Pages.Spec PAGES = new Pages.Spec("NextToken", "MaxResults", 100, 100);

  private final StateStore store;

  InstanceOperations(StateStore store) {
    this.store = store;
  }

  Object register(RequestContext ctx, ObjectNode input) {
    RegisterInstanceRequest req = ctx.read(input, RegisterInstanceRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    instanceId(ctx, req.instanceId());
    CloudMapRules.requestId(ctx, req.creatorRequestId(), "CreatorRequestId");
    if (req.attributes() == null) {
      throw ctx.invalid("Attributes is required.");
    }
    attributes(ctx, req.attributes());
    return store.apply(s -> {
      DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
      Instance existing = s.instances().get(MeshState.instanceKey(srv.id(), req.instanceId()));
      Operation inFlight = inFlight(s, srv.id(), req.instanceId(), ctx.now());
      if (inFlight != null) {
        if (existing != null && "REGISTER_INSTANCE".equals(inFlight.type())
            && req.creatorRequestId() != null && req.creatorRequestId().equals(existing.creatorRequestId())
            && existing.attributes().equals(new TreeMap<>(req.attributes()))) {
          return new Outcome<>(s, new OperationIdResponse(inFlight.id()));
        }
        throw CloudMapErrors.duplicateRequest(inFlight.id());
      }
      if (existing == null && CloudMapState.instancesOf(s, srv.id()).size() >= MAX_INSTANCES_PER_SERVICE) {
        throw CloudMapErrors.resourceLimitExceeded("The service " + srv.id() + " already has "
            + MAX_INSTANCES_PER_SERVICE + " instances.");
      }
      Instance instance = new Instance(req.instanceId(), srv.id(), req.attributes(), req.creatorRequestId(),
          ctx.account(), initialHealth(srv, existing, req.attributes()));
      Made<Operation> op = CloudMapState.addOperation(CloudMapState.putInstance(s, instance),
          "REGISTER_INSTANCE", Map.of("SERVICE", srv.id(), "INSTANCE", req.instanceId()), ctx.now());
      return new Outcome<>(op.state(), new OperationIdResponse(op.value().id()));
    });
  }

  private static String initialHealth(DiscoveryService srv, Instance existing, Map<String, String> attrs) {
    if (srv.healthCheckCustomConfig() == null) {
      return null;
    }
    if (existing != null && existing.healthStatus() != null) {
      return existing.healthStatus();
    }
    return attrs.getOrDefault(INIT_HEALTH, Instance.HEALTHY);
  }

  private static void instanceId(RequestContext ctx, String id) {
    Rules.required(ctx, id, "InstanceId");
    Rules.length(ctx, id, "InstanceId", 1, 64);
    Rules.pattern(ctx, id, "InstanceId", CloudMapRules.INSTANCE_ID, "letters, digits and _/:.@-");
  }

  private static void attributes(RequestContext ctx, Map<String, String> attrs) {
    int total = 0;
    int custom = 0;
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      Rules.length(ctx, e.getKey(), "Attributes key", 1, 255);
      Rules.pattern(ctx, e.getKey(), "Attributes key", CloudMapRules.ATTR_KEY, "printable ASCII without spaces");
      if (e.getValue() == null) {
        throw ctx.invalid("Attribute " + Rules.clip(e.getKey()) + " has no value.");
      }
      Rules.length(ctx, e.getValue(), "Attribute " + Rules.clip(e.getKey()), 0, 1024);
      Rules.pattern(ctx, e.getValue(), "Attribute " + Rules.clip(e.getKey()), CloudMapRules.ATTR_VALUE,
          "printable ASCII; inner spaces and tabs only");
      total += e.getKey().length() + e.getValue().length();
      custom += e.getKey().startsWith("AWS_") ? 0 : 1;
    }
    Rules.oneOf(ctx, attrs.get(INIT_HEALTH), INIT_HEALTH, Set.of(Instance.HEALTHY, Instance.UNHEALTHY));
    if (custom > MAX_CUSTOM_ATTRIBUTES) {
      throw ctx.invalid("An instance can have at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes; got "
          + custom + ".");
    }
    if (total > MAX_ATTRIBUTE_CHARS) {
      throw ctx.invalid("The attributes total " + total + " characters; the limit is " + MAX_ATTRIBUTE_CHARS + ".");
    }
  }

  /** An operation on the same instance that is still SUBMITTED or PENDING (spec 21), or null. */
  private static Operation inFlight(MeshState s, String serviceId, String instanceId, double now) {
    for (Operation op : s.operations().values()) {
      if (instanceId.equals(op.targets().get("INSTANCE")) && serviceId.equals(op.targets().get("SERVICE"))
          && OperationStatus.inProgress(op, now)) {
        return op;
      }
    }
    return null;
  }

  Object deregister(RequestContext ctx, ObjectNode input) {
    InstanceRequest req = ctx.read(input, InstanceRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    Rules.required(ctx, req.instanceId(), "InstanceId");
    Rules.length(ctx, req.instanceId(), "InstanceId", 1, 64);
    return store.apply(s -> {
      DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
      instance(s, srv, req.instanceId());
      Operation inFlight = inFlight(s, srv.id(), req.instanceId(), ctx.now());
      if (inFlight != null) {
        throw CloudMapErrors.duplicateRequest(inFlight.id());
      }
      Made<Operation> op = CloudMapState.addOperation(CloudMapState.removeInstance(s, srv.id(), req.instanceId()),
          "DEREGISTER_INSTANCE", Map.of("SERVICE", srv.id(), "INSTANCE", req.instanceId()), ctx.now());
      return new Outcome<>(op.state(), new OperationIdResponse(op.value().id()));
    });
  }

  Object get(RequestContext ctx, ObjectNode input) {
    InstanceRequest req = ctx.read(input, InstanceRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    Rules.required(ctx, req.instanceId(), "InstanceId");
    Rules.length(ctx, req.instanceId(), "InstanceId", 1, 64);
    MeshState s = store.current();
    DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
    Instance i = instance(s, srv, req.instanceId());
    return new GetInstanceResponse(srv.resourceOwner(),
        new InstanceView(i.id(), i.creatorRequestId(), i.attributes(), i.createdByAccount()));
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListInstancesRequest req = ctx.read(input, ListInstancesRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    Rules.length(ctx, req.nextToken(), "NextToken", 0, 4096);
    MeshState s = store.current();
    DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
    Pages.Page<Instance> page = Pages.page(ctx, PAGES, CloudMapState.instancesOf(s, srv.id()), Instance::id,
        req.nextToken(), req.maxResults());
    List<InstanceView> views = page.items().stream()
        .map(i -> new InstanceView(i.id(), null, i.attributes(), i.createdByAccount())).toList();
    return new ListInstancesResponse(srv.resourceOwner(), views, page.nextToken());
  }

  Object discover(RequestContext ctx, ObjectNode input) {
    DiscoverInstancesRequest req = ctx.read(input, DiscoverInstancesRequest.class);
    validateDiscover(ctx, req);
    Rules.range(ctx, req.maxResults(), "MaxResults", 1, 1000);
    Rules.oneOf(ctx, req.healthStatus(), "HealthStatus",
        Set.of(Instance.HEALTHY, Instance.UNHEALTHY, "ALL", "HEALTHY_OR_ELSE_ALL"));
    parameters(ctx, req.queryParameters(), "QueryParameters");
    parameters(ctx, req.optionalParameters(), "OptionalParameters");
    MeshState s = store.current();
    Namespace ns = discoverNamespace(s, ctx, req);
    DiscoveryService srv = discoverService(s, ns, req.serviceName());
    List<Instance> found = byHealth(srv, CloudMapState.instancesOf(s, srv.id()), req.healthStatus());
    found = matching(found, req.queryParameters());
    List<Instance> optional = matching(found, req.optionalParameters());
    found = optional.isEmpty() ? found : optional;
    List<Instance> shuffled = new ArrayList<>(found);
    Collections.shuffle(shuffled, ThreadLocalRandom.current());
    int max = req.maxResults() == null ? 100 : req.maxResults();
    List<HttpInstanceSummary> out = shuffled.stream().limit(max)
        .map(i -> new HttpInstanceSummary(i.id(), ns.httpName(), srv.name(), health(srv, i), i.attributes()))
        .toList();
    return new DiscoverInstancesResponse(out, instancesRevision(s, srv));
  }

  Object discoverRevision(RequestContext ctx, ObjectNode input) {
    DiscoverInstancesRequest req = ctx.read(input, DiscoverInstancesRequest.class);
    validateDiscover(ctx, req);
    MeshState s = store.current();
    DiscoveryService srv = discoverService(s, discoverNamespace(s, ctx, req), req.serviceName());
    return new DiscoverInstancesRevisionResponse(instancesRevision(s, srv));
  }

  /** The service's {@code InstancesRevision}; the state revision for a service stored before it was kept. */
  private static long instancesRevision(MeshState s, DiscoveryService srv) {
    return srv.instancesRevision() != null ? srv.instancesRevision() : s.revision();
  }

  private static void validateDiscover(RequestContext ctx, DiscoverInstancesRequest req) {
    Rules.required(ctx, req.namespaceName(), "NamespaceName");
    Rules.pattern(ctx, req.namespaceName(), "NamespaceName", CloudMapRules.HTTP_NAME, "1 to 1024 printable "
        + "ASCII characters");
    Rules.required(ctx, req.serviceName(), "ServiceName");
    Rules.pattern(ctx, req.serviceName(), "ServiceName", CloudMapRules.SERVICE_NAME, "a valid service name");
    CloudMapRules.ownerAccount(ctx, req.ownerAccount());
  }

  private static void parameters(RequestContext ctx, Map<String, String> params, String member) {
    if (params == null) {
      return;
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      Rules.length(ctx, e.getKey(), member + " key", 1, 255);
      Rules.pattern(ctx, e.getKey(), member + " key", CloudMapRules.ATTR_KEY, "printable ASCII without spaces");
      if (e.getValue() == null) {
        throw ctx.invalid(member + " " + Rules.clip(e.getKey()) + " has no value.");
      }
      Rules.length(ctx, e.getValue(), member + " value", 0, 1024);
    }
  }

  /** The namespace whose HttpName is NamespaceName (spec 22), in OwnerAccount if given. */
  private static Namespace discoverNamespace(MeshState s, RequestContext ctx, DiscoverInstancesRequest req) {
    Caller caller = req.ownerAccount() == null ? ctx.caller() : new Caller(req.ownerAccount(), ctx.region());
    Namespace ns = CloudMapState.namespaceByHttpName(s, caller, req.namespaceName());
    if (ns == null) {
      throw new dev.wharf.api.protocol.AwsException("NamespaceNotFound",
          "No namespace exists with the name " + req.namespaceName() + ".");
    }
    return ns;
  }

  private static DiscoveryService discoverService(MeshState s, Namespace ns, String name) {
    DiscoveryService srv = CloudMapState.serviceByName(s, ns.id(), name);
    if (srv == null) {
      throw CloudMapErrors.serviceNotFoundByName(name);
    }
    return srv;
  }

  private static List<Instance> byHealth(DiscoveryService srv, List<Instance> all, String filter) {
    if (srv.healthCheckCustomConfig() == null) {
      return all; // "ignored for services that don't have a health check configured" (spec 22)
    }
    String f = filter == null ? Instance.HEALTHY : filter;
    List<Instance> healthy = all.stream().filter(i -> Instance.HEALTHY.equals(health(srv, i))).toList();
    return switch (f) {
      case "ALL" -> all;
      case Instance.UNHEALTHY -> all.stream().filter(i -> Instance.UNHEALTHY.equals(health(srv, i))).toList();
      case "HEALTHY_OR_ELSE_ALL" -> healthy.isEmpty() ? all : healthy;
      default -> healthy;
    };
  }

  private static List<Instance> matching(List<Instance> instances, Map<String, String> params) {
    if (params == null || params.isEmpty()) {
      return instances;
    }
    return instances.stream()
        .filter(i -> params.entrySet().stream().allMatch(p -> p.getValue().equals(i.attributes().get(p.getKey()))))
        .toList();
  }

  static String health(DiscoveryService srv, Instance i) {
    if (srv.healthCheckCustomConfig() == null || i.healthStatus() == null) {
      return "UNKNOWN";
    }
    return i.healthStatus();
  }

  Object healthStatus(RequestContext ctx, ObjectNode input) {
    GetInstancesHealthStatusRequest req = ctx.read(input, GetInstancesHealthStatusRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    Rules.size(ctx, req.instances(), "Instances", 1, Integer.MAX_VALUE);
    Rules.length(ctx, req.nextToken(), "NextToken", 0, 4096);
    MeshState s = store.current();
    DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
    List<Instance> instances;
    if (req.instances() == null) {
      instances = CloudMapState.instancesOf(s, srv.id());
    } else {
      instances = new ArrayList<>();
      req.instances().forEach(id -> Rules.required(ctx, id, "Instances[]"));
      for (String id : new java.util.TreeSet<>(req.instances())) {
        instances.add(instance(s, srv, id));
      }
    }
    Pages.Page<Instance> page = Pages.page(ctx, PAGES, instances, Instance::id, req.nextToken(), req.maxResults());
    Map<String, String> status = new TreeMap<>();
    page.items().forEach(i -> status.put(i.id(), health(srv, i)));
    return new GetInstancesHealthStatusResponse(status, page.nextToken());
  }

  Object updateCustomHealth(RequestContext ctx, ObjectNode input) {
    UpdateInstanceCustomHealthStatusRequest req = ctx.read(input, UpdateInstanceCustomHealthStatusRequest.class);
    CloudMapRules.idOrArn(ctx, req.serviceId(), "ServiceId");
    Rules.required(ctx, req.instanceId(), "InstanceId");
    Rules.length(ctx, req.instanceId(), "InstanceId", 1, 64);
    Rules.required(ctx, req.status(), "Status");
    Rules.oneOf(ctx, req.status(), "Status", Set.of(Instance.HEALTHY, Instance.UNHEALTHY));
    return store.apply(s -> {
      DiscoveryService srv = service(s, ctx.caller(), req.serviceId());
      Instance i = instance(s, srv, req.instanceId());
      if (srv.healthCheckCustomConfig() == null) {
        throw CloudMapErrors.customHealthNotFound(srv.id());
      }
      if (req.status().equals(i.healthStatus())) {
        return new Outcome<>(s, Map.of());
      }
      Instance updated = new Instance(i.id(), i.serviceId(), i.attributes(), i.creatorRequestId(),
          i.createdByAccount(), req.status());
      return new Outcome<>(CloudMapState.putInstance(s, updated), Map.of());
    });
  }

  private static DiscoveryService service(MeshState s, Caller caller, String idOrArn) {
    DiscoveryService srv = CloudMapState.service(s, caller, idOrArn);
    if (srv == null) {
      throw CloudMapErrors.serviceNotFound(idOrArn);
    }
    return srv;
  }

  private static Instance instance(MeshState s, DiscoveryService srv, String instanceId) {
    Instance i = s.instances().get(MeshState.instanceKey(srv.id(), instanceId));
    if (i == null) {
      throw CloudMapErrors.instanceNotFound(instanceId);
    }
    return i;
  }
}
