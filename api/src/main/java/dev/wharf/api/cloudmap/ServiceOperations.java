package dev.wharf.api.cloudmap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.api.cloudmap.CloudMapShapes.CreateServiceRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.Filter;
import dev.wharf.api.cloudmap.CloudMapShapes.IdRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.ListRequest;
import dev.wharf.api.cloudmap.CloudMapShapes.ListServicesResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.OperationIdResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.ServiceResponse;
import dev.wharf.api.cloudmap.CloudMapShapes.UpdateServiceRequest;
import dev.wharf.api.cloudmap.CloudMapState.Made;
import dev.wharf.api.model.cloudmap.DiscoveryService;
import dev.wharf.api.model.cloudmap.Namespace;
import dev.wharf.api.model.cloudmap.Operation;
import dev.wharf.api.model.ecs.Deployment;
import dev.wharf.api.model.ecs.EcsService;
import dev.wharf.api.model.ecs.ServiceConnectServiceResource;
import dev.wharf.api.protocol.Pages;
import dev.wharf.api.protocol.RequestContext;
import dev.wharf.api.protocol.Rules;
import dev.wharf.api.state.MeshState;
import dev.wharf.api.state.StateStore;
import dev.wharf.api.state.StateStore.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Map service operations: CreateService, GetService, ListServices, DeleteService, UpdateService
 * (spec 3.3). Wharf's namespaces are HTTP namespaces, so {@code DnsConfig} and the Route 53
 * {@code HealthCheckConfig} are rejected as InvalidInput; {@code HealthCheckCustomConfig} is kept.
 * CreateService and DeleteService are synchronous (spec 20).
 */
final class ServiceOperations {
  private static final Pages.Spec PAGES = new Pages.Spec("NextToken", "MaxResults", 100, 100);
  private static final Map<String, Set<String>> FILTERS =
      Map.of("NAMESPACE_ID", Set.of("EQ", "IN"), "RESOURCE_OWNER", Set.of("EQ"));

  private final StateStore store;

  ServiceOperations(StateStore store) {
    this.store = store;
  }

  Object create(RequestContext ctx, ObjectNode input) {
    CreateServiceRequest req = ctx.read(input, CreateServiceRequest.class);
    Rules.required(ctx, req.name(), "Name");
    Rules.pattern(ctx, req.name(), "Name", CloudMapRules.SERVICE_NAME, "DNS labels of letters, digits, "
        + "_ and -, up to 127 characters");
    CloudMapRules.requestId(ctx, req.creatorRequestId(), "CreatorRequestId");
    CloudMapRules.description(ctx, req.description());
    Rules.oneOf(ctx, req.type(), "Type", Set.of("HTTP"));
    if (req.namespaceId() == null) {
      throw ctx.invalid("NamespaceId is required.");
    }
    CloudMapRules.idOrArn(ctx, req.namespaceId(), "NamespaceId");
    rejectDnsSettings(ctx, req.dnsConfig() != null, req.healthCheckConfig() != null);
    if (req.healthCheckCustomConfig() != null) {
      Rules.range(ctx, req.healthCheckCustomConfig().failureThreshold(),
          "HealthCheckCustomConfig.FailureThreshold", 1, 10);
    }
    Map<String, String> tags = CloudMapRules.tags(ctx, req.tags(), req.name());
    if (tags.size() > 50) {
      throw CloudMapErrors.tooManyTags(req.name());
    }
    return store.apply(s -> {
      Namespace ns = CloudMapState.namespace(s, ctx.caller(), req.namespaceId());
      if (ns == null) {
        throw CloudMapErrors.namespaceNotFound(req.namespaceId());
      }
      DiscoveryService existing = CloudMapState.serviceByName(s, ns.id(), req.name());
      if (existing != null) {
        if (req.creatorRequestId() != null && req.creatorRequestId().equals(existing.creatorRequestId())) {
          return new Outcome<>(s, new ServiceResponse(CloudMapState.withCount(s, existing)));
        }
        throw CloudMapErrors.serviceAlreadyExists(req.name(), existing.creatorRequestId(), existing.id(),
            existing.arn());
      }
      DiscoveryService.HealthCheckCustomConfig health = req.healthCheckCustomConfig() == null ? null
          : new DiscoveryService.HealthCheckCustomConfig(1); // FailureThreshold is always 1 (spec 3.3)
      Made<DiscoveryService> made = CloudMapState.createService(s, ctx.caller(), ns, req.name(),
          req.description(), health, req.creatorRequestId(), ctx.now());
      MeshState next = CloudMapState.setTags(made.state(), made.value().arn(), tags);
      return new Outcome<>(next, new ServiceResponse(made.value()));
    });
  }

  private static void rejectDnsSettings(RequestContext ctx, boolean dnsConfig, boolean healthCheckConfig) {
    if (dnsConfig) {
      throw ctx.invalid("DnsConfig is not supported: Wharf namespaces are HTTP namespaces.");
    }
    if (healthCheckConfig) {
      throw ctx.invalid("HealthCheckConfig requires a public DNS namespace; use HealthCheckCustomConfig.");
    }
  }

  Object get(RequestContext ctx, ObjectNode input) {
    IdRequest req = ctx.read(input, IdRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    MeshState s = store.current();
    DiscoveryService srv = CloudMapState.service(s, ctx.caller(), req.id());
    if (srv == null) {
      throw CloudMapErrors.serviceNotFound(req.id());
    }
    return new ServiceResponse(CloudMapState.withCount(s, srv));
  }

  Object list(RequestContext ctx, ObjectNode input) {
    ListRequest req = ctx.read(input, ListRequest.class);
    Filters.check(ctx, req.filters(), FILTERS);
    Rules.length(ctx, req.nextToken(), "NextToken", 0, 4096);
    MeshState s = store.current();
    List<DiscoveryService> matching = s.discoveryServices().values().stream()
        .filter(d -> CloudMapState.inScope(d.arn(), ctx.caller()))
        .filter(d -> matchesAll(ctx, req.filters(), d))
        .map(d -> summary(s, d))
        .toList();
    Pages.Page<DiscoveryService> page =
        Pages.page(ctx, PAGES, matching, DiscoveryService::id, req.nextToken(), req.maxResults());
    return new ListServicesResponse(page.items(), page.nextToken());
  }

  private static boolean matchesAll(RequestContext ctx, List<Filter> filters, DiscoveryService d) {
    if (filters == null) {
      return true;
    }
    for (Filter f : filters) {
      String value = "NAMESPACE_ID".equals(f.name()) ? d.namespaceId()
          : d.resourceOwner().equals(ctx.account()) ? "SELF" : "OTHER_ACCOUNTS";
      if (!Filters.matches(f, value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code ServiceSummary}: no NamespaceId or CreatorRequestId. */
  private static DiscoveryService summary(MeshState s, DiscoveryService d) {
    DiscoveryService c = CloudMapState.withCount(s, d);
    return c.withNamespaceId(null).withCreatorRequestId(null);
  }

  Object delete(RequestContext ctx, ObjectNode input) {
    IdRequest req = ctx.read(input, IdRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    return store.apply(s -> {
      DiscoveryService srv = CloudMapState.service(s, ctx.caller(), req.id());
      if (srv == null) {
        throw CloudMapErrors.serviceNotFound(req.id());
      }
      int instances = CloudMapState.instancesOf(s, srv.id()).size();
      if (instances > 0) {
        throw CloudMapErrors.resourceInUse("The service " + srv.id() + " can't be deleted because it has "
            + instances + " registered instance(s).");
      }
      String user = ecsUser(s, srv);
      if (user != null) {
        throw CloudMapErrors.resourceInUse("The service " + srv.id() + " is used by the Service Connect "
            + "configuration of ECS service " + user + ".");
      }
      return new Outcome<>(CloudMapState.deleteService(s, srv), Map.of());
    });
  }

  /** The ARN of a live ECS service whose deployments use this Cloud Map service (spec 17), or null. */
  static String ecsUser(MeshState s, DiscoveryService srv) {
    for (EcsService svc : s.services().values()) {
      if (EcsService.INACTIVE.equals(svc.status())) {
        continue;
      }
      for (Deployment d : svc.deployments()) {
        if (d.serviceConnectResources() == null) {
          continue;
        }
        for (ServiceConnectServiceResource r : d.serviceConnectResources()) {
          if (srv.arn().equals(r.discoveryArn())) {
            return svc.serviceArn();
          }
        }
      }
    }
    return null;
  }

  Object update(RequestContext ctx, ObjectNode input) {
    UpdateServiceRequest req = ctx.read(input, UpdateServiceRequest.class);
    CloudMapRules.idOrArn(ctx, req.id(), "Id");
    Rules.required(ctx, req.service(), "Service");
    CloudMapRules.description(ctx, req.service().description());
    rejectDnsSettings(ctx, req.service().dnsConfig() != null, req.service().healthCheckConfig() != null);
    return store.apply(s -> {
      DiscoveryService d = CloudMapState.service(s, ctx.caller(), req.id());
      if (d == null) {
        throw CloudMapErrors.serviceNotFound(req.id());
      }
      DiscoveryService updated = d.withDescription(req.service().description()).withInstanceCount(null);
      MeshState next = s.put(MeshState.DISCOVERY_SERVICES, d.id(), updated);
      Made<Operation> op = CloudMapState.addOperation(next, "UPDATE_SERVICE", Map.of("SERVICE", d.id()),
          ctx.now());
      return new Outcome<>(op.state(), new OperationIdResponse(op.value().id()));
    });
  }
}
